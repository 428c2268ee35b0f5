"""What the ledger does with a signed event it cannot apply: text PostgreSQL refuses is cleaned, an
event that still fails is kept aside for staff ("Stripe events needing attention") and answered 2xx
so Stripe stops retrying, and staff try it again once the cause is fixed; a timestamp from the
future is refused like a stale one."""

import json
import time

import pytest

from donations.models import Donation, StripeEvent
from tests.support.stripe import (
    WEBHOOK_URL,
    event,
    freeze_gifts,
    lift_gift_freeze,
    payment_intent,
    post_event,
    sign,
)

pytestmark = pytest.mark.django_db

NEEDING_ATTENTION = "/admin/donations/stripe-events-needing-attention/"


def test_a_nul_in_the_metadata_is_cleaned_and_the_gift_recorded(client, campaign):
    runner = campaign["runner"]
    intent = payment_intent(
        "pi_nul", 5000, runner.pk, donor_name="Jane\u0000 Runner", message="For Mile 7\u0000 and Ava"
    )
    intent["metadata"]["note\u0000"] = "key with a NUL"
    payload = json.dumps(event("payment_intent.succeeded", intent, event_id="evt_nul\u0000"))
    assert "\\u0000" in payload  # as Stripe writes it: JSON's escape, signed like any other text

    response = client.post(
        WEBHOOK_URL, payload.encode(), content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(payload.encode())
    )

    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "recorded"
    donation = Donation.objects.get()
    assert (donation.donor_name, donation.message, donation.amount_cents) == ("Jane Runner", "For Mile 7 and Ava", 5000)
    assert StripeEvent.objects.get().event_id == "evt_nul"
    assert client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"] == 5000


@pytest.mark.parametrize("ahead", [400, 3600])
def test_a_timestamp_from_the_future_is_refused_like_a_stale_one(client, campaign, ahead):
    payload = json.dumps(event("payment_intent.succeeded", payment_intent("pi_future", 5000))).encode()

    response = client.post(
        WEBHOOK_URL,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, timestamp=int(time.time()) + ahead),
    )

    assert response.status_code == 400
    assert not Donation.objects.exists() and not StripeEvent.objects.exists()


def test_a_timestamp_within_the_tolerance_ahead_is_accepted(client, campaign):
    # Clocks differ a little between Stripe and a server: up to 5 minutes either way is fine.
    response = post_event(
        client, event("payment_intent.succeeded", payment_intent("pi_skew", 5000)), timestamp=int(time.time()) + 60
    )
    assert response.status_code == 200 and Donation.objects.count() == 1


@pytest.fixture
def gifts_refused_by_the_database():
    """PostgreSQL refuses every new gift (tests/support/stripe.py `freeze_gifts`) until the operator lifts
    the freeze (the function returned)."""
    freeze_gifts()
    return lift_gift_freeze


def test_an_event_the_ledger_cannot_apply_is_kept_aside_answered_2xx_and_applied_once_when_tried_again(
    admin_client, campaign, gifts_refused_by_the_database
):
    runner = campaign["runner"]
    evt = event("payment_intent.succeeded", payment_intent("pi_frozen", 5000, runner.pk), event_id="evt_frozen")

    response = post_event(admin_client, evt)

    # Stripe is told it arrived (it would otherwise retry for three days and then give up).
    assert response.status_code == 200
    assert "gifts are frozen for the audit" in response.json()["outcome"]
    assert not Donation.objects.exists()
    record = StripeEvent.objects.get()
    assert record.needs_attention and record.payload["id"] == "evt_frozen"
    assert "gifts are frozen for the audit" in record.error

    # Staff see it, with its error, in their list.
    listing = admin_client.get(NEEDING_ATTENTION).content.decode()
    assert "evt_frozen" in listing and "payment_intent.succeeded" in listing
    assert "gifts are frozen for the audit" in listing

    # Tried again before the cause is fixed: still kept aside, nothing recorded.
    response = admin_client.post(NEEDING_ATTENTION, {"event": record.pk}, follow=True)
    assert "could not be applied" in response.content.decode()
    assert not Donation.objects.exists() and StripeEvent.objects.get().needs_attention

    gifts_refused_by_the_database()
    response = admin_client.post(NEEDING_ATTENTION, {"event": record.pk}, follow=True)
    assert "applied" in response.content.decode()
    donation = Donation.objects.get()
    assert (donation.stripe_payment_id, donation.amount_cents, donation.page_id) == ("pi_frozen", 5000, runner.pk)
    record.refresh_from_db()
    assert not record.needs_attention and record.outcome == "recorded" and record.donation == donation
    assert "evt_frozen" not in admin_client.get(NEEDING_ATTENTION).content.decode()

    # Never counted twice: pressed again, or delivered again by Stripe.
    admin_client.post(NEEDING_ATTENTION, {"event": record.pk})
    assert post_event(admin_client, evt).json()["outcome"] == "duplicate"
    assert Donation.objects.count() == 1
    assert admin_client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"] == 5000


def test_stripe_delivering_a_kept_aside_event_again_applies_it_once_fixed(
    client, campaign, gifts_refused_by_the_database
):
    # A staff member may also resend it from Stripe's Dashboard.
    evt = event("payment_intent.succeeded", payment_intent("pi_resent", 2620, campaign["event"].pk))
    assert post_event(client, evt).status_code == 200
    gifts_refused_by_the_database()

    assert post_event(client, evt).json()["outcome"] == "recorded"
    assert post_event(client, evt).json()["outcome"] == "duplicate"
    assert Donation.objects.get().amount_cents == 2620
    assert not StripeEvent.objects.get().needs_attention


def test_staff_who_may_not_change_donations_cannot_try_events_again(client, campaign, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    client.force_login(editor)
    assert client.get(NEEDING_ATTENTION).status_code in (302, 403)
    assert client.post(NEEDING_ATTENTION, {"event": 1}).status_code in (302, 403)


def test_the_dashboard_tells_staff_while_events_need_attention(admin_client, campaign, gifts_refused_by_the_database):
    assert "could not be applied" not in admin_client.get("/admin/").content.decode()
    post_event(admin_client, event("payment_intent.succeeded", payment_intent("pi_told", 5000)))

    dashboard = admin_client.get("/admin/").content.decode()
    assert "1 Stripe event could not be applied" in dashboard and NEEDING_ATTENTION in dashboard
