"""The main menu marks only the section the reader is in (aria-current), so a screen reader
announces one "current" item, not all of them."""

from bs4 import BeautifulSoup

from events.models import EventIndexPage, EventPage
from stories.models import RunnerStoryPage, TributePage
from tests.support.databases import DemoCampaignTestCase


class MainMenuTests(DemoCampaignTestCase):
    def current_items(self, url):
        soup = BeautifulSoup(self.client.get(url).content, "html.parser")
        nav = soup.find("nav", attrs={"aria-label": "Main"})
        return [(a.get_text(strip=True), a["aria-current"]) for a in nav.find_all("a", attrs={"aria-current": True})]

    def test_a_section_index_is_the_current_page(self):
        assert self.current_items(EventIndexPage.objects.get().url) == [("Events", "page")]

    def test_an_inner_page_marks_only_its_section(self):
        runner = RunnerStoryPage.objects.live().first()
        assert self.current_items(runner.url) == [("Events", "true")]
        assert self.current_items(EventPage.objects.get(slug="cim-2018").url) == [("Events", "true")]
        tribute = TributePage.objects.live().filter(is_listed=True).first()
        assert self.current_items(tribute.url) == [("Family tributes", "true")]

    def test_the_home_page_marks_no_section(self):
        assert self.current_items("/") == []
