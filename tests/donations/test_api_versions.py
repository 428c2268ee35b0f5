"""The ledger on events of the pinned API version and of every version since basil (2025-03-31).

A webhook endpoint receives events in its own API version, not the one our requests pin. Since
basil a PaymentIntent and a Charge no longer name their invoice, and an invoice names its
subscription under parent.subscription_details. Each test runs on both shapes.
"""

import pytest

from donations.models import Donation, MonthlyPledge, StripeEvent
from tests.support.stripe import (
    BASIL,
    CLOVER,
    PINNED,
    event,
    invoice_payment,
    payment_intent,
    post_event,
    refunded_charge,
    subscription_invoice,
    subscription_payment_intent,
)

pytestmark = pytest.mark.django_db

SHAPES = pytest.mark.parametrize("version", [PINNED, BASIL, CLOVER])


def raised(client, page):
    return client.get(f"/donations/totals/{page.pk}/").json()["raised_cents"]


def deliver_monthly_payment(client, version, runner=None, metadata=None, pi_id="pi_month1", invoice_id="in_month1"):
    """What Stripe sends for one paid month, in the order it usually does."""
    post_event(
        client,
        event(
            "payment_intent.succeeded",
            subscription_payment_intent(pi_id, 2500, invoice_id, version),
            api_version=version,
        ),
    )
    invoice = subscription_invoice(invoice_id, "sub_monthly", 2500, pi_id, metadata, version)
    post_event(client, event("invoice.payment_succeeded", invoice, api_version=version))
    post_event(client, event("invoice.paid", invoice, api_version=version))
    if version != PINNED:
        post_event(client, event("invoice_payment.paid", invoice_payment(invoice_id, pi_id, 2500), api_version=version))


@SHAPES
def test_monthly_payment_counts_once_with_its_designation(client, campaign, version):
    runner = campaign["runner"]
    MonthlyPledge.objects.create(
        stripe_subscription_id="sub_monthly", page=runner, amount_cents=2500, donor_name="Ana", donor_email="a@x.org"
    )
    deliver_monthly_payment(client, version)

    donation = Donation.objects.get()
    assert (donation.stripe_payment_id, donation.frequency, donation.page_id) == ("in_month1", "monthly", runner.pk)
    assert raised(client, runner) == 2500
    assert raised(client, campaign["event"]) == 2500


@SHAPES
def test_subscription_made_outside_the_form_keeps_the_designation_of_its_metadata(client, campaign, version):
    runner = campaign["runner"]
    metadata = {"page_id": str(runner.pk), "donor_name": "Sam Outside", "frequency": "monthly"}
    deliver_monthly_payment(client, version, metadata=metadata)

    donation = Donation.objects.get()
    assert (donation.page_id, donation.donor_name, donation.frequency) == (runner.pk, "Sam Outside", "monthly")


@SHAPES
def test_refund_of_a_monthly_payment_finds_it(client, campaign, version):
    runner = campaign["runner"]
    MonthlyPledge.objects.create(stripe_subscription_id="sub_monthly", page=runner, amount_cents=2500)
    deliver_monthly_payment(client, version)

    charge = refunded_charge("pi_month1", 2500, 2500, invoice_id="in_month1", api_version=version)
    response = post_event(client, event("charge.refunded", charge, api_version=version))

    assert response.json()["outcome"] == "refunded"
    assert Donation.objects.get().status == Donation.Status.REFUNDED
    assert Donation.objects.count() == 1
    assert raised(client, runner) == 0


def test_payment_intent_without_frequency_one_time_is_not_a_gift(client, campaign):
    intent = payment_intent("pi_nofreq", 5000, campaign["runner"].pk)
    del intent["metadata"]["frequency"]
    response = post_event(client, event("payment_intent.succeeded", intent, api_version=BASIL))

    assert "not a one-time gift" in response.json()["outcome"]
    assert not Donation.objects.exists()


@SHAPES
def test_one_time_gift_counts_in_every_version(client, campaign, version):
    post_event(
        client,
        event("payment_intent.succeeded", payment_intent("pi_once", 5000, campaign["runner"].pk), api_version=version),
    )

    assert raised(client, campaign["runner"]) == 5000


