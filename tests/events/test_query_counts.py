"""No public page makes more than 12 queries once warm, however many runners, tributes and miles it shows.

Measured with the page cache emptied before each view: these are the queries of a page being rendered
(the first reader after a change, or a logged-in one); a kept page costs none (tests/core/test_page_cache.py).
"""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import EventIndexPage, EventPage
from stories.models import (
    PressCoveragePage,
    PressIndexPage,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
)
from tests.factories.core import ImageFactory
from tests.factories.stories import MileDedicationFactory, RunnerStoryPageFactory, TributePageFactory
from tests.support.databases import DemoCampaignTestCase

QUERY_BUDGET = 12


class QueryCountTests(DemoCampaignTestCase):
    def page_urls(self):
        cim = EventPage.objects.get(slug="cim-2018")
        maya = RunnerStoryPage.objects.get(runner_name="Maya Okafor")
        return {
            "home": "/",
            "event index": EventIndexPage.objects.get().url,
            "event": cim.url,
            "bracelets": cim.url + "bracelets/",
            "team": cim.url + "team/",
            "leaderboard": cim.url + "leaderboard/",
            "story index": StoryIndexPage.objects.get().url,
            "story index filtered": StoryIndexPage.objects.get().url + "?event=cim-2018",
            "tribute index": TributeIndexPage.objects.get().url,
            "press index": PressIndexPage.objects.get().url,
            "runner": maya.url,
            "tribute": cim.miles.get(mile=1).tribute.url,
            "press": PressCoveragePage.objects.live().first().url,
            "search": "/search/?q=marathon",
        }

    def query_counts(self, urls):
        # The first visit makes image renditions and fills caches; the second is the one a reader gets.
        for url in urls.values():
            assert self.client.get(url).status_code == 200, url
        counts = {}
        for name, url in urls.items():
            caches["pages"].clear()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert response.status_code == 200, url
            counts[name] = len(queries)
        return counts

    def grow_campaign(self, runners=40, tributes=40):
        """Add runners with photos to both events and listed tributes with photos, some carrying miles."""
        cim = EventPage.objects.get(slug="cim-2018")
        upcoming = EventPage.objects.get(slug="cim-next")
        index = TributeIndexPage.objects.get()
        new_runners = [
            RunnerStoryPageFactory(
                parent=cim if n % 2 else upcoming,
                runner_name=f"Extra Runner {n}",
                photo=ImageFactory(title=f"runner {n}"),
            )
            for n in range(runners)
        ]
        new_tributes = [
            TributePageFactory(parent=index, baby_name=f"Extra Baby {n}", photo=ImageFactory(title=f"baby {n}"))
            for n in range(tributes)
        ]
        for mile in range(1, 28):
            MileDedicationFactory(
                event=upcoming,
                mile=mile,
                tribute=new_tributes[mile - 1],
                runner=new_runners[(mile - 1) % len(new_runners)],
            )
        # Maya carries more miles now, and the first tribute has a second dedication.
        maya = RunnerStoryPage.objects.get(runner_name="Maya Okafor")
        first_tribute = cim.miles.get(mile=1).tribute
        upcoming.miles.filter(mile=27).update(runner=maya, tribute=first_tribute)

    def test_public_pages_stay_within_budget_and_flat_as_the_campaign_grows(self):
        urls = self.page_urls()
        before = self.query_counts(urls)
        self.grow_campaign()
        after = self.query_counts(urls)
        assert after == before, {name: (before[name], after[name]) for name in urls if before[name] != after[name]}
        over = {name: count for name, count in after.items() if count > QUERY_BUDGET}
        assert not over, over
        print("\nqueries per page once warm:", after)
        # The upcoming event went from no miles and no team to 27 miles and 20 runners.
        upcoming = EventPage.objects.get(slug="cim-next")
        grown = self.query_counts(
            {
                "event": upcoming.url,
                "bracelets": upcoming.url + "bracelets/",
                "team": upcoming.url + "team/",
                "leaderboard": upcoming.url + "leaderboard/",
            }
        )
        assert max(grown.values()) <= QUERY_BUDGET, grown
        assert TributePage.objects.count() == 66 and upcoming.miles.count() == 27
