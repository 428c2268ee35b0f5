"""The dedication step on the server: whatever the browser did, a chosen dedication needs its honoree's
name, and "No dedication" keeps no name typed before the donor changed their mind."""

import pytest

from donations.forms import DonationForm
from donations.models import Donation, DonationSettings
from tests.support.stripe import gift_form

pytestmark = pytest.mark.django_db

START = "/donations/start/"


def test_a_dedication_without_the_honorees_name_is_refused_with_a_clear_message(client, campaign, stripe_unreachable):
    response = client.post(START, gift_form(campaign["runner"], tribute_kind="memory", tribute_name="  "))

    assert response.status_code == 400
    assert response.json()["fields"]["tribute_name"] == [
        "Enter the name of the person you are honouring or remembering."
    ]
    assert not Donation.objects.exists()


def test_a_dedication_with_its_name_goes_on_to_stripe(client, campaign, stripe_unreachable):
    response = client.post(START, gift_form(campaign["runner"], tribute_kind="honour", tribute_name="Grandma Rose"))

    assert response.status_code == 503  # valid: it went as far as Stripe (unreachable here)


def test_no_dedication_keeps_no_name_typed_before(campaign):
    form = DonationForm(
        gift_form(campaign["runner"], tribute_kind="", tribute_name="Grandma Rose"),
        donation_settings=DonationSettings.load(),
    )

    assert form.is_valid(), form.errors
    assert form.stripe_metadata()["tribute_name"] == ""
    assert form.stripe_metadata()["tribute_kind"] == ""
