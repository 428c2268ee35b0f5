"""The webhook ledger against signed payloads built like Stripe's."""

import json
import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ReferenceIndex

from donations.models import Donation, DonationSettings, MonthlyPledge, StripeEvent
from tests.support.email import assert_branded, run_email_worker
from tests.support.stripe import WEBHOOK_URL, event, payment_intent, post_event, sign, subscription_payment_intent

pytestmark = pytest.mark.django_db
# The email worker commits and recycles its connection, as in production: those tests commit too.
WITH_WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def totals(client, page):
    return client.get(f"/donations/totals/{page.pk}/").json()


def test_payment_intent_succeeded_records_the_gift_for_its_page(client, campaign):
    runner = campaign["runner"]
    response = post_event(client, event("payment_intent.succeeded", payment_intent("pi_one", 5000, runner.pk)))

    assert response.status_code == 200
    donation = Donation.objects.get()
    assert (donation.stripe_payment_id, donation.amount_cents, donation.page_id) == ("pi_one", 5000, runner.pk)
    assert donation.rollup_page_id == campaign["event"].pk
    assert totals(client, runner)["raised_cents"] == 5000


def test_a_gift_is_recorded_in_few_queries_and_is_not_listed_as_a_usage_of_its_page(client, campaign):
    """Gifts are ledger records: a page's "Usage" in the admin does not list them, and recording one
    costs no work for Wagtail's reference index (it was half of every webhook's time)."""
    runner = campaign["runner"]
    post_event(client, event("payment_intent.succeeded", payment_intent(amount=5000, page_id=runner.pk)))
    with CaptureQueriesContext(connection) as queries:
        response = post_event(client, event("payment_intent.succeeded", payment_intent(amount=7000, page_id=runner.pk)))
    assert response.status_code == 200 and Donation.objects.count() == 2
    assert not [query for query in queries if "wagtailcore_referenceindex" in query["sql"]]
    # The gift, the emails queued, the runner's gifts counted under their page's lock, and the event written
    # once, with its outcome, last: a gift that crosses no milestone ($120 of a $1,000 goal) looks none up.
    assert len(queries) <= 9, [query["sql"][:120] for query in queries]
    ledger_rows = [query["sql"].split()[0] for query in queries if '"donations_stripeevent"' in query["sql"]]
    assert ledger_rows == ["INSERT"]
    assert StripeEvent.objects.order_by("-pk").values_list("outcome", "donation__amount_cents").first() == (
        "recorded",
        7000,
    )
    assert not [query for query in queries if "stories_runnermilestone" in query["sql"]]
    assert not ReferenceIndex.get_references_to(runner).filter(content_type__model="donation").exists()


@pytest.mark.parametrize("page", ["event", "tribute"])
def test_a_gift_to_a_page_that_is_not_a_runners_counts_no_runner(client, campaign, page):
    """A runner's milestones cost a gift to the event or a tribute no query (race day's webhooks are many)."""
    designation = campaign[page]
    post_event(client, event("payment_intent.succeeded", payment_intent(amount=5000, page_id=designation.pk)))
    with CaptureQueriesContext(connection) as queries:
        response = post_event(
            client, event("payment_intent.succeeded", payment_intent(amount=7000, page_id=designation.pk))
        )
    assert response.status_code == 200
    assert Donation.objects.counted().for_page(designation.pk).totals()["raised_cents"] == 12000
    assert not [query for query in queries if "stories_runner" in query["sql"]], [q["sql"][:120] for q in queries]
    assert len(queries) <= 8, [query["sql"][:120] for query in queries]
    # The donor's receipt is queued for each gift; a notice only where someone may be told (a tribute's
    # family), none that would find nobody to tell.
    queued = list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", flat=True))
    receipts = ["donations.emails.send_receipt"] * 2
    notices = ["donations.emails.send_designation_notice"] * 2 if page == "tribute" else []
    assert sorted(queued) == sorted(receipts + notices)


