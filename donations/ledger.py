"""Turns verified Stripe events into Donations, exactly once, in whatever order they arrive.

Two unique constraints carry the guarantee: StripeEvent.event_id (a replayed event is a no-op)
and Donation.stripe_payment_id (the same payment under another event id finds its Donation).
Everything for one event happens in one transaction.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from .emails import send_gift_emails
from .models import Donation, Frequency, MonthlyPledge, StripeEvent, is_designatable

logger = logging.getLogger(__name__)


def record_event(event):
    """Apply one Stripe event (a dict). Returns the outcome, e.g. 'recorded', 'duplicate'."""
    event_type = event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event["id"], type=event_type, object_id=str(obj.get("id", ""))[:255]
                )
        except IntegrityError:
            logger.info("Stripe event %s already processed", event["id"])
            return "duplicate"
        handler = HANDLERS.get(event_type)
        if handler is None:
            logger.info("Stripe event %s of type %s ignored", event["id"], event_type)
            outcome, donation = "ignored", None
        else:
            outcome, donation = handler(obj)
        record.outcome, record.donation = outcome, donation
        record.save(update_fields=["outcome", "donation"])
    return outcome


def _timestamp(value):
    if not value:
        return timezone.now()
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def _designation(page_id):
    """The page a gift is for, or None (the general fund) if it is missing or not designatable."""
    if not str(page_id or "").isdigit():
        return None
    page = Page.objects.filter(pk=int(page_id)).first()
    if page is None or not is_designatable(page):
        logger.warning("Gift designated to page %s, which cannot take gifts: general fund", page_id)
        return None
    return page


def _gift_fields(metadata):
    """Donor details from the metadata the donation form set on the payment."""
    return {
        "page": _designation(metadata.get("page_id")),
        "donor_name": (metadata.get("donor_name") or "")[:120],
        "donor_email": (metadata.get("donor_email") or "")[:254],
        "display_name": (metadata.get("display_name") or "")[:60],
        "is_anonymous": metadata.get("anonymous") == "true",
        "message": (metadata.get("message") or "")[:280],
        "tribute_kind": metadata.get("tribute_kind") if metadata.get("tribute_kind") in ("honour", "memory") else "",
        "tribute_name": (metadata.get("tribute_name") or "")[:120],
        "fee_covered_cents": int(metadata["fee_cents"]) if str(metadata.get("fee_cents", "")).isdigit() else 0,
    }


def _record_paid(payment_id, fields):
    """Create the Donation for a payment, or complete the one a refund created first."""
    try:
        with transaction.atomic():
            donation = Donation.objects.create(
                stripe_payment_id=payment_id, status=Donation.Status.PAID, source=Donation.Source.STRIPE, **fields
            )
    except IntegrityError:
        # Another event for the same payment got there first (a replay under a new id, or a refund).
        donation = Donation.objects.select_for_update().get(stripe_payment_id=payment_id)
        changed = [name for name, value in fields.items() if value and not getattr(donation, name)]
        for name in changed:
            setattr(donation, name, fields[name])
        if changed:
            donation.save()
        return "already recorded", donation
    _after_commit_receipt(donation)
    return "recorded", donation


def _after_commit_receipt(donation):
    transaction.on_commit(lambda: send_gift_emails(donation.pk))


def payment_intent_succeeded(intent):
    if intent.get("invoice"):
        # A monthly payment: its invoice.paid event records it; counting the PaymentIntent too would double it.
        return "part of an invoice", None
    fields = _gift_fields(intent.get("metadata") or {})
    fields.update(
        amount_cents=int(intent.get("amount_received") or intent["amount"]),
        currency=intent.get("currency") or "usd",
        stripe_customer_id=intent.get("customer") or "",
        frequency=Frequency.ONE_TIME,
        received_at=_timestamp(intent.get("created")),
    )
    return _record_paid(intent["id"], fields)


def _invoice_subscription(invoice):
    if invoice.get("subscription"):
        return invoice["subscription"]
    parent = invoice.get("parent") or {}
    return (parent.get("subscription_details") or {}).get("subscription")


def invoice_paid(invoice):
    subscription_id = _invoice_subscription(invoice)
    if not subscription_id:
        return "not a monthly gift", None
    amount = invoice.get("amount_paid") or invoice.get("total") or 0
    if amount <= 0:
        return "nothing paid", None
    pledge = MonthlyPledge.objects.filter(stripe_subscription_id=subscription_id).first()
    if pledge is not None:
        fields = {
            "page": pledge.page,
            "donor_name": pledge.donor_name,
            "donor_email": pledge.donor_email,
            "display_name": pledge.display_name,
            "is_anonymous": pledge.is_anonymous,
            "message": pledge.message,
            "tribute_kind": pledge.tribute_kind,
            "tribute_name": pledge.tribute_name,
            "fee_covered_cents": pledge.fee_covered_cents,
        }
    else:
        # A subscription made outside the form: Stripe copies its metadata onto the invoice.
        metadata = ((invoice.get("subscription_details") or {}).get("metadata")) or invoice.get("metadata") or {}
        fields = _gift_fields(metadata)
    fields.update(
        amount_cents=int(amount),
        currency=invoice.get("currency") or "usd",
        stripe_customer_id=invoice.get("customer") or "",
        stripe_subscription_id=subscription_id,
        frequency=Frequency.MONTHLY,
        received_at=_timestamp((invoice.get("status_transitions") or {}).get("paid_at") or invoice.get("created")),
    )
    if not fields["donor_email"]:
        fields["donor_email"] = invoice.get("customer_email") or ""
    return _record_paid(invoice["id"], fields)


def charge_refunded(charge):
    payment_id = charge.get("invoice") or charge.get("payment_intent") or charge["id"]
    amount_left = int(charge.get("amount", 0)) - int(charge.get("amount_refunded", 0))
    fully_refunded = charge.get("refunded") or amount_left <= 0
    donation = Donation.objects.select_for_update().filter(stripe_payment_id=payment_id).first()
    if donation is None:
        # The refund outran its payment: record the gift as refunded now, the payment event will find it.
        fields = _gift_fields(charge.get("metadata") or {})
        fields.update(
            amount_cents=int(charge.get("amount", 0)),
            currency=charge.get("currency") or "usd",
            stripe_customer_id=charge.get("customer") or "",
            frequency=Frequency.MONTHLY if charge.get("invoice") else Frequency.ONE_TIME,
            received_at=_timestamp(charge.get("created")),
        )
        try:
            with transaction.atomic():
                donation = Donation.objects.create(
                    stripe_payment_id=payment_id,
                    source=Donation.Source.STRIPE,
                    status=Donation.Status.REFUNDED if fully_refunded else Donation.Status.PAID,
                    refunded_at=timezone.now() if fully_refunded else None,
                    **fields,
                )
        except IntegrityError:
            donation = Donation.objects.select_for_update().get(stripe_payment_id=payment_id)
        else:
            if not fully_refunded:
                donation.amount_cents = amount_left
                donation.save(update_fields=["amount_cents"])
            return "refund recorded before payment", donation
    if fully_refunded:
        donation.status = Donation.Status.REFUNDED
        donation.refunded_at = donation.refunded_at or timezone.now()
        donation.save(update_fields=["status", "refunded_at"])
        return "refunded", donation
    donation.amount_cents = amount_left
    donation.save(update_fields=["amount_cents"])
    return "partly refunded", donation


def subscription_deleted(subscription):
    ended = MonthlyPledge.objects.filter(stripe_subscription_id=subscription["id"], ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    return ("monthly gift ended" if ended else "no open pledge"), None


def payment_failed(intent):
    error = (intent.get("last_payment_error") or {}).get("message") or "no reason given"
    logger.info("Payment %s failed: %s", intent.get("id"), error)
    return f"payment failed: {error}"[:200], None


HANDLERS = {
    "payment_intent.succeeded": payment_intent_succeeded,
    "payment_intent.payment_failed": payment_failed,
    "invoice.paid": invoice_paid,
    "invoice.payment_succeeded": invoice_paid,
    "charge.refunded": charge_refunded,
    "customer.subscription.deleted": subscription_deleted,
}
