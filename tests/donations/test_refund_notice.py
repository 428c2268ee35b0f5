"""The donor is told of each refund the ledger records from Stripe's charge.refunded: once, with what was
refunded, what remains and when the money arrives; a monthly donor is told their monthly gift goes on."""

import uuid

import pytest

from donations.models import Donation, MonthlyPledge, Refund, RefundRequest
from tests.donations.test_api_versions import deliver_monthly_payment
from tests.support.email import assert_branded, sent_mail
from tests.support.stripe import event, payment_intent, post_event, refunded_charge

pytestmark = pytest.mark.django_db


def refund_emails():
    return [message for message in sent_mail() if "is refunded" in message.subject]


def test_a_partial_refund_tells_the_donor_once_what_was_refunded_what_remains_and_when(client, campaign):
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_part", 10000, campaign["runner"].pk)))
    refund = event("charge.refunded", refunded_charge("pi_part", 10000, 2620))

    assert post_event(client, refund).json()["outcome"] == "partly refunded"
    assert post_event(client, refund).json()["outcome"] == "duplicate"  # Stripe delivering it again

    [message] = refund_emails()
    assert message.to == ["jane@example.org"]
    assert message.subject == "$26.20 of your gift to the NEC Society is refunded"
    assert "We have refunded $26.20 USD of your gift of $100 to the NEC Society" in message.body
    assert f"What remains of your gift: $73.80, still given to {campaign['runner'].title}." in message.body
    assert "within 5 to 10 business days" in message.body
    assert "monthly" not in message.body
    # As a mail app shows it: the same words in the organisation's layout as in the plain text.
    assert_branded(message, "We have refunded $26.20 USD", "What remains of your gift: $73.80")
    recorded = Refund.objects.get()
    assert (recorded.amount_cents, recorded.left_cents) == (2620, 7380)
    assert recorded.notice_sent_at is not None
    assert refund_emails() == [message]  # the job run again sends nothing more


def test_a_second_refund_is_told_for_its_own_amount_and_an_older_event_tells_nothing(client, campaign):
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_two", 10000)))
    post_event(client, event("charge.refunded", refunded_charge("pi_two", 10000, 2000)))
    post_event(client, event("charge.refunded", refunded_charge("pi_two", 10000, 10000)))
    post_event(client, event("charge.refunded", refunded_charge("pi_two", 10000, 2000)))  # late, older

    first, second = refund_emails()
    assert "We have refunded $20 USD of your gift of $100" in first.body
    assert "We have refunded $80 USD of your gift of $100" in second.body
    assert "Nothing remains of this gift: it is refunded in full" in second.body
    assert Donation.objects.get().status == Donation.Status.REFUNDED
    assert [r.amount_cents for r in Refund.objects.all()] == [2000, 8000]


def test_refunding_one_monthly_payment_leaves_the_monthly_gift_going(client, campaign):
    pledge = MonthlyPledge.objects.create(
        stripe_subscription_id="sub_monthly",
        page=campaign["runner"],
        amount_cents=2500,
        donor_name="Ana Monthly",
        donor_email="ana@example.org",
    )
    deliver_monthly_payment(client, "2024-06-20")

    refund = refunded_charge("pi_month1", 2500, 2500, invoice_id="in_month1")
    assert post_event(client, event("charge.refunded", refund)).json()["outcome"] == "refunded"

    pledge.refresh_from_db()
    assert pledge.ended_at is None
    [message] = refund_emails()
    assert message.to == ["ana@example.org"]
    assert "Your monthly gift of $25 continues as before: this refund does not end it." in message.body


def test_a_gift_staff_refund_as_fraudulent_tells_no_one(client, campaign, django_user_model):
    """The address on a stolen card's gift may be the thief's: the refund is recorded, nobody is emailed."""
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_stolen", 5000, campaign["runner"].pk)))
    gift = Donation.objects.get(stripe_payment_id="pi_stolen")
    RefundRequest.objects.create(
        token=uuid.uuid4(),
        donation=gift,
        amount_cents=5000,
        reason=RefundRequest.Reason.FRAUDULENT,
        status=RefundRequest.Status.ACCEPTED,
    )

    assert post_event(client, event("charge.refunded", refunded_charge("pi_stolen", 5000, 5000))).json()["outcome"] == (
        "refunded"
    )

    assert refund_emails() == []
    assert Donation.objects.get(pk=gift.pk).status == Donation.Status.REFUNDED
    assert Refund.objects.get().notice_sent_at is None