def test_replayed_webhook_records_one_donation(client, campaign):
    evt = event("payment_intent.succeeded", payment_intent("pi_replayed", 2620, campaign["runner"].pk))
    outcomes = [post_event(client, evt).json()["outcome"] for _ in range(3)]

    assert outcomes == ["recorded", "duplicate", "duplicate"]
    assert Donation.objects.count() == 1
    assert StripeEvent.objects.filter(event_id=evt["id"]).count() == 1
    # A refused delivery leaves nothing behind: one receipt queued.
    assert DBTaskResult.objects.filter(task_path="donations.emails.send_receipt").count() == 1
    assert totals(client, campaign["runner"])["raised_cents"] == 2620


def test_same_payment_under_a_different_event_id_records_one_donation(client, campaign):
    intent = payment_intent("pi_twice", 10000, campaign["event"].pk)
    post_event(client, event("payment_intent.succeeded", intent))
    second = post_event(client, event("payment_intent.succeeded", intent)).json()["outcome"]

    assert second == "already recorded"
    assert Donation.objects.count() == 1
    assert StripeEvent.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path="donations.emails.send_receipt").count() == 1
    assert totals(client, campaign["event"])["raised_cents"] == 10000


@pytest.mark.parametrize(
    "signature",
    [None, "t={now},v1=" + "0" * 64, "forged-by-secret", "stale"],
    ids=["missing", "wrong-signature", "wrong-secret", "older-than-300s"],
)
def test_unsigned_forged_or_stale_events_are_refused_and_change_nothing(client, campaign, signature):
    payload = json.dumps(event("payment_intent.succeeded", payment_intent("pi_forged", 5000))).encode()
    headers = {}
    if signature == "forged-by-secret":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload, secret="whsec_someone_else")
    elif signature == "stale":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload, timestamp=int(time.time()) - 301)
    elif signature:
        headers["HTTP_STRIPE_SIGNATURE"] = signature.format(now=int(time.time()))

    response = client.post(WEBHOOK_URL, payload, content_type="application/json", **headers)

    assert response.status_code == 400
    assert not Donation.objects.exists()
    assert not StripeEvent.objects.exists()


def test_a_tampered_body_with_a_valid_signature_header_is_refused(client):
    payload = json.dumps(event("payment_intent.succeeded", payment_intent("pi_tamper", 500))).encode()
    header = sign(payload)
    tampered = payload.replace(b"500", b"50000")

    response = client.post(WEBHOOK_URL, tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)

    assert response.status_code == 400
    assert not Donation.objects.exists()
    assert not StripeEvent.objects.exists()


def test_refund_takes_the_gift_out_of_totals(client, campaign):
    runner = campaign["runner"]
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_refund", 5000, runner.pk)))
    charge = {"id": "ch_1", "object": "charge", "amount": 5000, "amount_refunded": 5000, "refunded": True}
    post_event(client, event("charge.refunded", {**charge, "payment_intent": "pi_refund", "currency": "usd"}))

    donation = Donation.objects.get()
    assert donation.status == Donation.Status.REFUNDED
    assert totals(client, runner)["raised_cents"] == 0
    assert totals(client, campaign["event"])["raised_cents"] == 0


@WITH_WORKER
def test_refund_arriving_before_its_payment_ends_refunded(client, campaign):
    runner = campaign["runner"]
    charge = {
        "id": "ch_early",
        "object": "charge",
        "amount": 5000,
        "amount_refunded": 5000,
        "refunded": True,
        "payment_intent": "pi_early",
        "currency": "usd",
        "metadata": {"page_id": str(runner.pk)},
    }
    refund = event("charge.refunded", charge)
    assert post_event(client, refund).status_code == 409  # too early: Stripe delivers it again
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_early", 5000, runner.pk)))
    post_event(client, refund)  # Stripe's next attempt
    run_email_worker()

    donation = Donation.objects.get()
    assert donation.status == Donation.Status.REFUNDED
    assert donation.donor_name == "Jane Runner"
    assert totals(client, runner)["raised_cents"] == 0
    # The receipt was queued with the gift, before the refund was known; it is not sent for money given back.
    # The donor is told of the refund itself, once.
    assert [message.subject for message in mail.outbox] == ["$50 of your gift to the NEC Society is refunded"]


