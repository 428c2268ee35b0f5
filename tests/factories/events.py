"""The events index and events (an upcoming one unless `start` says otherwise)."""

import datetime

import factory
from django.utils import timezone

from events.models import EventIndexPage, EventPage
from tests.factories.core import PublishedPageFactory


class EventIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"


class EventPageFactory(PublishedPageFactory):
    """An event of six hours, thirty days from now unless given a `start`."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Marathon {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=6))
    venue = "Sacramento"
