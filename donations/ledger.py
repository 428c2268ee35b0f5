"""Turns verified Stripe events into Donations, exactly once, in whatever order they arrive.

Two unique constraints carry the guarantee: StripeEvent.event_id (a replayed event is a no-op)
and Donation.stripe_payment_id (the same payment under another event id finds its Donation).
Everything for one event happens in one transaction.
"""

import datetime
import logging
import traceback
from contextvars import ContextVar

import stripe
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from core import ratelimit

from .emails import (
    queue_card_update_email,
    queue_dedication_card,
    queue_gift_emails,
    queue_pledge_email,
    queue_refund_notice,
)
from .fields import format_cents
from .models import (
    DedicationCard,
    Donation,
    EndReason,
    Frequency,
    MonthlyPledge,
    Refund,
    StripeEvent,
    is_designatable,
)
from .pledge_changes import CARD_UPDATE_PURPOSE
from .stripe_api import FIRST_BASIL_VERSION, STRIPE_API_VERSION, stripe_client

logger = logging.getLogger(__name__)

# An event about a payment the ledger has not recorded yet is refused (Stripe delivers it again)
# for this long after the payment, for the payment's own event to arrive first.
EVENTS_WAIT_FOR_THEIR_PAYMENT = datetime.timedelta(days=1)


class RetryLater(Exception):
    """The event needs one Stripe has not delivered yet: nothing is kept, Stripe delivers it again later."""


def known_api_version(version):
    """Whether the ledger reads events of this API version: the pinned one, or any since basil.

    Stripe renders an event in the webhook endpoint's version. Before 2025-03-31 (basil) a
    PaymentIntent and a Charge name their invoice and an invoice names its subscription at the top
    level; since basil they do not, and an invoice names its subscription under
    parent.subscription_details. The handlers read both shapes; any other version is refused.
    """
    version = str(version or "")
    return version == STRIPE_API_VERSION or version[:10] >= FIRST_BASIL_VERSION


# Faults of the moment (the database away, a statement timed out, a deadlock): nothing is kept and
# the webhook answers 5xx, so Stripe delivers the event again. Any other failure is the event's own.
TRANSIENT_FAULTS = (OperationalError, InterfaceError)


def without_refused_characters(value):
    """Stripe's text (nested in dicts and lists) without what PostgreSQL refuses: NUL, and lone
    surrogates (JSON can escape them; UTF-8 cannot hold them)."""
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {without_refused_characters(key): without_refused_characters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_refused_characters(item) for item in value]
    return value


def record_event(event, first_attempt=True):
    """Apply one Stripe event (a dict). Returns the outcome, e.g. 'recorded', 'duplicate'.

    Raises RetryLater when the event must wait for another one, or one of TRANSIENT_FAULTS: nothing
    is kept. An event that fails otherwise is kept aside (needs_attention, with its payload and error)
    for staff to try again (retry_event) once its cause is fixed.

    Race day's events are new gifts: the first attempt writes the event's row first and runs its handler
    in the same transaction with no savepoint (six round trips a gift fewer). Whatever goes wrong undoes
    the whole transaction: a delivery already recorded is then looked up; a row another event made first
    (the same payment under another event id) has the event applied again with savepoints, which
    completes that row; any other failure keeps the event aside in a transaction of its own.
    """
    event = without_refused_characters(event)
    api_version = str(event.get("api_version") or "")[:40]
    if first_attempt and event.get("type") in WRITTEN_LAST:
        return _record_written_last(event, api_version)
    record = None
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event["id"],
                type=str(event.get("type", ""))[:100],
                object_id=str(_event_object(event).get("id", ""))[:255],
                api_version=api_version,
            )
            return _apply(record, event, savepoint=not first_attempt)
    except IntegrityError:
        if record is not None:
            if first_attempt:
                return record_event(event, first_attempt=False)
            raise  # the event was new: what failed is the ledger's own work, not a second delivery
    except NotApplied as failure:
        return _keep_aside(event, api_version, failure)
    # Kept aside earlier: Stripe (or staff, from its Dashboard) delivers it again, or, while two endpoints
    # are live (setup_stripe_webhook makes a new one beside an old one of another version), a copy the
    # ledger can read arrives. It is applied now, once (the row lock).
    with transaction.atomic():
        record = (
            StripeEvent.objects.select_for_update().filter(event_id=event["id"], needs_attention=True).first()
            if event.get("type") in HANDLERS and known_api_version(api_version)
            else None
        )
        if record is None:
            logger.info("Stripe event %s already processed", event["id"])
            return "duplicate"
        record.api_version = api_version
        return _apply(record, event)