def test_partial_refund_lowers_the_amount_counted(client, campaign):
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_part", 10000, campaign["runner"].pk)))
    charge = {"id": "ch_p", "amount": 10000, "amount_refunded": 2500, "refunded": False, "payment_intent": "pi_part"}
    post_event(client, event("charge.refunded", charge))

    assert totals(client, campaign["runner"])["raised_cents"] == 7500


def test_monthly_payment_is_counted_once_by_its_invoice_not_again_by_its_payment_intent(client, campaign):
    runner = campaign["runner"]
    MonthlyPledge.objects.create(
        stripe_subscription_id="sub_1", page=runner, amount_cents=2500, donor_name="Ana Mile", donor_email="a@x.org"
    )
    invoice = {
        "id": "in_1",
        "object": "invoice",
        "subscription": "sub_1",
        "amount_paid": 2500,
        "currency": "usd",
        "customer": "cus_1",
        "payment_intent": "pi_of_invoice",
    }
    post_event(client, event("payment_intent.succeeded", subscription_payment_intent("pi_of_invoice", 2500, "in_1")))
    post_event(client, event("invoice.payment_succeeded", invoice))
    post_event(client, event("invoice.paid", invoice))

    donation = Donation.objects.get()
    assert (donation.stripe_payment_id, donation.frequency, donation.page_id) == ("in_1", "monthly", runner.pk)
    assert totals(client, runner)["raised_cents"] == 2500


def test_failed_payment_records_no_gift(client, campaign):
    failed = {**payment_intent("pi_failed", 5000), "status": "requires_payment_method"}
    failed["last_payment_error"] = {"message": "Your card was declined."}
    response = post_event(client, event("payment_intent.payment_failed", failed))

    assert response.status_code == 200
    assert not Donation.objects.exists()
    assert StripeEvent.objects.get().outcome.startswith("payment failed")


def test_unknown_events_are_acknowledged_and_ignored(client):
    response = post_event(client, event("customer.updated", {"id": "cus_1", "object": "customer"}))

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert not Donation.objects.exists()


def test_deleted_subscription_ends_the_monthly_gift(client):
    pledge = MonthlyPledge.objects.create(stripe_subscription_id="sub_end", amount_cents=1000)
    response = post_event(client, event("customer.subscription.deleted", {"id": "sub_end", "object": "subscription"}))

    assert response.json()["outcome"].startswith("monthly gift ended")
    pledge.refresh_from_db()
    assert pledge.ended_at is not None
    assert not Donation.objects.exists()


def test_gift_to_a_page_that_cannot_take_gifts_goes_to_the_general_fund(client, campaign):
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_home", 5000, campaign["home"].pk)))

    assert Donation.objects.get().page is None


@WITH_WORKER
def test_recorded_gift_sends_one_receipt_with_what_the_tax_office_needs(client, campaign):
    evt = event("payment_intent.succeeded", payment_intent("pi_receipt", 26200, campaign["runner"].pk))
    post_event(client, evt)
    post_event(client, evt)
    post_event(client, event("payment_intent.succeeded", evt["data"]["object"]))  # same payment, new event id
    assert mail.outbox == []  # the webhook only queues it
    run_email_worker()

    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["jane@example.org"]
    assert "$262" in receipt.body
    assert "47-4458280" in receipt.body  # the EIN
    assert campaign["runner"].title in receipt.body
    assert "No goods or services were provided" in receipt.body
    assert_branded(receipt, "$262", "47-4458280", campaign["runner"].title, "No goods or services were provided")


