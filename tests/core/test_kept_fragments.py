"""Kept fragments (core.pagecache.kept_fragment): the costly parts of a page rendered afresh (a listing's
cards, an event's course and team) are reused by every reader who gets a fresh page (an editor, a reader
with a session, the first reader after a change) until what they show changes, and then at once.

Each test reads as a logged-in editor (never served from the page cache) and as an anonymous reader.
"""

from unittest import mock

from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from donations.models import Donation
from donations.templatetags.donation_tags import dollars
from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from stories.models import PressCoveragePage, PressIndexPage, RunnerStoryPage, StoryIndexPage, TributeIndexPage
from tests.factories.events import EventPageFactory
from tests.factories.stories import PressCoveragePageFactory, RunnerStoryPageFactory, TributePageFactory
from tests.support.databases import DemoCampaignTestCase


class KeptFragmentTests(DemoCampaignTestCase):
    def setUp(self):
        self.editor = Client()
        self.editor.force_login(get_user_model().objects.create_superuser("editor", "e@example.org", "x"))
        self.readers = {"editor": self.editor, "reader": Client()}

    def read(self, url):
        """The page as each reader gets it: {reader: HTML}."""
        pages = {}
        for name, client in self.readers.items():
            response = client.get(url)
            assert response.status_code == 200, (name, url)
            pages[name] = response.content.decode()
        return pages

    def assert_in_each(self, text, url, present=True):
        for name, html in self.read(url).items():
            assert (text in html) is present, (name, url, text)

    def test_a_tribute_published_shows_on_the_tribute_index_at_once_and_a_renamed_one_too(self):
        index = TributeIndexPage.objects.get()
        self.assert_in_each("Aurora Added", index.url, present=False)  # the index's cards are kept now
        tribute = TributePageFactory(parent=index, baby_name="Aurora Added")
        self.assert_in_each("Aurora Added", index.url)
        tribute.baby_name = "Aurora Renamed"
        tribute.save_revision().publish()
        self.assert_in_each("Aurora Renamed", index.url)
        self.assert_in_each("Aurora Added", index.url, present=False)

    def test_a_runner_published_shows_in_the_events_team_its_team_listing_and_the_stories_at_once(self):
        cim = EventPage.objects.get(slug="cim-2018")
        urls = (cim.url, cim.url + "team/", StoryIndexPage.objects.get().url)
        for url in urls:
            self.assert_in_each("Abel Added", url, present=False)
        runner = RunnerStoryPageFactory(parent=cim, runner_name="Abel Added")
        for url in urls:
            self.assert_in_each("Abel Added", url)
        RunnerStoryPage.objects.get(pk=runner.pk).unpublish()
        for url in urls:
            self.assert_in_each("Abel Added", url, present=False)

    def test_a_baby_renamed_shows_in_the_events_miles_at_once(self):
        cim = EventPage.objects.get(slug="cim-2018")
        tribute = cim.miles.get(mile=1).tribute
        self.assert_in_each(tribute.baby_name, cim.url)
        tribute.baby_name = "Ivy Renamed"
        tribute.save_revision().publish()
        for name, html in self.read(cim.url).items():
            assert '<a class="miles__baby" href="' + tribute.url + '">Ivy Renamed</a>' in html, name

    def test_an_event_and_coverage_published_show_on_their_indexes_at_once(self):
        events = EventIndexPage.objects.get()
        self.assert_in_each("Bay Bridge Run", events.url, present=False)
        EventPageFactory(parent=events, title="Bay Bridge Run")
        self.assert_in_each("Bay Bridge Run", events.url)
        press = PressIndexPage.objects.get()
        self.assert_in_each("Runners carry the babies names", press.url, present=False)
        PressCoveragePageFactory(parent=press, headline="Runners carry the babies names")
        self.assert_in_each("Runners carry the babies names", press.url)
        PressCoveragePage.objects.get(headline="Runners carry the babies names").unpublish()
        self.assert_in_each("Runners carry the babies names", press.url, present=False)

    def test_a_gift_moves_the_figures_of_the_event_and_its_leaderboard_and_leaves_its_course_and_team_kept(self):
        cim = EventPage.objects.get(slug="cim-2018")
        runner = RunnerStoryPage.objects.live().child_of(cim).order_by("path").first()
        self.read(cim.url)
        self.read(cim.url + "leaderboard/")
        with (
            mock.patch.object(EventPage, "course_html", autospec=True, side_effect=EventPage.course_html) as course,
            mock.patch.object(
                EventPage, "team_preview_html", autospec=True, side_effect=EventPage.team_preview_html
            ) as team,
        ):
            with self.captureOnCommitCallbacks(execute=True):
                Donation.objects.create(page=runner, amount_cents=262_000, donor_name="Grace Giver", message="Run on")
            raised = self.client.get(f"/donations/totals/{cim.pk}/").json()["raised_cents"]
            for name, html in self.read(cim.url).items():
                assert f"<strong data-raised>{dollars(raised)}</strong>" in html, name
            # A gift shows in no kept fragment: the course and the team were not rendered again.
            assert course.call_count == 0 and team.call_count == 0
        runner_raised = self.client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"]
        for name, html in self.read(cim.url + "leaderboard/").items():
            assert dollars(runner_raised) in html, name

    def test_a_page_link_in_rich_text_follows_its_pages_new_address_at_once(self):
        about = StandardPage.objects.get(slug="about-nec")
        index = TributeIndexPage.objects.get()
        self.assert_in_each(f'<a href="{index.url}">family tributes</a>', about.url)
        index.slug = "babies"
        index.save_revision().publish()
        self.assert_in_each('<a href="/babies/">family tributes</a>', about.url)
        self.assert_in_each(f'<a href="{index.url}">family tributes</a>', about.url, present=False)

    def test_a_site_added_for_another_address_answers_there_at_once(self):
        about = StandardPage.objects.get(slug="about-nec")
        assert "What NEC is" not in self.client.get("/", HTTP_HOST="nec.example").content.decode()
        Site.objects.create(hostname="nec.example", port=80, root_page=about, site_name="About NEC")
        assert "What NEC is" in self.client.get("/", HTTP_HOST="nec.example").content.decode()
