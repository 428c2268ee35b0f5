"""Starting a gift at Stripe: a PaymentIntent for a one-time gift, a Subscription for a monthly one.

Two ways in, the same server code: with Stripe's Payment Element the browser confirms the
returned client secret; with the card element the browser sends a card token (card data went
to Stripe, not here) and the payment is confirmed at creation. Nothing is recorded here:
the webhook records the Donation once Stripe says the money moved.
"""

import datetime

import stripe
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import ratelimit

from .models import DedicationCard, Frequency, MonthlyPledge, masked_email
from .stripe_api import stripe_client


class CardLimitReached(Exception):
    """Too many attempts with one card: card testing, or a donor who should call us."""


def start_gift(form):
    client = stripe_client()
    data = form.cleaned_data
    key = form.idempotency_key()
    metadata = form.stripe_metadata()
    token = data.get("payment_token") or None
    if token:
        # Stripe names a card by its fingerprint: count attempts per card before anything is charged.
        card = client.v1.tokens.retrieve(token).to_dict().get("card") or {}
        fingerprint = card.get("fingerprint")
        limit = settings.DONATION_ATTEMPTS_PER_CARD_PER_HOUR
        if fingerprint and not ratelimit.hit_value("donation-card", fingerprint, limit, 3600):
            raise CardLimitReached
    customer = client.v1.customers.create(
        {"email": data["donor_email"], "name": data["donor_name"], **({"source": token} if token else {})},
        {"idempotency_key": key + "-customer"},
    )
    ecard = keep_dedication_card(form, key)
    if ecard is not None:
        # Stripe is told which card, never to whom: the address stays on this server.
        metadata["ecard"] = ecard.reference
    if data["frequency"] == Frequency.MONTHLY:
        return _start_monthly(client, form, customer, key, metadata, token, ecard)

    params = {
        "amount": form.total_cents,
        "currency": data["currency"],
        "customer": customer.id,
        "metadata": metadata,
    }
    if token:
        # localstripe's card element: the card token, confirmed at once.
        params.update(payment_method=customer.default_source, confirm=True, payment_method_types=["card"])
    else:
        # The Payment Element offers what the charity enabled in its Dashboard: cards, Apple Pay, Google Pay, Link.
        params["automatic_payment_methods"] = {"enabled": True}
    intent = client.v1.payment_intents.create(params, {"idempotency_key": key + "-intent"})
    return {"kind": "payment", "id": intent.id, "status": intent.status, "client_secret": intent.client_secret}


# A card whose gift never came (abandoned, declined) is deleted after this long, with its address.
UNCLAIMED_CARDS_KEPT = datetime.timedelta(days=7)


def keep_dedication_card(form, key):
    """Keep the e-card the donor asked for (or None) before Stripe is called, so that the webhook finds it.

    Its reference is made from the gift's idempotency key with the site's secret: the same submission sent
    twice (a double click) keeps one card and sends Stripe the same metadata, and no one can guess it."""
    ecard = form.ecard()
    if ecard is None:
        return None
    DedicationCard.objects.filter(donation__isnull=True, created_at__lt=timezone.now() - UNCLAIMED_CARDS_KEPT).delete()
    reference = salted_hmac("donations.DedicationCard", key).hexdigest()[:32]
    details = {
        "recipient_name": ecard["name"],
        "recipient_email": ecard["email"],
        "recipient_hint": masked_email(ecard["email"]),
        "message": ecard["message"],
    }
    card, created = DedicationCard.objects.get_or_create(reference=reference, defaults=details)
    if not created and card.donation_id is None:
        # The same submission again, its card perhaps corrected: the last words count until the gift is paid.
        DedicationCard.objects.filter(pk=card.pk, donation__isnull=True).update(**details)
    return card


def _start_monthly(client, form, customer, key, metadata, token, ecard=None):
    data = form.cleaned_data
    plan = monthly_plan(client, form.total_cents, data["currency"])
    subscription = client.v1.subscriptions.create(
        {
            "customer": customer.id,
            "items": [{"plan": plan.id}],
            "metadata": metadata,
            # With a card token Stripe charges it at once; otherwise the Payment Element confirms the invoice.
            "payment_behavior": "allow_incomplete" if token else "default_incomplete",
            # The card (or wallet) the donor confirms becomes the subscription's default, so renewals are charged.
            "payment_settings": {"save_default_payment_method": "on_subscription"},
            "expand": ["latest_invoice.payment_intent"],
        },
        {"idempotency_key": key + "-subscription"},
    )
    MonthlyPledge.objects.get_or_create(
        stripe_subscription_id=subscription.id,
        defaults={
            "stripe_customer_id": customer.id,
            "page_id": data.get("page_id"),
            "amount_cents": form.total_cents,
            "donor_name": data["donor_name"],
            "donor_email": data["donor_email"],
            "display_name": form.shown_name(),
            "is_anonymous": bool(data.get("is_anonymous")),
            "message": data.get("message", ""),
            "tribute_kind": data.get("tribute_kind", ""),
            "tribute_name": data.get("tribute_name", ""),
            "fee_covered_cents": form.fee_cents,
        },
    )
    if ecard is not None:
        # The first payment's invoice names its subscription; it may not carry the subscription's metadata.
        DedicationCard.objects.filter(pk=ecard.pk, donation__isnull=True).update(stripe_subscription_id=subscription.id)
    intent = subscription.latest_invoice.payment_intent
    return {
        "kind": "subscription",
        "id": intent.id,
        "subscription": subscription.id,
        "status": intent.status,
        "client_secret": intent.client_secret,
    }


MONTHLY_PRODUCT_ID = "necsociety-monthly-gift"


def monthly_plan(client, amount_cents, currency):
    """One product for every monthly gift and one plan per amount, both with ids of our own, so that
    each amount is made once at Stripe (localstripe has no Prices API; Plans work on both)."""
    _find_or_create(
        client.v1.products, MONTHLY_PRODUCT_ID, {"id": MONTHLY_PRODUCT_ID, "name": "Monthly gift to the NEC Society"}
    )
    plan_id = f"necsociety-monthly-{currency}-{amount_cents}"
    return _find_or_create(
        client.v1.plans,
        plan_id,
        {
            "id": plan_id,
            "amount": amount_cents,
            "currency": currency,
            "interval": "month",
            "product": MONTHLY_PRODUCT_ID,
        },
    )


def _find_or_create(service, object_id, params):
    try:
        return service.retrieve(object_id)
    except stripe.InvalidRequestError as missing:
        if missing.http_status != 404:
            raise
    try:
        return service.create(params)
    except stripe.StripeError:
        # Another request created it in between (Stripe answers "resource_already_exists").
        return service.retrieve(object_id)
