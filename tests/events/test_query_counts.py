"""No public page makes more than 4 queries once warm (the search 12), nor more than 24 for the first reader
after a change every page shows, however many runners, tributes and miles it shows.

Measured with the page cache emptied before each view: these are the queries of a page being rendered
(a logged-in reader, or one with a session), its kept fragments, menus and figures warm
(core/pagecache.py, core.queries.versioned); then after a change every page shows (`content_changed`:
every kept fragment, menu and listing is made again). A kept page costs none (tests/core/test_page_cache.py).
"""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.queries import content_changed
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
# Rendered afresh with its kept fragments and cached figures: the route (the page's row and its own type),
# then what the page shows of its own (pictures, gallery). The search reads the index.
WARM_PAGE_BUDGET = 4
# After a change every page shows (a setting saved, a page moved): the menu, breadcrumbs, settings, header,
# footer and kept fragments are made again, each from a query or two, whatever the campaign's size.
AFTER_A_CHANGE_BUDGET = 24


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

    def query_counts(self, urls, after_a_change=False):
        # The first visit makes image renditions and fills caches; the second is the one a reader gets.
        for url in urls.values():
            assert self.client.get(url).status_code == 200, url
        counts = {}
        for name, url in urls.items():
            caches["pages"].clear()
            if after_a_change:
                content_changed()  # every kept fragment, menu, setting and listing is made again
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
        changed_before = self.query_counts(urls, after_a_change=True)
        self.grow_campaign()
        after = self.query_counts(urls)
        changed = self.query_counts(urls, after_a_change=True)
        print("\nqueries per page once warm:", after, "\nafter a change every page shows:", changed)
        assert after == before, {name: (before[name], after[name]) for name in urls if before[name] != after[name]}
        over = {name: count for name, count in after.items() if count > WARM_PAGE_BUDGET and name != "search"}
        assert not over and after["search"] <= QUERY_BUDGET, after
        assert changed == changed_before, {name: (changed_before[name], changed[name]) for name in urls}
        over = {name: count for name, count in changed.items() if count > AFTER_A_CHANGE_BUDGET}
        assert not over, over
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
        assert max(grown.values()) <= WARM_PAGE_BUDGET, grown
        assert TributePage.objects.count() == 66 and upcoming.miles.count() == 27
