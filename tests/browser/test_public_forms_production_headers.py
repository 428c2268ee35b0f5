"""Every public form of the site submitted in Chromium, with production's security middleware, headers
and cookie flags in force (tests/browser/conftest.py): the test client sends no Origin header, so only
a real browser shows what Django's CSRF check makes of the headers these pages send."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.donations.conftest import WEBHOOK_URL, localstripe_url, register_webhook  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_production_headers(response):
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]


def test_family_shares_a_tribute_asks_for_a_change_and_withdraws_it(
    production_served_site, browser_page, close_browser_time_connections, settings, tmp_path
):
    settings.TRIBUTE_FORM_MIN_SECONDS = 1
    photo = tmp_path / "noah.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (120, 160, 200)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    page = browser_page

    response = page.goto(production_served_site.url + "/tributes/share/")
    assert_production_headers(response)
    page.get_by_label("Your baby's name").fill("Noah James")
    page.get_by_label("Honoured: our baby lived", exact=False).check()
    page.get_by_label("Your baby's story").fill("Noah was born at 27 weeks.")
    page.get_by_label("Photos (optional)").set_input_files(str(photo))
    page.get_by_label("Your name", exact=True).fill("Sam Okafor")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_label("Your relationship to the baby").fill("Father")
    page.get_by_label("I am the baby's parent or guardian", exact=False).check()
    page.get_by_label("I agree to the NEC Society publishing", exact=False).check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("h1")).to_have_text("Your tribute for Noah James")
    # The private link stays out of other sites' Referer headers, and out of search engines.
    status = page.request.get(page.url)
    assert status.headers["referrer-policy"] == "same-origin"
    assert "noindex" in status.headers["x-robots-tag"]
    assert page.evaluate("document.referrer === '' || new URL(document.referrer).origin === location.origin")

    page.get_by_label("What would you like us to change?").fill("Please spell his middle name Jaymes.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("main")).to_contain_text("We have received your request")

    page.get_by_role("link", name="Withdraw the tribute…").click()
    page.get_by_role("button", name="Yes, withdraw and delete it").click()
    expect(page.locator("main")).to_contain_text("You withdrew this tribute")


def test_reader_searches_the_site(production_served_site, browser_page):
    page = browser_page
    response = page.goto(production_served_site.url + "/")
    assert_production_headers(response)
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Search the site").fill("marathon")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=marathon"))
    expect(page.locator(".search-results li").first).to_be_visible()


def test_donor_gives_on_a_runner_page(
    production_served_site,
    browser_page,
    close_browser_time_connections,
    settings,
    localstripe_url,  # noqa: F811
):
    from stories.models import RunnerStoryPage

    settings.STRIPE_API_BASE = localstripe_url
    register_webhook(localstripe_url, production_served_site.url + WEBHOOK_URL)
    runner = RunnerStoryPage.objects.live().first()
    page = browser_page
    response = page.goto(production_served_site.url + runner.url)
    assert_production_headers(response)
    giving = page.locator("section.giving")
    giving.get_by_label("$50").check()
    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    card = giving.locator("[data-payment-element]")
    card.get_by_placeholder("number").fill("4242424242424242")
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("31")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("95814")
    giving.get_by_role("button", name="Give").click()
    expect(giving.get_by_text("Thank you for your gift!")).to_be_visible(timeout=15_000)