@WITH_WORKER
def test_receipt_of_a_gift_whose_donor_covered_the_fee_shows_the_gift_the_fee_and_the_total(client, campaign):
    """$25 chosen, $1.20 added to cover Stripe's fee, $26.20 charged; the donor's name stays text, and the
    dedication's notice to staff comes in the same layout."""
    hostile = 'Ana <script>alert("x")</script> & Bo'
    donation_settings = DonationSettings.load()
    donation_settings.notify_families = True  # staff are told of dedications, to pass on to the family
    donation_settings.save()
    intent = payment_intent(
        "pi_fee",
        2620,
        campaign["runner"].pk,
        donor_name=hostile,
        fee_cents="120",
        tribute_kind="memory",
        tribute_name="Lily <b>Rose</b>",
    )
    post_event(client, event("payment_intent.succeeded", intent))
    run_email_worker()

    receipt = next(message for message in mail.outbox if message.to == ["jane@example.org"])
    mail_as_read = assert_branded(
        receipt,
        f"Dear {hostile},",
        "Gift: $25 USD Processing fee you covered: $1.20 USD Total charged: $26.20 USD",
        "In memory of: Lily <b>Rose</b>",
        f"Designation: {campaign['runner'].title}",
    )
    assert "Amount:" not in receipt.body
    assert "<script>" not in mail_as_read.html and "&lt;script&gt;" in mail_as_read.html
    assert "Lily &lt;b&gt;Rose&lt;/b&gt;" in mail_as_read.html
    (notice,) = [message for message in mail.outbox if message.to == ["hello@necsociety.org"]]
    notice_as_read = assert_branded(notice, "A gift was made in memory of Lily <b>Rose</b>", f"From: {hostile}")
    assert "$" not in notice_as_read.text and "<script>" not in notice_as_read.html


@WITH_WORKER
def test_receipt_of_a_gift_without_a_covered_fee_shows_its_amount_only(client, campaign):
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_nofee", 2620, campaign["runner"].pk)))
    run_email_worker()

    (receipt,) = mail.outbox
    assert_branded(receipt, "Amount: $26.20 USD", "Dear Jane Runner,")
    assert "Processing fee" not in receipt.body and "Total charged" not in receipt.body


@WITH_WORKER
@pytest.mark.parametrize(("asked_on_the_manage_page", "reason"), [(False, "other"), (True, "donor")])
def test_a_gift_cancelled_by_staff_in_stripe_is_not_said_to_be_the_donors_wish(
    client, asked_on_the_manage_page, reason
):
    """Stripe says "cancellation_requested" for a cancellation made in its Dashboard too: only the donor's own
    request on their manage page makes it theirs."""
    pledge = MonthlyPledge.objects.create(
        stripe_subscription_id="sub_staff",
        amount_cents=1000,
        donor_email="monthly@example.org",
        cancel_requested_at=timezone.now() if asked_on_the_manage_page else None,
    )
    cancelled = {
        "id": "sub_staff",
        "object": "subscription",
        "status": "canceled",
        "cancellation_details": {"reason": "cancellation_requested", "comment": None, "feedback": None},
    }
    post_event(client, event("customer.subscription.deleted", cancelled))

    pledge.refresh_from_db()
    assert pledge.end_reason == reason
    run_email_worker()
    [ended] = mail.outbox
    assert "has ended" in ended.body
    assert ("as you asked" in ended.body) is asked_on_the_manage_page
    assert_branded(ended, "Your monthly gift of $10 has ended", "Nothing more will be charged.")


def test_a_renewals_subscription_update_is_recorded_once_without_asking_stripe(client, stripe_unreachable):
    """Each month Stripe moves the subscription's period: no change of the donor's, nothing to read back
    (Stripe is unreachable here: reading it would make the event wait)."""
    pledge = MonthlyPledge.objects.create(stripe_subscription_id="sub_renewed", amount_cents=5000)
    renewal = event(
        "customer.subscription.updated",
        {"id": "sub_renewed", "object": "subscription", "status": "active", "metadata": {}},
    )
    renewal["data"]["previous_attributes"] = {"current_period_end": 1767225600, "current_period_start": 1764547200}

    first = post_event(client, renewal)
    assert first.status_code == 200 and first.json()["outcome"].startswith("no change to the monthly gift")
    assert post_event(client, renewal).json()["outcome"] == "duplicate"
    assert StripeEvent.objects.filter(event_id=renewal["id"]).count() == 1
    assert MonthlyPledge.objects.get(pk=pledge.pk).amount_cents == 5000

    # A change of the donor's is read back from Stripe: unreachable, the event waits and nothing is kept.
    change = event("customer.subscription.updated", {"id": "sub_renewed", "object": "subscription", "metadata": {}})
    change["data"]["previous_attributes"] = {"metadata": {"page_id": "12"}}
    assert post_event(client, change).status_code == 409
    assert not StripeEvent.objects.filter(event_id=change["id"]).exists()
