"""A monthly donor's changes to their gift, made at Stripe from their manage page.

Nothing is recorded here: Stripe's webhook confirms each change and the ledger records it
(`customer.subscription.updated`, `setup_intent.succeeded`, `customer.subscription.deleted`),
once, and emails the donor. A change Stripe refuses raises `stripe.StripeError` and changes nothing.
"""

import stripe
from django.utils import timezone

from .models import MonthlyPledge
from .payments import monthly_plan
from .stripe_api import stripe_client

# The SetupIntent's metadata says what it is for, so that the ledger knows which pledge gets the card.
CARD_UPDATE_PURPOSE = "monthly_card_update"


def change_amount(pledge, amount_cents, currency):
    """Charge `amount_cents` from the next payment on (no proration: this month's gift stands)."""
    client = stripe_client()
    plan = monthly_plan(client, amount_cents, currency)
    subscription = client.v1.subscriptions.retrieve(pledge.stripe_subscription_id)
    item_id = subscription["items"]["data"][0]["id"]
    client.v1.subscriptions.update(
        pledge.stripe_subscription_id,
        {
            "items": [{"id": item_id, "plan": plan.id}],
            "proration_behavior": "none",
            # The new amount is what the donor chose; no processing fee is added on top of it.
            "metadata": {"fee_cents": "0"},
        },
    )


def change_designation(pledge, page_id):
    """`page_id` None: the general fund (Stripe removes a metadata key set to an empty string)."""
    stripe_client().v1.subscriptions.update(
        pledge.stripe_subscription_id, {"metadata": {"page_id": str(page_id) if page_id else ""}}
    )


def start_card_update(pledge):
    """A SetupIntent for the donor's customer: the browser confirms it with the new card."""
    intent = stripe_client().v1.setup_intents.create(
        {
            "customer": pledge.stripe_customer_id,
            "usage": "off_session",
            "automatic_payment_methods": {"enabled": True},
            "metadata": {"purpose": CARD_UPDATE_PURPOSE, "subscription": pledge.stripe_subscription_id},
        }
    )
    return intent.client_secret


class AlreadyEnded(Exception):
    """Stripe had ended the subscription before the donor's cancellation: `subscription` is its present state."""

    def __init__(self, subscription):
        super().__init__(subscription.get("id"))
        self.subscription = subscription


def cancel(pledge):
    """Cancel the subscription at Stripe. Raises AlreadyEnded if Stripe had ended it already (the
    donor's request stays noted), stripe.StripeError if Stripe refused or did not answer."""
    # Noted first, so that the ledger tells the donor "you ended it", not "we had to stop it".
    MonthlyPledge.objects.filter(pk=pledge.pk).update(cancel_requested_at=timezone.now())
    client = stripe_client()
    try:
        try:
            client.v1.subscriptions.cancel(pledge.stripe_subscription_id)
        except stripe.InvalidRequestError:
            # Stripe answers "No such subscription" to a cancellation of one it already ended (by an
            # earlier request whose answer was lost, or by staff): what it holds now says which.
            current = client.v1.subscriptions.retrieve(pledge.stripe_subscription_id).to_dict()
            if current.get("status") == "canceled":
                raise AlreadyEnded(current) from None
            raise
    except stripe.StripeError:
        # Nothing was ended: a later cancellation by staff must not read as the donor's wish.
        MonthlyPledge.objects.filter(pk=pledge.pk, ended_at__isnull=True).update(cancel_requested_at=None)
        raise
