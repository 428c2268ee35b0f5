"""The giving form step by step, in Chromium with localstripe as Stripe: the honoree's name is asked only
once a dedication is chosen (and is required then), the amount buttons are large enough to tap on a
phone, the trust note stands by the card fields, and a dedicated gift to a past event goes through and
is counted in the event's thanks."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import all_violations
from tests.browser.stripe_card import fill_test_card
from tests.browser.test_donation import runner_page_served  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HONOREE = "Name of the person this gift is dedicated to"


def test_the_honorees_name_is_asked_once_a_dedication_is_chosen_and_is_required_then(
    runner_page_served,  # noqa: F811
    browser_page,
    artifacts_dir,
):
    url, _ = runner_page_served
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(url)
    page.wait_for_selector("[data-payment-element] input")
    giving = page.locator("section.giving")
    honoree = giving.get_by_label(HONOREE)
    expect(honoree).to_be_hidden()
    # One label per person: the donor, the name shown with the gift, the honoree; none just "Name".
    labels = page.evaluate("() => [...document.querySelectorAll('.donation-form label')].map(l => l.innerText.trim())")
    assert "Name" not in labels and "Your name" in labels and HONOREE in labels, labels
    assert all_violations(page) == []

    giving.get_by_label("Dedicate this gift").select_option("memory")
    expect(honoree).to_be_visible()
    expect(honoree).to_have_attribute("required", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert all_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "giving-steps-dedication-375.png"), full_page=True)

    # Left empty, the gift is not sent: the name is asked for under its field.
    giving.get_by_label("$50").check()
    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    fill_test_card(giving)
    giving.get_by_role("button", name="Give").click()
    error = giving.locator('[data-error-for="tribute_name"]')
    expect(error).to_have_text("Enter the name of the person you are honouring or remembering.")
    expect(honoree).to_have_attribute("aria-invalid", "true")
    expect(giving.locator("[data-error-summary]")).to_be_focused()
    assert all_violations(page) == []

    # Changing one's mind: the field and its error go, and nothing is required of it any more.
    giving.get_by_label("Dedicate this gift").select_option("")
    expect(honoree).to_be_hidden()
    assert page.evaluate("document.querySelector('[name=tribute_name]').required") is False
    expect(error).to_have_text("")


@pytest.mark.parametrize("width", [375, 1280])
def test_amount_buttons_are_large_and_the_trust_note_stands_by_the_card_fields(
    runner_page_served,  # noqa: F811
    browser_page,
    width,
):
    url, _ = runner_page_served
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_selector("[data-payment-element] input")
    presets = page.evaluate(
        """() => [...document.querySelectorAll('.donation-form__preset')].map(label => {
            const r = label.getBoundingClientRect(); return {width: r.width, height: r.height, right: r.right};
        })"""
    )
    assert len(presets) == 4
    for preset in presets:
        assert preset["width"] >= 44 and preset["height"] >= 44 and preset["right"] <= width, presets
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    note = page.locator("[data-trust-note]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Payments are processed securely by Stripe")
    expect(note).to_contain_text("501(c)(3)")
    expect(note).to_contain_text("EIN")
    expect(note).to_contain_text("A receipt for your taxes is emailed to you.")
    # Right under the card fields, and what they are described by.
    placed = page.evaluate(
        """() => {
            const card = document.querySelector('[data-payment-element]');
            const note = document.querySelector('[data-trust-note]');
            return {next: card.nextElementSibling === note,
                    gap: note.getBoundingClientRect().top - card.getBoundingClientRect().bottom,
                    described: card.getAttribute('aria-describedby') === note.id};
        }"""
    )
    assert placed["next"] and 0 <= placed["gap"] <= 24 and placed["described"], placed
    assert all_violations(page) == []


def test_a_dedicated_gift_to_a_past_event_goes_through_and_is_counted_in_its_thanks(
    runner_page_served,  # noqa: F811
    browser_page,
    close_browser_time_connections,
    artifacts_dir,
):
    from django.utils import timezone

    from donations.models import Donation

    url, campaign = runner_page_served
    event = campaign["event"]
    event.start = timezone.now() - datetime.timedelta(days=400)
    event.end = event.start + datetime.timedelta(hours=6)
    event.save_revision().publish()
    event_url = "/".join(url.split("/", 3)[:3]) + event.url

    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(event_url)
    thanks = page.locator("[data-event-thanks]")
    expect(thanks).to_contain_text(f"the {event.local_start.year} team ran for NEC research")
    giving = page.locator("section.giving")
    expect(giving.get_by_role("heading", level=2)).to_have_text("Gifts still help NEC research")
    page.wait_for_selector("[data-payment-element] input")
    assert all_violations(page) == []

    giving.get_by_label("$50").check()
    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    giving.get_by_label("Dedicate this gift").select_option("memory")
    giving.get_by_label(HONOREE).fill("Grandpa Joe")
    fill_test_card(giving)
    giving.get_by_role("button", name="Give").click()
    expect(giving.get_by_text("Thank you for your gift!")).to_be_visible(timeout=15_000)
    expect(giving.locator("[data-raised]")).to_have_text("$50", timeout=20_000)

    page.reload()
    expect(page.locator("[data-event-thanks]")).to_contain_text(
        re.compile(rf"the {event.local_start.year} team raised \$50 from 1 gift for NEC research")
    )
    page.screenshot(path=str(artifacts_dir / "giving-past-event-1280.png"), full_page=True)
    gift = Donation.objects.get()
    assert (gift.page_id, gift.tribute_kind, gift.tribute_name) == (event.pk, "memory", "Grandpa Joe")
