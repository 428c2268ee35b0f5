"""Ending a monthly gift against localstripe: limited like every other change, and a cancellation
of a subscription Stripe has already ended counts as done (the donor's own end, since they asked).

Stripe's webhooks go nowhere here, so that the page's own answers are what ends the pledge: as when
an event is late, or a first cancellation's answer was lost on the way back."""

import json

import pytest

from donations.donor_links import manage_path
from donations.manage_views import CHANGES_PER_HOUR
from donations.models import MonthlyPledge, StripeEvent
from tests.support.servers import free_port
from tests.support.sites import build_campaign
from tests.support.stripe import card_token, gift_form, localstripe_call, post_event, register_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(client, stripe_at_localstripe):
    register_webhook(stripe_at_localstripe, f"http://127.0.0.1:{free_port()}/donations/stripe/webhook/")
    runner = build_campaign()["runner"]
    started = client.post(
        "/donations/start/",
        gift_form(runner, payment_token=card_token(stripe_at_localstripe), frequency="monthly"),
    )
    assert started.status_code == 200, started.content
    return MonthlyPledge.objects.get(stripe_subscription_id=started.json()["subscription"])


def subscription_at_stripe(stripe_url, pledge):
    return localstripe_call(stripe_url, f"/v1/subscriptions/{pledge.stripe_subscription_id}")


def cancellations_at_stripe(stripe_url, pledge):
    """The customer.subscription.deleted events localstripe announced for this subscription: one a cancellation."""
    events = localstripe_call(stripe_url, "/v1/events?type=customer.subscription.deleted&limit=100")["data"]
    return [e for e in events if e["data"]["object"]["id"] == pledge.stripe_subscription_id]


def test_ten_cancellations_posted_end_the_subscription_once_and_the_pledge_as_the_donors(
    client, pledge, stripe_at_localstripe
):
    statuses = [client.post(manage_path(pledge) + "cancel/").status_code for _ in range(10)]

    assert len(cancellations_at_stripe(stripe_at_localstripe, pledge)) == 1 <= CHANGES_PER_HOUR
    assert subscription_at_stripe(stripe_at_localstripe, pledge)["status"] == "canceled"
    # The first is cancelled at Stripe, the second finds it cancelled and ends the pledge; then it has ended.
    assert statuses[:2] == [302, 302] and set(statuses[2:]) == {409}, statuses
    pledge.refresh_from_db()
    assert pledge.ended_at is not None and pledge.end_reason == "donor"


def test_ending_a_monthly_gift_is_limited_like_every_other_change(client, pledge, stripe_at_localstripe):
    # Asking for the designation it already has asks nothing of Stripe, but counts as a change asked.
    for _ in range(CHANGES_PER_HOUR):
        unchanged = client.post(manage_path(pledge) + "designation/", {"page_id": str(pledge.page_id)})
        assert unchanged.status_code == 200

    response = client.post(manage_path(pledge) + "cancel/")

    assert response.status_code == 429
    assert "Too many changes in an hour" in response.content.decode()
    assert subscription_at_stripe(stripe_at_localstripe, pledge)["status"] == "active"
    assert not cancellations_at_stripe(stripe_at_localstripe, pledge)
    pledge.refresh_from_db()
    assert pledge.cancel_requested_at is None and pledge.ended_at is None


def test_cancelling_a_subscription_stripe_already_ended_ends_the_pledge_as_the_donors(
    client, pledge, stripe_at_localstripe
):
    # The donor's first cancellation reached Stripe, but its answer was lost: the page said "try again".
    localstripe_call(stripe_at_localstripe, f"/v1/subscriptions/{pledge.stripe_subscription_id}", method="DELETE")
    MonthlyPledge.objects.filter(pk=pledge.pk).update(cancel_requested_at=None)

    response = client.post(manage_path(pledge) + "cancel/")

    assert response.status_code == 302 and response["Location"].endswith("?done=cancel")
    pledge.refresh_from_db()
    assert pledge.ended_at is not None and pledge.end_reason == "donor"
    assert "This monthly gift ended on" in client.get(manage_path(pledge)).content.decode()

    # Stripe's own event, arriving afterwards, finds it ended: nothing is told or counted twice.
    [deleted] = cancellations_at_stripe(stripe_at_localstripe, pledge)
    assert post_event(client, json.loads(json.dumps(deleted))).json()["outcome"] == "no open pledge"
    assert StripeEvent.objects.filter(event_id=deleted["id"]).count() == 1
    assert MonthlyPledge.objects.get(pk=pledge.pk).end_reason == "donor"
