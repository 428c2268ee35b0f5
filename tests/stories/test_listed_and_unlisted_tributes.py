"""The family decides: unlisted tributes stay out of listings, search, the sitemap and links from other
pages, but open by link."""

import datetime

from bs4 import BeautifulSoup

from events.models import EventPage
from stories.models import RunnerStoryPage, TributeIndexPage, TributePage
from tests.factories.stories import MileDedicationFactory, TributePageFactory
from tests.support.databases import DemoCampaignTestCase


class ListedAndUnlistedTributeTests(DemoCampaignTestCase):
    """A listed and an unlisted tribute added to the demo campaign, the unlisted one the newest."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index = TributeIndexPage.objects.get()
        cls.listed = TributePageFactory(parent=index, baby_name="Zephyr Listedname", summary="Listed")
        cls.unlisted = TributePageFactory(
            parent=index, baby_name="Quillon Privatename", is_listed=False, summary="Unlisted"
        )

    def test_unlisted_tribute_is_absent_from_the_tribute_index(self):
        client = self.client
        index = TributeIndexPage.objects.get()
        pages = b"".join(client.get(index.url, {"page": n}).content for n in (1, 2, 3))
        assert b"Zephyr Listedname" in pages
        assert b"Quillon Privatename" not in pages

    def test_unlisted_tribute_is_absent_from_the_home_page(self):
        client = self.client
        html = client.get("/").content
        # The listed tribute is on the home page; the unlisted one, published after it, is not.
        assert b"Zephyr Listedname" in html
        assert b"Quillon Privatename" not in html

    def test_unlisted_tribute_is_absent_from_site_search(self):
        client = self.client
        assert b"Zephyr Listedname" in client.get("/search/", {"q": "Listedname"}).content
        response = client.get("/search/", {"q": "Privatename"})
        assert response.status_code == 200
        assert b"Quillon Privatename" not in response.content
        assert b"No pages match" in response.content

    def test_unlisted_tribute_is_absent_from_the_sitemap(self):
        client = self.client
        sitemap = client.get("/sitemap.xml").content.decode()
        assert self.listed.get_full_url() in sitemap
        assert self.unlisted.get_full_url() not in sitemap
        for page in TributePage.objects.filter(is_listed=False):
            assert page.get_full_url() not in sitemap

    def test_unlisted_tribute_opens_by_its_link_with_noindex(self):
        client = self.client
        response = client.get(self.unlisted.url)
        assert response.status_code == 200
        html = BeautifulSoup(response.content, "html.parser")
        assert html.select_one("h1").get_text() == "Quillon Privatename"
        assert html.select_one('meta[name="robots"]')["content"] == "noindex"
        assert (
            BeautifulSoup(client.get(self.listed.url).content, "html.parser").select_one('meta[name="robots"]') is None
        )

    def test_tribute_shows_dates_only_when_the_family_gives_them(self):
        client = self.client
        without_dates = BeautifulSoup(client.get(self.listed.url).content, "html.parser")
        assert "Born" not in without_dates.get_text()
        # Under the name, only the family's choice (the tribute's default: in honour).
        assert without_dates.select_one(".page-header__meta").get_text().strip() == "In honour"
        self.listed.born = datetime.date(2019, 3, 4)
        self.listed.save_revision().publish()
        with_dates = BeautifulSoup(client.get(self.listed.url).content, "html.parser")
        meta = with_dates.select_one(".page-header__meta").get_text().strip()
        assert meta == "In honour. Born 4 March 2019"

    def test_draft_tribute_is_absent_from_the_index(self):
        client = self.client
        self.listed.unpublish()
        index = TributeIndexPage.objects.get()
        pages = b"".join(client.get(index.url, {"page": n}).content for n in (1, 2, 3))
        assert b"Zephyr Listedname" not in pages

    def test_unlisted_tribute_is_named_on_the_miles_but_its_private_link_is_not_published(self):
        event = EventPage.objects.get(slug="cim-2018")
        runner = RunnerStoryPage.objects.child_of(event).live().order_by("path").first()
        MileDedicationFactory(event=event, mile=27, tribute=self.unlisted, runner=runner)
        for url in (event.url, runner.url):
            html = BeautifulSoup(self.client.get(url).content, "html.parser")
            miles = html.select_one(".miles")
            assert "Quillon Privatename" in miles.get_text()
            # The family shares the link themselves: no public page points at it.
            assert not html.select(f'a[href="{self.unlisted.url}"]'), url