def _record_written_last(event, api_version):
    """A one-time gift's event, race day's most common, written once with its outcome after its handler
    (one statement fewer than a row written first and completed after). The gift's own unique payment id
    is what refuses a second delivery here: a replay, or the same payment under another event id, fails
    on the gift's row (or on the event's, written last) and undoes the whole transaction; the event is then
    applied the careful way, its row first, which finds it recorded. The handler writes nothing before the
    gift's row and calls nobody outside the database, so a refused delivery leaves nothing behind."""
    record = StripeEvent(
        event_id=event["id"],
        type=str(event.get("type", ""))[:100],
        object_id=str(_event_object(event).get("id", ""))[:255],
        api_version=api_version,
    )
    try:
        with transaction.atomic():
            return _apply(record, event, savepoint=False)
    except IntegrityError:
        return record_event(event, first_attempt=False)
    except NotApplied as failure:
        return _keep_aside(event, api_version, failure)


def retry_event(record_id):
    """Staff try a kept-aside event again. Returns its outcome, or None if it no longer needs attention
    (applied meanwhile). Raises RetryLater or a transient fault as record_event does."""
    with transaction.atomic():
        record = StripeEvent.objects.select_for_update().filter(pk=record_id, needs_attention=True).first()
        if record is None:
            return None
        if not record.payload:
            return record.outcome  # kept aside before payloads were kept: only Stripe can send it again
        return _apply(record, record.payload)


def _event_object(event):
    return (event.get("data") or {}).get("object") or {}


# Whether the handler being applied runs in savepoints (a failure undoes its part only), or not (the first
# attempt at an event: a failure undoes the whole delivery). See record_event.
_savepoints = ContextVar("ledger_savepoints", default=True)


class NotApplied(Exception):  # noqa: N818 - what happened to the event, not an error of the caller's
    """The handler failed where it had no savepoint of its own: the caller undoes the whole transaction and
    keeps the event aside in a new one (`_keep_aside`)."""

    def __init__(self, outcome, error):
        super().__init__(outcome)
        self.outcome, self.error = outcome, error


def _keep_aside(event, api_version, failure):
    """The event whose handler failed, kept aside for staff in a transaction of its own (the one it was
    applied in was undone whole). Another delivery may have kept it aside meanwhile, or applied it."""
    with transaction.atomic():
        record, _created = StripeEvent.objects.select_for_update().get_or_create(
            event_id=event["id"],
            defaults={
                "type": str(event.get("type", ""))[:100],
                "object_id": str(_event_object(event).get("id", ""))[:255],
                "api_version": api_version,
                "needs_attention": True,
            },
        )
        if not record.needs_attention:
            logger.info("Stripe event %s was applied by another delivery meanwhile", event["id"])
            return "duplicate"
        record.outcome, record.donation, record.payload, record.error = failure.outcome, None, event, failure.error
        record.save(update_fields=["outcome", "donation", "payload", "error"])
    return failure.outcome


