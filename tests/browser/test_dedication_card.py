"""A donor gives in memory of someone and asks the site to send that person an e-card, in Chromium, with
production's security headers and localstripe delivering signed webhooks to the served demo: the recipient
gets one email (the name shown, the dedication, the message, no amount), a redelivered event sends nothing
more, the address shows nowhere public, and staff see in the gift's record that the card went."""

import json
import re

import pytest
import requests
from django.core import mail
from playwright.sync_api import expect

from donations.models import DedicationCard, Donation, StripeEvent
from tests.browser.axe import serious_violations
from tests.browser.stripe_card import fill_test_card
from tests.support.email import MailAsRead, run_email_worker
from tests.support.servers import wait_until
from tests.support.stripe import WEBHOOK_URL, event, localstripe_call, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
ANA = "ana.ruiz@example.net"


def deliver(base_url, evt):
    payload = json.dumps(evt).encode()
    headers = {"Stripe-Signature": sign(payload), "Content-Type": "application/json"}
    return requests.post(base_url + WEBHOOK_URL, data=payload, headers=headers, timeout=30)


@pytest.fixture
def runner_page(production_served_site, settings, localstripe_url, stripe_webhook):
    from stories.models import RunnerStoryPage

    settings.STRIPE_API_BASE = localstripe_url
    stripe_webhook(production_served_site.url + WEBHOOK_URL)
    return RunnerStoryPage.objects.live().order_by("pk").first()


def open_ecard(giving):
    """Choose a dedication, which brings the e-card's fold, and open it."""
    ecard = giving.locator("[data-ecard]")
    expect(ecard).to_be_hidden()  # no dedication, no e-card
    giving.get_by_label("Dedicate this gift").select_option("memory")
    giving.get_by_label("Name of the person this gift is dedicated to").fill("Grandma Rose")
    ecard.get_by_text("Send an e-card to tell someone (optional)").click()
    expect(giving.get_by_label("Their email")).to_be_visible()
    return ecard


