"""Starting a gift at Stripe: a PaymentIntent for a one-time gift, a Subscription for a monthly one.

Two ways in, the same server code: with Stripe's Payment Element the browser confirms the
returned client secret; with the card element the browser sends a card token (card data went
to Stripe, not here) and the payment is confirmed at creation. Nothing is recorded here:
the webhook records the Donation once Stripe says the money moved.
"""

from .models import Frequency, MonthlyPledge
from .stripe_api import stripe_client


def start_gift(form):
    client = stripe_client()
    data = form.cleaned_data
    key = form.idempotency_key()
    metadata = form.stripe_metadata()
    token = data.get("payment_token") or None
    customer = client.v1.customers.create(
        {"email": data["donor_email"], "name": data["donor_name"], **({"source": token} if token else {})},
        {"idempotency_key": key + "-customer"},
    )
    if data["frequency"] == Frequency.MONTHLY:
        return _start_monthly(client, form, customer, key, metadata, token)

    params = {
        "amount": form.total_cents,
        "currency": data["currency"],
        "customer": customer.id,
        "metadata": metadata,
        "payment_method_types": ["card"],
    }
    if token:
        params.update(payment_method=customer.default_source, confirm=True)
    intent = client.v1.payment_intents.create(params, {"idempotency_key": key + "-intent"})
    return {"kind": "payment", "id": intent.id, "status": intent.status, "client_secret": intent.client_secret}


def _start_monthly(client, form, customer, key, metadata, token):
    data = form.cleaned_data
    # localstripe has no Prices API, and Plans work on both: one product, one plan per amount.
    product = client.v1.products.create(
        {"name": "Monthly gift to the NEC Society"}, {"idempotency_key": key + "-product"}
    )
    plan = client.v1.plans.create(
        {"amount": form.total_cents, "currency": data["currency"], "interval": "month", "product": product.id},
        {"idempotency_key": key + "-plan"},
    )
    subscription = client.v1.subscriptions.create(
        {
            "customer": customer.id,
            "items": [{"plan": plan.id}],
            "metadata": metadata,
            # With a card token Stripe charges it at once; otherwise the Payment Element confirms the invoice.
            "payment_behavior": "allow_incomplete" if token else "default_incomplete",
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
    intent = subscription.latest_invoice.payment_intent
    return {
        "kind": "subscription",
        "id": intent.id,
        "subscription": subscription.id,
        "status": intent.status,
        "client_secret": intent.client_secret,
    }