@SHAPES
def test_an_event_kept_aside_in_an_old_version_is_applied_once_from_the_new_endpoints_copy(client, campaign, version):
    # Two endpoints live during the switch: the same event reaches both, each in its own API version.
    intent = payment_intent("pi_switch", 5000, campaign["runner"].pk)
    old_copy = event("payment_intent.succeeded", intent, event_id="evt_switch", api_version="2019-02-19")
    new_copy = event("payment_intent.succeeded", intent, event_id="evt_switch", api_version=version)

    assert post_event(client, old_copy).json()["outcome"].startswith("error: API version")
    assert post_event(client, new_copy).json()["outcome"] == "recorded"
    assert post_event(client, new_copy).json()["outcome"] == "duplicate"
    assert post_event(client, old_copy).json()["outcome"] == "duplicate"

    assert Donation.objects.get().amount_cents == 5000
    record = StripeEvent.objects.get()
    assert not record.needs_attention and record.api_version == version


@pytest.mark.parametrize("version", ["2017-08-15", "2023-10-16", "2024-09-30.acacia", None])
def test_event_of_an_unknown_api_version_is_not_applied_and_flagged_for_staff(client, campaign, version, caplog):
    evt = event("payment_intent.succeeded", payment_intent("pi_old", 5000, campaign["runner"].pk), api_version=version)
    if version is None:
        del evt["api_version"]
    response = post_event(client, evt)

    assert response.status_code == 200
    assert response.json()["outcome"].startswith("error: API version")
    assert not Donation.objects.exists()
    record = StripeEvent.objects.get()
    assert record.needs_attention
    assert any(r.levelname == "ERROR" and "does not read" in r.getMessage() for r in caplog.records)


def test_staff_see_events_needing_attention_in_the_admin(admin_client, campaign):
    post_event(
        admin_client, event("payment_intent.succeeded", payment_intent("pi_stale", 5000), api_version="2019-02-19")
    )

    listing = admin_client.get("/admin/donations/stripeevent/", {"needs_attention__exact": "1"}).content.decode()
    assert "payment_intent.succeeded" in listing
    assert "2019-02-19" in listing


@SHAPES
def test_partial_refunds_delivered_out_of_order_leave_the_right_amount(client, campaign, version):
    runner = campaign["runner"]
    post_event(
        client, event("payment_intent.succeeded", payment_intent("pi_parts", 10000, runner.pk), api_version=version)
    )
    first = refunded_charge("pi_parts", 10000, 2000, api_version=version)  # $20 back
    second = refunded_charge("pi_parts", 10000, 5000, api_version=version)  # then $30 more

    post_event(client, event("charge.refunded", second, api_version=version))
    post_event(client, event("charge.refunded", first, api_version=version))  # the older one arrives last

    donation = Donation.objects.get()
    assert (donation.amount_cents, donation.refunded_cents, donation.status) == (5000, 5000, "paid")
    assert raised(client, runner) == 5000


def test_a_late_partial_refund_never_brings_a_refunded_gift_back(client, campaign):
    runner = campaign["runner"]
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_full", 10000, runner.pk)))
    post_event(client, event("charge.refunded", refunded_charge("pi_full", 10000, 10000)))
    post_event(client, event("charge.refunded", refunded_charge("pi_full", 10000, 3000)))

    assert Donation.objects.get().status == Donation.Status.REFUNDED
    assert raised(client, runner) == 0


def test_refund_before_its_payment_is_refused_until_stripe_delivers_it_again(client, campaign):
    runner = campaign["runner"]
    refund = event("charge.refunded", refunded_charge("pi_early2", 5000, 5000))

    assert post_event(client, refund).status_code == 409  # nothing kept: Stripe retries it
    assert not StripeEvent.objects.exists()
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_early2", 5000, runner.pk)))
    assert post_event(client, refund).json()["outcome"] == "refunded"

    assert Donation.objects.get().status == Donation.Status.REFUNDED
    assert raised(client, runner) == 0