def test_donor_sends_an_ecard_with_a_gift_in_memory_and_the_recipient_gets_it_once(
    runner_page,
    production_served_site,
    browser_page,
    close_browser_time_connections,
    django_user_model,
    localstripe_url,
    artifacts_dir,
):
    base = production_served_site.url
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 900})
    response = page.goto(base + runner_page.url)
    assert response.headers["x-frame-options"] == "DENY"
    giving = page.locator("section.giving")
    giving.get_by_label("$50").check()
    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    giving.get_by_label("Name shown with your gift (optional)").fill("The Lopez family")
    ecard = open_ecard(giving)
    giving.get_by_label("Their name").fill("Ana Ruiz")
    giving.get_by_label("Their email").fill(ANA)
    message = giving.get_by_label("Your message to them (optional)")
    message.fill("Grandma would have loved this. Thinking of you, Maria")
    expect(ecard.locator("[data-ecard-count]")).to_have_text("Up to 500 characters: 447 left.")
    giving.locator("[data-dedication]").screenshot(path=str(artifacts_dir / "ecard.png"))

    # Bad input: an address that is not one, a message too long. Each is said beside its field; nothing is made.
    giving.get_by_label("Their email").fill("ana@")
    message.fill("x" * 501)
    expect(ecard.locator("[data-ecard-count]")).to_have_text("Up to 500 characters: 1 too many.")
    fill_test_card(giving)
    giving.get_by_role("button", name="Give").click()
    expect(giving.locator('[data-error-for="ecard_email"]')).to_have_text(
        "Enter their email address as name@example.org, so that the card reaches them."
    )
    expect(giving.locator('[data-error-for="ecard_message"]')).to_have_text(
        "Keep your message to 500 characters: it has 501."
    )
    expect(giving.locator("[data-error-summary]")).to_be_focused()
    assert not DedicationCard.objects.exists() and not Donation.objects.exists()

    giving.get_by_label("Their email").fill(ANA)
    message.fill("Grandma would have loved this. Thinking of you, Maria")
    expect(ecard.locator("[data-ecard-count]")).to_have_text("Up to 500 characters: 447 left.")
    giving.get_by_role("button", name="Give").click()
    expect(giving.get_by_text("Thank you for your gift!")).to_be_visible(timeout=15_000)
    expect(giving.get_by_text("We will email your e-card to Ana Ruiz once your payment is confirmed.")).to_be_visible()

    # localstripe says the money moved; the webhook records the gift and queues the card.
    assert wait_until(lambda: DedicationCard.objects.filter(donation__isnull=False).exists(), seconds=20)
    run_email_worker()
    [card] = [email for email in mail.outbox if email.to == [ANA]]
    assert card.subject == "The Lopez family made a gift to the NEC Society in memory of Grandma Rose"
    assert "Dear Ana Ruiz," in card.body
    assert "The Lopez family has made a gift to the NEC Society in memory of Grandma Rose" in card.body
    assert "Grandma would have loved this. Thinking of you, Maria" in card.body
    assert "$" not in card.body and "50" not in card.subject and "Maria Lopez" not in card.body
    # The card as Ana's mail app shows it: the organisation's layout, the same words, no amount.
    reader = page.context.browser.new_page(viewport={"width": 600, "height": 800})
    reader.set_content(MailAsRead(card).html)
    expect(reader.get_by_text("Dear Ana Ruiz,")).to_be_visible()
    expect(reader.get_by_text("Grandma would have loved this. Thinking of you, Maria")).to_be_visible()
    assert "$" not in reader.inner_text("body")
    reader.screenshot(path=str(artifacts_dir / "ecard-email.png"), full_page=True)
    reader.close()

    # Stripe delivers the event again, and the payment under another event: nothing more is sent.
    donation = Donation.objects.get()
    intent = localstripe_call(localstripe_url, f"/v1/payment_intents/{donation.stripe_payment_id}")
    recorded = StripeEvent.objects.get(type="payment_intent.succeeded", donation=donation)
    again = deliver(base, event("payment_intent.succeeded", intent, event_id=recorded.event_id))
    assert again.json()["outcome"] == "duplicate"
    assert deliver(base, event("payment_intent.succeeded", intent)).json()["outcome"] == "already recorded"
    run_email_worker()
    assert [email for email in mail.outbox if email.to == [ANA]] == [card]

    # The address is nowhere public: the page, its live totals.
    page.reload()
    expect(page.locator("section.giving .donor-list")).to_contain_text("The Lopez family")
    totals = page.request.get(f"{base}/donations/totals/{runner_page.pk}/").text()
    for public in (page.content(), totals):
        assert ANA not in public and "Ana Ruiz" not in public and "Thinking of you, Maria" not in public

    # Staff see in the gift's record that the card went (to whom, the address masked), and not in the export.
    django_user_model.objects.create_superuser("robin", "robin@necsociety.org", PASSWORD)
    staff = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    admin.goto(base + "/admin/login/")
    admin.get_by_label("Username").fill("robin")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(base + "/admin/")
    admin.goto(f"{base}/admin/donations/donation/inspect/{donation.pk}/")
    record = admin.locator("main")
    expect(record).to_contain_text("Ana Ruiz (a•••@example.net)")
    expect(record).to_contain_text(re.compile(r"Sent on \w+"))
    assert ANA not in admin.content()
    export = admin.request.get(base + "/admin/donations/donation/?export=csv").text()
    assert "Grandma Rose" in export and "maria@example.org" in export  # the donor's own row, for staff
    assert ANA not in export and "Ana Ruiz" not in export and "Thinking of you, Maria" not in export
    staff.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_form_with_the_ecard_open_passes_axe(runner_page, production_served_site, browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(production_served_site.url + runner_page.url)
    giving = page.locator("section.giving")
    page.wait_for_selector("[data-payment-element] input")
    open_ecard(giving)
    giving.get_by_label("Their email").fill("ana@")
    giving.get_by_role("button", name="Give").click()  # with its errors showing too
    expect(giving.locator('[data-error-for="ecard_name"]')).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
