"""The site: the home page and standard pages, and the campaign site every page-level test starts from
(the demo campaign is tests/support/databases.py's)."""

from dataclasses import dataclass

import factory
from wagtail.models import Page, Site

from events.models import EventIndexPage
from home.models import HomePage, StandardPage
from stories.models import PressIndexPage, StoryIndexPage, TributeIndexPage
from tests.factories.core import PublishedPageFactory
from tests.factories.events import EventIndexPageFactory
from tests.factories.stories import PressIndexPageFactory, StoryIndexPageFactory, TributeIndexPageFactory


class HomePageFactory(PublishedPageFactory):
    """A home page under Wagtail's root (use `campaign_site()` to make it the default Site's root)."""

    class Meta:
        model = HomePage

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = "NEC Society"
    slug = "home"


class StandardPageFactory(PublishedPageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"About us {n}")


@dataclass
class CampaignSite:
    home: HomePage
    events: EventIndexPage
    stories: StoryIndexPage
    tributes: TributeIndexPage
    press: PressIndexPage


def campaign_site(**home_fields):
    """A home page, in place of Wagtail's welcome page, as the default Site's root, with the four section
    indexes (events, stories, tributes, press) under it and nothing in them: each test adds what it needs."""
    root = Page.get_first_root_node()
    root.get_children().filter(slug="home").delete()
    home = HomePageFactory(parent=root, **home_fields)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "NEC Society"},
    )
    return CampaignSite(
        home=home,
        events=EventIndexPageFactory(parent=home),
        stories=StoryIndexPageFactory(parent=home),
        tributes=TributeIndexPageFactory(parent=home),
        press=PressIndexPageFactory(parent=home),
    )
