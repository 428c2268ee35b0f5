"""A monthly donor manages their gift in Chromium with the keyboard alone, localstripe as Stripe:
change the amount and what it supports, ask for their link by email, put in a new card (localstripe's
card element), end the gift; axe finds no violation on the page, with its errors or its card form."""

import re

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from donations.donor_links import manage_path
from donations.models import Donation, MonthlyPledge
from tests.browser.axe import all_violations
from tests.browser.test_keyboard_forms import assert_focused, tab_to
from tests.support.email import run_email_worker
from tests.support.servers import wait_until
from tests.support.sites import serve_at
from tests.support.stripe import WEBHOOK_URL, card_token, gift_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def manage_page_served(settings, localstripe_url, live_server, stripe_webhook, campaign):  # noqa: F811
    settings.STRIPE_API_BASE = localstripe_url
    stripe_webhook(live_server.url + WEBHOOK_URL)
    serve_at(settings, live_server.url)
    response = Client().post(
        "/donations/start/",
        gift_form(campaign["runner"], payment_token=card_token(localstripe_url), frequency="monthly"),
    )
    pledge = MonthlyPledge.objects.get(stripe_subscription_id=response.json()["subscription"])
    assert wait_until(lambda: Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id).exists())
    return live_server.url + manage_path(pledge)


def test_donor_manages_the_monthly_gift_with_the_keyboard_alone(manage_page_served, browser_page, artifacts_dir):
    page = browser_page
    page.goto(manage_page_served)
    expect(page.locator("[data-amount]")).to_have_text("$50 a month")
    expect(page.get_by_role("table")).to_contain_text("Runner0 Name")
    page.wait_for_selector("[data-payment-element] input")
    assert all_violations(page) == []

    # A refused amount: the error summary takes the focus and leads back to the field.
    tab_to(page, "input[name=amount]")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("The smallest gift we can accept online is $5.")
    assert_focused(page, ".error-summary")
    assert all_violations(page) == []
    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert_focused(page, "input[name=amount]")

    page.keyboard.press("Control+A")
    page.keyboard.type("75")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your new amount is on its way")
    # Stripe's webhook confirms it; the page then shows it.
    for _ in range(40):
        page.reload()
        if page.locator("[data-amount]").inner_text() == "$75 a month":
            break
        page.wait_for_timeout(250)
    expect(page.locator("[data-amount]")).to_have_text("$75 a month")

    # What it supports: the runner's event, one up the list (a closed select moves with the arrow keys).
    tab_to(page, "select[name=page_id]")
    page.keyboard.press("ArrowUp")
    expect(page.locator("select[name=page_id] option:checked")).to_have_text("California International Marathon")
    tab_to(page, "form[action$='/designation/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your new designation is on its way")
    for _ in range(40):
        page.reload()
        if page.locator("[data-designation]").inner_text() == "California International Marathon":
            break
        page.wait_for_timeout(250)
    expect(page.locator("[data-designation]")).to_have_text("California International Marathon")

    # A new link by email, from the page's own "ask for a new link".
    manage_url = page.url.split("?")[0]
    tab_to(page, "a[href='/donations/monthly/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage your monthly gift")
    assert all_violations(page) == []
    tab_to(page, "input[name=email]")
    page.keyboard.type("jane@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("If this address gives monthly, we have emailed it")
    mail.outbox.clear()
    run_email_worker()
    [links] = [message for message in mail.outbox if "link to manage" in message.subject]
    token_path = re.search(r"(/donations/monthly/[^/\s]+/)", links.body).group(1)
    page.goto(page.url.split("/donations/")[0] + token_path)
    expect(page.locator("[data-designation]")).to_have_text("California International Marathon")
    page.goto(manage_url)

    # A new card, typed into localstripe's card element.
    page.wait_for_selector("[data-payment-element] input")
    card = {"number": "5555555555554444", "exp_month": "12", "exp_year": "32", "cvc": "123", "postal_code": "95814"}
    for placeholder, value in card.items():
        tab_to(page, f"[data-payment-element] input[placeholder={placeholder}]")
        page.keyboard.type(value)
    tab_to(page, "[data-card-submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your new card is saved", timeout=15_000)
    for _ in range(40):
        page.reload()
        if "Visa ending 4444" in page.locator(".monthly-gift__facts").inner_text():
            break
        page.wait_for_timeout(250)
    expect(page.locator(".monthly-gift__facts")).to_contain_text("Visa ending 4444")
    page.screenshot(path=str(artifacts_dir / "monthly-gift-manage.png"), full_page=True)

    # End it: a confirmation page, then the gift ends.
    tab_to(page, "a[href$='/cancel/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("End your monthly gift?")
    assert all_violations(page) == []
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your monthly gift is being ended")
    for _ in range(40):
        page.reload()
        if "This monthly gift ended on" in page.content():
            break
        page.wait_for_timeout(250)
    expect(page.locator("main")).to_contain_text(re.compile(r"This monthly gift ended on \w+ \d+, \d{4}"))
    expect(page.locator("input[name=amount]")).to_have_count(0)
    assert all_violations(page) == []
