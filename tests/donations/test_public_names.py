"""The donor list shows the name each donor chose to show with their gift: never a group's name cut
to its first word ("The", "Northern"), never a name when they gave anonymously."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from donations.forms import DonationForm
from donations.models import Donation, DonationSettings
from events.models import EventPage
from stories.models import RunnerStoryPage
from tests.support.stripe import event, gift_form, payment_intent, post_event

pytestmark = pytest.mark.django_db


def donor_list(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [strong.get_text() for strong in soup.select("section.giving .donor-list strong")]


def test_groups_and_families_show_their_whole_name_on_the_demo_campaign(client, demo_site):
    call_command("load_demo_gifts", verbosity=0)
    event = EventPage.objects.get(slug="cim-2018")
    assert "Northern California NICU Nurses" in donor_list(client, event)
    runners = list(RunnerStoryPage.objects.live().child_of(event).order_by("path"))
    assert donor_list(client, runners[3]) == ["The Hansen family"]
    assert sorted(donor_list(client, runners[0])) == ["Anonymous", "Lucy"]


@pytest.mark.parametrize(
    ("shown", "expected"),
    [("", "Jane"), ("The Runner family", "The Runner family"), ("  Team   NICU  ", "Team NICU")],
)
def test_the_form_sends_the_chosen_name_or_the_first_name(campaign, shown, expected):
    form = DonationForm(gift_form(campaign["runner"], display_name=shown), donation_settings=DonationSettings.load())
    assert form.is_valid(), form.errors
    assert form.stripe_metadata()["display_name"] == expected


def test_the_webhook_records_the_chosen_name_and_the_page_shows_it(client, campaign):
    runner = campaign["runner"]
    gifts = [
        {"donor_name": "Northern Lights Running Club", "display_name": "Northern Lights RC"},
        {"donor_name": "Ana Silva", "display_name": "Ana S.", "anonymous": "true"},
    ]
    for donor in gifts:
        intent = payment_intent(page_id=runner.pk, frequency="one_time", **donor)
        assert post_event(client, event("payment_intent.succeeded", intent)).status_code == 200
    assert Donation.objects.get(donor_name="Northern Lights Running Club").display_name == "Northern Lights RC"
    assert sorted(donor_list(client, runner)) == ["Anonymous", "Northern Lights RC"]
