"""Runner stories, family tributes (with their photos), press coverage, and the miles dedicated to babies."""

import datetime

import factory
from factory.django import DjangoModelFactory

from stories.models import (
    MileDedication,
    PressCoveragePage,
    PressIndexPage,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
    TributePhoto,
)
from tests.factories.core import PublishedPageFactory


class StoryIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = StoryIndexPage

    title = "Stories"
    slug = "stories"


class RunnerStoryPageFactory(PublishedPageFactory):
    """A runner's story, under an event (its `parent`)."""

    class Meta:
        model = RunnerStoryPage

    runner_name = factory.Sequence(lambda n: f"Runner {n}")
    title = factory.LazyAttribute(lambda runner: f"{runner.runner_name}: why I run")
    slug = factory.Sequence(lambda n: f"runner-{n}")


class TributeIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = TributeIndexPage

    title = "Family tributes"
    slug = "tributes"


class TributePageFactory(PublishedPageFactory):
    """A listed tribute, titled with the baby's name; `photo=<image>` gives it a photo.

    The photo goes in with the page, so that its published revision holds it too, as in the demo content
    (a photo added after publishing would be lost by the next publish of that revision).
    """

    class Meta:
        model = TributePage

    class Params:
        photo = None

    baby_name = factory.Sequence(lambda n: f"Baby {n}")
    title = factory.LazyAttribute(lambda tribute: tribute.baby_name)
    slug = factory.Sequence(lambda n: f"tribute-{n}")
    is_listed = True
    photos = factory.LazyAttribute(lambda tribute: [TributePhoto(image=tribute.photo)] if tribute.photo else [])


class PressIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = PressIndexPage

    title = "In the news"
    slug = "press"


class PressCoveragePageFactory(PublishedPageFactory):
    class Meta:
        model = PressCoveragePage

    outlet = "The Sacramento Bee"
    headline = factory.Sequence(lambda n: f"Runners carry babies' names, mile {n}")
    title = factory.LazyAttribute(lambda item: item.headline)
    slug = factory.Sequence(lambda n: f"press-{n}")
    published = datetime.date(2018, 12, 3)
    external_url = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")


class MileDedicationFactory(DjangoModelFactory):
    """Mile `mile` of `event` dedicated to `tribute` (all three required), carried by `runner` if given."""

    class Meta:
        model = MileDedication

    runner = None
    sort_order = factory.LazyAttribute(lambda dedication: dedication.mile)
