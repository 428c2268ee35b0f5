"""Gifts in the ledger: an offline gift recorded by staff, and an online gift Stripe reported."""

import factory
from factory.django import DjangoModelFactory

from donations.models import Donation


class OfflineDonationFactory(DjangoModelFactory):
    """A gift staff record by hand (a cheque unless `source` says otherwise), designated to `page` if given."""

    class Meta:
        model = Donation

    page = None
    amount_cents = 5000
    donor_name = "Jane Runner"
    source = Donation.Source.CHEQUE


class StripeDonationFactory(OfflineDonationFactory):
    """A gift that moved on Stripe: a donor email for the receipt and a PaymentIntent of its own."""

    donor_email = "jane@example.org"
    source = Donation.Source.STRIPE
    stripe_payment_id = factory.Sequence(lambda n: f"pi_test_{n}")
