"""A past event thanks its team with its total, and still takes gifts; an upcoming one asks for them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from donations.models import Donation
from tests.factories.donations import OfflineDonationFactory, StripeDonationFactory
from tests.support.stripe import gift_form

pytestmark = pytest.mark.django_db


def end_in_the_past(event):
    event.start = timezone.now() - datetime.timedelta(days=400)
    event.end = event.start + datetime.timedelta(hours=6)
    event.save_revision().publish()
    return event


def page(client, event):
    response = client.get(event.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def words(element):
    return " ".join(element.get_text(" ").split())


def test_a_past_event_thanks_its_team_with_the_ledgers_total_near_the_top(client, campaign):  # noqa: F811
    event = end_in_the_past(campaign["event"])
    year = event.local_start.year
    # Two gifts to the event, one to a runner (it rolls up to the event), one anonymous: all counted.
    OfflineDonationFactory(page=event, amount_cents=10_000)
    StripeDonationFactory(page=event, amount_cents=2_620, is_anonymous=True)
    StripeDonationFactory(page=campaign["runner"], amount_cents=5_000, donor_email="sam@example.org")
    OfflineDonationFactory(page=event, amount_cents=99_900, status=Donation.Status.REFUNDED)  # not counted

    html = page(client, event)
    thanks = html.select_one("[data-event-thanks]")
    assert words(thanks).startswith(f"Thank you: the {year} team raised $176.20 from 3 gifts for NEC research.")
    # Near the top: before the course and the giving box, right after the page's header.
    assert thanks.find_previous("h1") is not None and thanks.find_next("section", class_="course") is not None
    assert thanks.find("a")["href"] == f"#giving-heading-{event.pk}"
    # The giving box says gifts still help, and its bar shows the same figure.
    giving = html.select_one("section.giving")
    assert giving.find("h2").get_text(strip=True) == "Gifts still help NEC research"
    assert giving.select_one("[data-raised]").get_text() == "$176.20"
    assert giving.select_one("form.donation-form") is not None


def test_a_past_event_without_gifts_thanks_its_team_without_a_total(client, campaign):  # noqa: F811
    event = end_in_the_past(campaign["event"])
    thanks = page(client, event).select_one("[data-event-thanks]")
    assert words(thanks).startswith(f"Thank you: the {event.local_start.year} team ran for NEC research.")
    assert "$" not in words(thanks)


def test_an_upcoming_event_asks_for_gifts_and_says_no_thanks_yet(client, campaign):  # noqa: F811
    OfflineDonationFactory(page=campaign["event"], amount_cents=10_000)
    html = page(client, campaign["event"])
    assert html.select_one("[data-event-thanks]") is None
    assert "Thank you" not in words(html.select_one("main") or html)
    assert html.select_one("section.giving h2").get_text(strip=True) == "Support the team"


def test_a_gift_to_a_past_event_is_still_accepted(client, campaign, stripe_unreachable):  # noqa: F811
    event = end_in_the_past(campaign["event"])
    response = client.post("/donations/start/", gift_form(event))
    # Valid: it went as far as Stripe (unreachable here, so 503), not refused as a form error (400).
    assert response.status_code == 503, response.content