def _apply(record, event, savepoint=True):
    """Run the event's handler, in savepoints unless `savepoint=False`: a failure undoes its work and
    keeps the event aside. Without savepoints the caller undoes its whole transaction: an IntegrityError
    (a row another event made first) is raised as it is, for the event to be applied again with
    savepoints, and any other failure as NotApplied, for the event to be kept aside in a new transaction."""
    event_type, obj = event.get("type", ""), _event_object(event)
    api_version = str(event.get("api_version") or "")[:40]
    handler = HANDLERS.get(event_type)
    record.needs_attention, record.payload, record.error = False, None, ""
    if handler is None:
        logger.info("Stripe event %s of type %s ignored", event["id"], event_type)
        outcome, donation = "ignored", None
    elif not known_api_version(api_version):
        # Reading it with the wrong shape could count a gift twice or lose its designation.
        logger.error(
            "Stripe event %s (%s) is in API version %r, which the ledger does not read: not applied. "
            "Set the webhook endpoint's version with `manage.py setup_stripe_webhook`.",
            event["id"],
            event_type,
            api_version,
        )
        outcome, donation = f"error: API version {api_version or 'missing'} not supported, not applied", None
        record.needs_attention, record.payload = True, event
        record.error = "The ledger reads the pinned API version and every version since basil (2025-03-31)."
    else:
        in_savepoints = _savepoints.set(savepoint)
        try:
            with transaction.atomic(savepoint=savepoint):
                if handler in READS_PREVIOUS_ATTRIBUTES:
                    outcome, donation = handler(obj, (event.get("data") or {}).get("previous_attributes"))
                else:
                    outcome, donation = handler(obj)
        except (RetryLater, *TRANSIENT_FAULTS):
            raise
        except Exception as error:
            if isinstance(error, IntegrityError) and not savepoint:
                raise  # a row another event made first: record_event applies the event again, with savepoints
            logger.exception("Stripe event %s (%s) could not be applied: kept aside for staff", event["id"], event_type)
            outcome = without_refused_characters(f"error: {error}".strip())[:200]
            details = without_refused_characters(traceback.format_exc())
            if not savepoint:
                raise NotApplied(outcome, details) from error
            donation = None
            record.needs_attention, record.payload, record.error = True, event, details
        finally:
            _savepoints.reset(in_savepoints)
    record.outcome, record.donation = outcome, donation
    if record._state.adding:
        record.save()  # written last, with its outcome (_record_written_last)
    else:
        record.save(update_fields=["outcome", "donation", "needs_attention", "api_version", "payload", "error"])
    return outcome


def _timestamp(value):
    if not value:
        return timezone.now()
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def _designation(page_id):
    """The page a gift is for, or None (the general fund) if it is missing or not designatable."""
    if not str(page_id or "").isdigit():
        return None
    try:
        page = Page.objects.get(pk=int(page_id))  # not .first(): no ordering to compile, a gift's every time
    except Page.DoesNotExist:
        page = None
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


def _record_paid(payment_id, fields, ecard=""):
    """Create the Donation for a payment, or complete the one another event created first.

    `ecard` is the reference of the e-card the donor asked for (the payment's metadata `ecard`)."""
    try:
        with transaction.atomic(savepoint=_savepoints.get()):
            donation = Donation.objects.create(
                stripe_payment_id=payment_id, status=Donation.Status.PAID, source=Donation.Source.STRIPE, **fields
            )
    except IntegrityError:
        if not _savepoints.get():
            raise  # the event's first attempt: it is applied again with savepoints, and completes the gift here
        # Another event for the same payment got there first (a replay under a new id).
        donation = Donation.objects.select_for_update().get(stripe_payment_id=payment_id)
        changed = [name for name, value in fields.items() if value and not getattr(donation, name)]
        for name in changed:
            setattr(donation, name, fields[name])
        if changed:
            donation.save()
        return "already recorded", donation
    # Queued in the same transaction as the gift: both are kept, or neither.
    queue_gift_emails(donation)
    _claim_dedication_card(donation, ecard)
    return "recorded", donation


def _claim_dedication_card(donation, reference):
    """The e-card the donor asked for goes with the gift's first payment, and only with it: a card is
    claimed once (a monthly gift's renewals, a replayed event find it taken) and queued with the gift."""
    unclaimed = DedicationCard.objects.select_for_update().filter(donation__isnull=True)
    card = None
    if reference:
        card = unclaimed.filter(reference=str(reference)[:40]).first()
    if card is None and donation.stripe_subscription_id:
        # The form's monthly gift: its invoice may not carry the subscription's metadata (localstripe's does not).
        card = unclaimed.filter(stripe_subscription_id=donation.stripe_subscription_id).first()
    if card is None:
        return
    card.donation = donation
    card.save(update_fields=["donation"])
    queue_dedication_card(card)


