"""A monthly donor's page without Stripe's part: what it shows, which receipts it opens, and what it
answers when Stripe is not reached (or need not be)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from donations.donor_links import manage_path, pledge_for_token
from donations.emails import send_pledge_change
from donations.models import Donation, MonthlyPledge
from tests.factories.events import EventPageFactory
from tests.factories.stories import RunnerStoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(campaign):
    return MonthlyPledge.objects.create(
        stripe_subscription_id="sub_page",
        stripe_customer_id="cus_page",
        amount_cents=5000,
        page=campaign["runner"],
        donor_name="Jane Runner",
        donor_email="jane@example.org",
        next_charge_at=datetime.datetime(2027, 3, 14, 12, tzinfo=datetime.UTC),
    )


def payment(pledge, invoice, **fields):
    values = {
        "stripe_payment_id": invoice,
        "stripe_subscription_id": pledge.stripe_subscription_id,
        "amount_cents": pledge.amount_cents,
        "page": pledge.page,
        "donor_name": pledge.donor_name,
        "donor_email": pledge.donor_email,
        "frequency": "monthly",
        "source": Donation.Source.STRIPE,
    }
    return Donation.objects.create(**{**values, **fields})


def test_the_page_says_when_the_next_payment_is(client, pledge):
    body = client.get(manage_path(pledge)).content.decode()
    assert "Next payment</dt><dd>March 14, 2027" in body


def test_a_cancellation_stripe_refuses_is_not_noted_as_the_donors_request(client, pledge, stripe_unreachable):
    response = client.post(manage_path(pledge) + "cancel/")

    assert response.status_code == 503
    assert "nothing was changed" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.cancel_requested_at is None and pledge.ended_at is None


@pytest.mark.parametrize(("suffix", "data"), [("amount/", {"amount": "50"}), ("designation/", "runner")])
def test_asking_for_the_gift_it_already_is_asks_nothing_of_stripe(
    client, pledge, campaign, stripe_unreachable, suffix, data
):
    """Stripe is unreachable: had the page asked it, the answer would be "We could not reach" (503)."""
    if data == "runner":
        data = {"page_id": str(campaign["runner"].pk)}
    response = client.post(manage_path(pledge) + suffix, data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "That is already your monthly gift" in body
    assert "on its way" not in body and "We could not reach" not in body


def test_its_own_receipt_opens_and_no_other(client, pledge):
    own = payment(pledge, "in_own", received_at=timezone.now())
    refunded = payment(pledge, "in_refunded", status=Donation.Status.REFUNDED, received_at=timezone.now())
    other_pledge = MonthlyPledge.objects.create(stripe_subscription_id="sub_other", amount_cents=9900)
    others = payment(other_pledge, "in_other", donor_name="Other Donor", received_at=timezone.now())

    response = client.get(manage_path(pledge) + f"receipts/{own.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Receipt number: {own.pk}" in body and "Dear Jane Runner" in body and "$50" in body
    assert "No goods or services were provided" in body
    assert "Lost the link? Ask for a new one: http://localhost/donations/monthly/" in body
    for not_hers in (refunded, others):
        response = client.get(manage_path(pledge) + f"receipts/{not_hers.pk}/")
        assert response.status_code == 404
        assert "Other Donor" not in response.content.decode()


def test_an_ended_gifts_answer_leads_back_to_its_page(client, pledge):
    MonthlyPledge.objects.filter(pk=pledge.pk).update(ended_at=timezone.now())
    response = client.post(manage_path(pledge) + "amount/", {"amount": "80"})

    assert response.status_code == 409
    # The link is signed when the answer is made (its token names the second): it opens this pledge's page.
    links = BeautifulSoup(response.content, "html.parser").select('a[href^="/donations/monthly/"]')
    tokens = [link["href"].removeprefix("/donations/monthly/").strip("/") for link in links]
    assert [pledge_for_token(token) for token in tokens] == [pledge]


def test_runners_of_the_same_name_in_two_events_are_told_apart(client, pledge, campaign):
    other_event = EventPageFactory(parent=campaign["event"].get_parent(), title="Boston Marathon 2027", slug="bos")
    RunnerStoryPageFactory(parent=other_event, runner_name="Runner0 Name", title=campaign["runner"].title)

    soup = BeautifulSoup(client.get(manage_path(pledge)).content, "html.parser")
    options = [option.get_text() for option in soup.select("select[name=page_id] option")]
    runner = campaign["runner"].title
    assert f"{runner}, California International Marathon" in options
    assert f"{runner}, Boston Marathon 2027" in options
    assert "California International Marathon" in options  # an event is listed by its own title


def test_a_change_emails_subject_names_the_change_it_confirms(pledge, mailoutbox):
    """The pledge may have moved again by the time the worker sends: subject and body say the same."""
    send_pledge_change.call(pledge.pk, "amount", "$40", "$75")
    send_pledge_change.call(pledge.pk, "designation", "General fund", "Boston Marathon 2027")

    amount, designation = mailoutbox
    assert amount.subject == "Your monthly gift to the NEC Society is now $75"
    assert "now $75 a month (it was $40)" in amount.body
    assert designation.subject == "Your monthly gift to the NEC Society now supports Boston Marathon 2027"
