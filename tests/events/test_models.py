"""Model rules for events, miles, runners and tributes."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import FINAL_STRETCH, EventPage
from stories.models import MileDedication, RunnerStoryPage, TributePage
from tests.support.databases import DemoCampaignTestCase

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")

# Building a Wagtail page reads its content type, from the database once the cache is cleared.
pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts():
    event = EventPage(
        title="Backwards",
        slug="backwards",
        venue="Somewhere",
        start=datetime.datetime(2030, 12, 1, 9, tzinfo=PACIFIC),
        end=datetime.datetime(2030, 12, 1, 8, tzinfo=PACIFIC),
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "cannot end before it starts" in str(error.value)


def test_event_times_are_shown_in_the_events_own_time_zone():
    event = EventPage(
        start=datetime.datetime(2030, 12, 1, 15, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 12, 1, 21, tzinfo=datetime.UTC),
        time_zone="America/New_York",
    )
    assert event.local_start.hour == 10
    assert event.local_start.tzname() == "EST"


def test_the_final_stretch_is_labelled_point_two():
    assert MileDedication(mile=FINAL_STRETCH).mile_label == "0.2"
    assert MileDedication(mile=26).mile_label == "26"


def test_runner_goal_is_shown_in_dollars_without_floats():
    assert RunnerStoryPage(goal_cents=150_000).goal_display() == "$1,500"
    assert RunnerStoryPage(goal_cents=150_050).goal_display() == "$1,500.50"
    assert RunnerStoryPage(goal_cents=None).goal_display() == ""


class MileRulesTests(DemoCampaignTestCase):
    def test_the_database_refuses_a_second_dedication_of_the_same_mile(self):
        event = EventPage.objects.get(slug="cim-2018")
        tribute = TributePage.objects.first()
        with transaction.atomic(), pytest.raises(IntegrityError):
            MileDedication.objects.create(event=event, mile=1, tribute=tribute)
        assert event.miles.filter(mile=1).count() == 1

    def test_the_same_mile_may_be_dedicated_at_another_event(self):
        upcoming = EventPage.objects.get(slug="cim-next")
        tribute = TributePage.objects.first()
        MileDedication.objects.create(event=upcoming, mile=1, tribute=tribute)
        assert MileDedication.objects.filter(mile=1).count() == 2
        assert tribute.mile_dedications.count() == 2

    def test_unlisted_tribute_has_no_sitemap_entry(self):
        unlisted = TributePage.objects.filter(is_listed=False).first()
        listed = TributePage.objects.filter(is_listed=True).first()
        assert unlisted.get_sitemap_urls() == []
        assert listed.get_sitemap_urls()[0]["location"] == listed.full_url