def payment_intent_succeeded(intent):
    metadata = intent.get("metadata") or {}
    if metadata.get("frequency") != Frequency.ONE_TIME:
        # DESIGN.md: only the form's one-time gifts say so. A subscription's payments (whose
        # PaymentIntent names no invoice since basil) are counted from their invoice events.
        return "not a one-time gift (no frequency=one_time)", None
    fields = _gift_fields(metadata)
    fields.update(
        amount_cents=int(intent.get("amount_received") or intent["amount"]),
        currency=intent.get("currency") or "usd",
        stripe_customer_id=intent.get("customer") or "",
        stripe_payment_intent_id=intent["id"],
        frequency=Frequency.ONE_TIME,
        received_at=_timestamp(intent.get("created")),
    )
    return _record_paid(intent["id"], fields, ecard=metadata.get("ecard", ""))


def _invoice_subscription(invoice):
    """(subscription id, its metadata) from an invoice of the pinned version or of basil and later."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    if details.get("subscription"):
        return _object_id(details["subscription"]), details.get("metadata") or {}
    if invoice.get("subscription"):
        legacy = invoice.get("subscription_details") or {}
        return _object_id(invoice["subscription"]), legacy.get("metadata") or invoice.get("metadata") or {}
    return None, {}


def _object_id(value):
    """An id whether Stripe sent it as a string or as an expanded object."""
    return value.get("id", "") if isinstance(value, dict) else str(value or "")


def _invoice_payment_intent(invoice):
    """The PaymentIntent that paid the invoice: invoice.payment_intent before basil, invoice.payments since."""
    if invoice.get("payment_intent"):
        return _object_id(invoice["payment_intent"])
    for payment in (invoice.get("payments") or {}).get("data") or []:
        inner = payment.get("payment") or {}
        if inner.get("payment_intent") and payment.get("status", "paid") == "paid":
            return _object_id(inner["payment_intent"])
    return ""


def invoice_paid(invoice):
    subscription_id, metadata = _invoice_subscription(invoice)
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
        # A subscription made outside the form: the invoice carries a snapshot of its metadata.
        fields = _gift_fields(metadata)
    fields.update(
        amount_cents=int(amount),
        currency=invoice.get("currency") or "usd",
        stripe_customer_id=_object_id(invoice.get("customer")),
        stripe_subscription_id=subscription_id,
        stripe_payment_intent_id=_invoice_payment_intent(invoice),
        frequency=Frequency.MONTHLY,
        received_at=_timestamp((invoice.get("status_transitions") or {}).get("paid_at") or invoice.get("created")),
    )
    if not fields["donor_email"]:
        fields["donor_email"] = invoice.get("customer_email") or ""
    if pledge is not None:
        # A paid month clears a failure; the end of the period it paid is when Stripe charges next.
        period_ends = [
            int((line.get("period") or {}).get("end") or 0) for line in (invoice.get("lines") or {}).get("data") or []
        ]
        update = {"failing_since": None, "last_failure": ""} if pledge.failing_since else {}
        if period_ends and max(period_ends) > timezone.now().timestamp() and pledge.ended_at is None:
            update["next_charge_at"] = _timestamp(max(period_ends))
        if update:
            MonthlyPledge.objects.filter(pk=pledge.pk).update(**update)
    return _record_paid(invoice["id"], fields, ecard=metadata.get("ecard", ""))


def invoice_payment_paid(invoice_payment):
    """Since basil, the link between an invoice and the PaymentIntent that paid it (refunds name the latter)."""
    payment_intent = _object_id((invoice_payment.get("payment") or {}).get("payment_intent"))
    invoice_id = _object_id(invoice_payment.get("invoice"))
    if not payment_intent or not invoice_id:
        return "not a PaymentIntent payment", None
    donation = Donation.objects.select_for_update().filter(stripe_payment_id=invoice_id).first()
    if donation is None:
        if _timestamp(invoice_payment.get("created")) > timezone.now() - EVENTS_WAIT_FOR_THEIR_PAYMENT:
            raise RetryLater(f"invoice {invoice_id} not recorded yet")
        return "invoice not in the ledger", None
    if donation.stripe_payment_intent_id != payment_intent:
        donation.stripe_payment_intent_id = payment_intent
        donation.save(update_fields=["stripe_payment_intent_id"])
    return "payment linked", donation


def _refunded_donation(charge):
    """The gift a charge paid: by invoice (before basil), else by PaymentIntent (one-time or monthly)."""
    invoice_id = _object_id(charge.get("invoice"))
    payment_intent = _object_id(charge.get("payment_intent"))
    gifts = Donation.objects.select_for_update()
    if invoice_id:
        donation = gifts.filter(stripe_payment_id=invoice_id).first()
        if donation is not None:
            return donation
    if payment_intent:
        return gifts.filter(Q(stripe_payment_id=payment_intent) | Q(stripe_payment_intent_id=payment_intent)).first()
    return gifts.filter(stripe_payment_id=charge.get("id")).first()


def charge_refunded(charge):
    donation = _refunded_donation(charge)
    if donation is None:
        # The refund outran its payment's event: Stripe delivers it again later, by when the gift is
        # recorded. A refund of a payment the ledger never held (made outside the form) is noted.
        if _timestamp(charge.get("created")) > timezone.now() - EVENTS_WAIT_FOR_THEIR_PAYMENT:
            raise RetryLater(f"payment of charge {charge.get('id')} not recorded yet")
        return "refund of a payment not in the ledger", None
    # amount_refunded is the charge's running total: the largest one seen is the newest, whatever
    # order the events arrive in, so an older event can never undo a newer one.
    refunded = int(charge.get("amount_refunded") or 0)
    charged = int(charge.get("amount") or 0) or donation.amount_cents + donation.refunded_cents
    if refunded <= donation.refunded_cents:
        return "older refund event: nothing to change", donation
    previously_refunded = donation.refunded_cents
    donation.refunded_cents = min(refunded, charged)
    donation.amount_cents = charged - donation.refunded_cents
    fields = ["refunded_cents", "amount_cents"]
    outcome = "partly refunded"
    if donation.amount_cents <= 0 or charge.get("refunded"):
        # The amount stays as it was charged, minus nothing: the gift leaves the totals by its status.
        donation.amount_cents = charged
        donation.status = Donation.Status.REFUNDED
        donation.refunded_at = donation.refunded_at or timezone.now()
        fields += ["status", "refunded_at"]
        outcome = "refunded"
    donation.save(update_fields=fields)
    # One row, and one email to the donor, for each rise of the refunded amount, in this transaction.
    refund = Refund.objects.create(
        donation=donation,
        amount_cents=donation.refunded_cents - previously_refunded,
        left_cents=0 if donation.status == Donation.Status.REFUNDED else donation.amount_cents,
    )
    queue_refund_notice(refund)
    return outcome, donation


def subscription_deleted(subscription):
    """The monthly gift ended: cancelled by the donor, or by Stripe when it gave up on failed payments."""
    pledge = (
        MonthlyPledge.objects.select_for_update()
        .filter(stripe_subscription_id=subscription["id"], ended_at__isnull=True)
        .first()
    )
    if pledge is None:
        return "no open pledge", None
    # Stripe says why (cancellation_details.reason, since 2023); without it, the pledge's own record does.
    reason = (subscription.get("cancellation_details") or {}).get("reason") or ""
    if reason == "payment_failed" or (not reason and pledge.failing_since and not pledge.cancel_requested_at):
        pledge.end_reason = EndReason.PAYMENT_FAILED
    elif pledge.cancel_requested_at:
        # Only the donor's manage page notes a request: Stripe says "cancellation_requested" for a
        # cancellation made by staff in its Dashboard too, which the donor must not be told they asked for.
        pledge.end_reason = EndReason.DONOR
    else:
        pledge.end_reason = EndReason.OTHER
    pledge.ended_at = _timestamp(subscription.get("ended_at") or subscription.get("canceled_at"))
    pledge.next_charge_at = None
    pledge.save(update_fields=["ended_at", "end_reason", "next_charge_at"])
    queue_pledge_email(pledge, "ended")
    return f"monthly gift ended ({pledge.end_reason})", None


def _current_subscription(subscription_id):
    """The subscription as Stripe holds it now: events may arrive out of order, its present state may not."""
    try:
        return stripe_client().v1.subscriptions.retrieve(subscription_id).to_dict()
    except stripe.StripeError as error:
        raise RetryLater(f"subscription {subscription_id} could not be read from Stripe: {error}") from error


# What a donor's change on their manage page changes on a subscription (its price, or its metadata's page).
SUBSCRIPTION_CHANGES = {"items", "plan", "quantity", "metadata"}


def subscription_updated(subscription, previous_attributes=None):
    """A change the donor made on their manage page (amount or designation), confirmed by Stripe.

    Every renewal updates the subscription too (its period): an update that names what it changed
    (`previous_attributes`) and changed neither price nor metadata needs no look at Stripe and no lock.
    """
    if isinstance(previous_attributes, dict) and not SUBSCRIPTION_CHANGES & previous_attributes.keys():
        return "no change to the monthly gift (" + ", ".join(sorted(previous_attributes)) + ")", None
    pledge = (
        MonthlyPledge.objects.select_for_update(of=("self",))
        .select_related("page")
        .filter(stripe_subscription_id=subscription["id"])
        .first()
    )
    if pledge is None:
        return "not a monthly gift of the form", None
    if pledge.ended_at:
        return "monthly gift already ended", None
    current = _current_subscription(pledge.stripe_subscription_id)
    if current.get("status") == "canceled":
        return "subscription cancelled: customer.subscription.deleted ends the pledge", None
    item = ((current.get("items") or {}).get("data") or [{}])[0]
    plan = item.get("plan") or item.get("price") or {}
    amount = int(plan.get("amount") or plan.get("unit_amount") or 0) * int(item.get("quantity") or 1)
    metadata = current.get("metadata") or {}
    page = _designation(metadata.get("page_id"))
    period_end = current.get("current_period_end") or item.get("current_period_end")
    changes = {}
    if amount and amount != pledge.amount_cents:
        changes["amount"] = (pledge.amount_display, format_cents(amount))
        pledge.amount_cents = amount
        pledge.fee_covered_cents = int(metadata["fee_cents"]) if str(metadata.get("fee_cents")).isdigit() else 0
    if (page.pk if page else None) != pledge.page_id:
        changes["designation"] = (pledge.designation_title(), page.title if page else "General fund")
        pledge.page = page
    if period_end:
        pledge.next_charge_at = _timestamp(period_end)
    pledge.save()
    for kind, (before, after) in changes.items():
        queue_pledge_email(pledge, kind, before=before, after=after)
    return ("monthly gift changed: " + ", ".join(changes)) if changes else "no change to the monthly gift", None


def setup_intent_succeeded(intent):
    """A donor confirmed a new card on their manage page: it becomes the card their monthly gift is charged to."""
    metadata = intent.get("metadata") or {}
    if metadata.get("purpose") != CARD_UPDATE_PURPOSE:
        return "not a monthly gift's card update", None
    pledge = (
        MonthlyPledge.objects.select_for_update().filter(stripe_subscription_id=metadata.get("subscription")).first()
    )
    payment_method = _object_id(intent.get("payment_method"))
    if pledge is None or not payment_method or _object_id(intent.get("customer")) != pledge.stripe_customer_id:
        return "card update for no pledge of this customer", None
    if pledge.ended_at:
        return "monthly gift already ended", None
    client = stripe_client()
    try:
        # The subscription's default is what Stripe charges for renewals; the customer's is what an
        # invoice made by staff in the Dashboard (and localstripe) charges. Setting either twice is harmless.
        client.v1.subscriptions.update(pledge.stripe_subscription_id, {"default_payment_method": payment_method})
        client.v1.customers.update(
            pledge.stripe_customer_id, {"invoice_settings": {"default_payment_method": payment_method}}
        )
        card = client.v1.payment_methods.retrieve(payment_method).to_dict().get("card") or {}
    except stripe.StripeError as error:
        raise RetryLater(f"card of {pledge.stripe_subscription_id} not set at Stripe yet: {error}") from error
    if card.get("last4"):
        pledge.card_description = f"{str(card.get('brand') or 'card').title()} ending {card['last4']}"[:60]
    pledge.save(update_fields=["card_description"])
    outcome = "card updated"
    if pledge.failing_since:
        outcome += _retry_open_invoice(client, pledge)
    queue_pledge_email(pledge, "card")
    return outcome, None


def _retry_open_invoice(client, pledge):
    """After a failed payment, the month's unpaid gift is charged to the new card at once: invoice.paid
    records it (and clears the failure); a decline leaves it to Stripe's own retries."""
    try:
        invoices = client.v1.invoices.list(
            {"subscription": pledge.stripe_subscription_id, "customer": pledge.stripe_customer_id, "limit": 10}
        )
        unpaid = [i for i in invoices.to_dict().get("data", []) if i.get("status") == "open"]
        for invoice in unpaid[:1]:
            client.v1.invoices.pay(invoice["id"])
    except stripe.StripeError as error:
        logger.info("Open invoice of %s not paid with the new card: %s", pledge.stripe_subscription_id, error)
        return "; the unpaid month was not charged"
    return "; the unpaid month was charged again" if unpaid else ""


