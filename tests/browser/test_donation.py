"""A donor gives $50 on a runner's page in Chromium, with localstripe as Stripe, and watches the
runner's progress bar move without reloading the page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.stripe_card import fill_test_card
from tests.support.sites import serve_at
from tests.support.stripe import WEBHOOK_URL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def runner_page_served(settings, localstripe_url, live_server, stripe_webhook, campaign):  # noqa: F811
    settings.STRIPE_API_BASE = localstripe_url
    stripe_webhook(live_server.url + WEBHOOK_URL)
    serve_at(settings, live_server.url)
    return live_server.url + campaign["runner"].url, campaign


def test_donor_completes_a_gift_and_sees_the_runners_progress_bar_move(runner_page_served, browser_page, artifacts_dir):
    url, campaign = runner_page_served
    browser_page.set_viewport_size({"width": 375, "height": 900})
    browser_page.goto(url)
    giving = browser_page.locator("section.giving")
    expect(giving.locator("[data-raised]")).to_have_text("$0")
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 375

    giving.get_by_label("$50").check()
    expect(giving.locator("[data-summary]")).to_have_text("You give $50 once.")
    giving.get_by_label("Monthly").check()
    expect(giving.get_by_text("Charged monthly until you cancel")).to_be_visible()
    giving.get_by_label("One-time").check()
    expect(giving.get_by_text("Charged monthly until you cancel")).to_be_hidden()

    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    giving.get_by_label("A short message").fill("Run strong!")
    fill_test_card(giving)
    expect(giving.locator("[data-summary]")).to_have_text("You give $50 once.")
    giving.get_by_role("button", name="Give").click()

    expect(giving.get_by_text("Thank you for your gift!")).to_be_visible(timeout=15_000)
    # The thanks offers this page's address to share, without the query string.
    share = giving.locator("[data-thanks]").get_by_role("link", name=url.split("?")[0])
    expect(share).to_have_attribute("href", url.split("?")[0])
    # localstripe delivers payment_intent.succeeded to the webhook; the page polls the totals.
    expect(giving.locator("[data-raised]")).to_have_text("$50", timeout=20_000)
    expect(giving.locator("[data-progress-bar]")).to_have_attribute("aria-valuenow", "5")
    expect(giving.locator(".progress__figures")).to_have_text(re.compile(r"from 1 donor\s*$"))
    expect(giving.get_by_role("button", name="Give")).to_be_hidden()
    browser_page.screenshot(path=str(artifacts_dir / "donation-thanks-375.png"), full_page=True)

    # (No ORM query here: under Playwright it would open a connection that outlives the test.)
    browser_page.reload()
    # Recorded with the donor's first name and message, for this runner.
    expect(browser_page.locator("section.giving .donor-list")).to_contain_text(re.compile(r"Maria: .Run strong!"))
    expect(browser_page.locator("[data-raised]")).to_have_text("$50")
    expect(browser_page.locator("body")).not_to_contain_text("Lopez")


def test_amount_errors_are_announced_next_to_the_field(runner_page_served, browser_page):
    url, _ = runner_page_served
    browser_page.goto(url)
    giving = browser_page.locator("section.giving")
    giving.get_by_label("Amount in dollars").fill("2")
    giving.get_by_role("button", name="Give").click()

    error = giving.locator('[data-error-for="amount"]')
    expect(error).to_have_text("Enter an amount between $5 and $25,000.")
    # The summary at the top takes the focus (and is read out); its entry leads back to the field.
    summary = giving.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter an amount between $5 and $25,000.").click()
    expect(giving.get_by_label("Amount in dollars")).to_be_focused()


def test_runner_page_with_the_donation_form_passes_axe(runner_page_served, browser_page):
    url, _ = runner_page_served
    browser_page.goto(url)
    # With localstripe's card inputs mounted (named by their placeholders only; Stripe's own
    # Payment Element is an iframe with labelled fields).
    browser_page.wait_for_selector("[data-payment-element] input")
    assert serious_violations(browser_page) == []
