"""Staff try a Stripe event again from "Stripe events needing attention", in Chromium under production's
security headers: the admin's form posts with the browser's own Origin and CSRF cookie."""

import json

import pytest
import requests

from donations.models import Donation, StripeEvent
from tests.support.stripe import WEBHOOK_URL, event, freeze_gifts, lift_gift_freeze, payment_intent, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def deliver(base_url, evt):
    payload = json.dumps(evt).encode()
    headers = {"Stripe-Signature": sign(payload), "Content-Type": "application/json"}
    return requests.post(base_url + WEBHOOK_URL, data=payload, headers=headers, timeout=30)


def test_staff_try_a_kept_aside_event_again_and_the_gift_is_recorded_once(
    production_served_site, browser_page, close_browser_time_connections, django_user_model
):
    from stories.models import RunnerStoryPage

    base = production_served_site.url
    runner = RunnerStoryPage.objects.live().first()
    django_user_model.objects.create_superuser("robin", "robin@necsociety.org", PASSWORD)
    freeze_gifts()  # an audit freeze: PostgreSQL refuses every new gift
    evt = event("payment_intent.succeeded", payment_intent("pi_kept", 5000, runner.pk), event_id="evt_kept")
    assert deliver(base, evt).status_code == 200  # Stripe stops retrying
    assert not Donation.objects.exists()

    page = browser_page
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")
    page.goto(base + "/admin/donations/stripe-events-needing-attention/")
    assert "gifts are frozen for the audit" in page.content()

    lift_gift_freeze()  # the operator lifts the freeze
    page.get_by_role("button", name="Try event evt_kept again").click()
    page.wait_for_load_state()

    assert page.url.startswith(base + "/admin/donations/stripe-events-needing-attention/")
    assert "applied" in page.content()
    page.reload()  # the list no longer holds it
    assert "evt_kept" not in page.content()
    donation = Donation.objects.get()
    assert (donation.stripe_payment_id, donation.amount_cents, donation.page_id) == ("pi_kept", 5000, runner.pk)
    assert not StripeEvent.objects.get(event_id="evt_kept").needs_attention
    assert deliver(base, evt).json()["outcome"] == "duplicate"  # Stripe delivering it again counts nothing
    assert Donation.objects.count() == 1