def payment_failed(intent):
    last_error = intent.get("last_payment_error") or {}
    error = last_error.get("message") or "no reason given"
    card = (last_error.get("payment_method") or {}).get("card") or {}
    if card.get("fingerprint"):
        # A decline through the Payment Element counts against the card like an attempt on the form.
        ratelimit.hit_value("donation-card", card["fingerprint"], settings.DONATION_ATTEMPTS_PER_CARD_PER_HOUR, 3600)
    logger.info("Payment %s failed: %s", intent.get("id"), error)
    return f"payment failed: {error}"[:200], None


def invoice_payment_failed(invoice):
    """A monthly renewal was declined: staff see the pledge failing, the donor is asked to update the card."""
    subscription_id, _metadata = _invoice_subscription(invoice)
    pledge = MonthlyPledge.objects.select_for_update().filter(stripe_subscription_id=subscription_id).first()
    if pledge is None:
        return "not a monthly gift of the form", None
    reason = ((invoice.get("last_finalization_error") or {}).get("message") or "the card was declined")[:200]
    first_failure = pledge.failing_since is None
    pledge.failing_since = pledge.failing_since or timezone.now()
    pledge.last_failure = reason
    pledge.save(update_fields=["failing_since", "last_failure"])
    if first_failure:
        # The email links to the card update on the donor's manage page (and to Stripe's page for the invoice).
        queue_card_update_email(pledge, invoice.get("hosted_invoice_url") or "")
    return "monthly payment failed", None


# Handlers that are also given the event's `previous_attributes` (what an update changed).
READS_PREVIOUS_ATTRIBUTES = {subscription_updated}

# Events whose first attempt writes the event's row last (`_record_written_last`): their handler refuses a
# second delivery by a unique row of its own before it writes anything else, and calls nothing outside.
WRITTEN_LAST = {"payment_intent.succeeded"}

# The events the ledger reads; `manage.py setup_stripe_webhook` subscribes the endpoint to exactly these.
HANDLERS = {
    "payment_intent.succeeded": payment_intent_succeeded,
    "payment_intent.payment_failed": payment_failed,
    "invoice.paid": invoice_paid,
    "invoice.payment_succeeded": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
    "invoice_payment.paid": invoice_payment_paid,
    "charge.refunded": charge_refunded,
    "customer.subscription.deleted": subscription_deleted,
    "customer.subscription.updated": subscription_updated,
    "setup_intent.succeeded": setup_intent_succeeded,
}
