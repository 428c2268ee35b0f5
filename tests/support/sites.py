"""Small sites to test on (quicker than the demo campaign): a campaign to give to, a tribute site; and
serving the site at a live server's address."""

import datetime

import pytest

from tests.factories.events import EventPageFactory
from tests.factories.home import campaign_site
from tests.factories.stories import RunnerStoryPageFactory, TributePageFactory

CIM_2018 = datetime.datetime(2018, 12, 2, 15, tzinfo=datetime.UTC)


def build_campaign(runner_count=2):
    """A small campaign to give to: an upcoming event with its runners, and a tribute (the demo content is too
    slow per test)."""
    site = campaign_site()
    event = EventPageFactory(
        parent=site.events,
        title="California International Marathon",
        slug="cim",
        venue="Folsom to Sacramento",
        goal_cents=2_620_000,
    )
    runners = [
        RunnerStoryPageFactory(parent=event, runner_name=f"Runner{n} Name", goal_cents=100_000)
        for n in range(runner_count)
    ]
    tribute = TributePageFactory(
        parent=site.tributes, title="Remembering Baby Ava", slug="ava", baby_name="Ava", is_listed=False
    )
    return {"home": site.home, "event": event, "runner": runners[0], "runners": runners, "tribute": tribute}


@pytest.fixture
def campaign(db):
    """`build_campaign()`'s pages, built once per session and copied for each test (tests/support/databases.py)."""
    from events.models import EventPage
    from home.models import HomePage
    from stories.models import RunnerStoryPage, TributePage

    event = EventPage.objects.get(slug="cim")
    runners = list(RunnerStoryPage.objects.child_of(event).order_by("path"))
    home, tribute = HomePage.objects.get(), TributePage.objects.get(slug="ava")
    return {"home": home, "event": event, "runner": runners[0], "runners": runners, "tribute": tribute}


def build_tribute_site():
    """A small site: home, the section indexes, one published tribute, a past and an upcoming event."""
    site = campaign_site()
    TributePageFactory(parent=site.tributes, baby_name="Baby Ruiz", slug="baby-ruiz")
    EventPageFactory(
        parent=site.events, title="California International Marathon 2018", slug="cim-2018", start=CIM_2018
    )
    EventPageFactory(parent=site.events, title="California International Marathon next", slug="cim-next")
    return site.home


@pytest.fixture
def tribute_site(db):
    """`build_tribute_site()`'s pages (its home page), built once per session and copied for each test.

    Much quicker than the whole demo campaign, which these tests do not need.
    """
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def tribute_index(tribute_site):
    from stories.models import TributeIndexPage

    return TributeIndexPage.objects.get()


@pytest.fixture
def share_url(tribute_index):
    return tribute_index.url + tribute_index.reverse_subpage("share_tribute")


def serve_at(settings, url):
    """What a deployment does: SITE_URL is the server's address, applied to the default Site."""
    from core.site_url import apply_to_default_site

    settings.SITE_URL = url
    apply_to_default_site()
