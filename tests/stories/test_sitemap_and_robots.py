"""Search engines: the sitemap lists public pages, robots.txt points at it, every page has a canonical URL."""

from bs4 import BeautifulSoup
from wagtail.models import Page

from events.models import EventPage
from tests.support.databases import DemoCampaignTestCase


class SearchEngineTests(DemoCampaignTestCase):
    """robots.txt, the sitemap and page meta in the demo campaign."""

    def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(self):
        client = self.client
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        text = response.content.decode()
        assert "Disallow: /admin/" in text
        assert "Sitemap: http://localhost/sitemap.xml" in text

    def test_sitemap_lists_live_pages_but_not_drafts(self):
        client = self.client
        event = EventPage.objects.get(slug="cim-next")
        event.unpublish()
        sitemap = client.get("/sitemap.xml").content.decode()
        assert EventPage.objects.get(slug="cim-2018").get_full_url() in sitemap
        assert event.get_full_url() not in sitemap

    def test_every_page_type_has_canonical_url_and_share_image_meta(self):
        client = self.client
        seen = set()
        for page in Page.objects.live().public().filter(depth__gt=1).specific():
            if type(page) in seen:
                continue
            seen.add(type(page))
            html = BeautifulSoup(client.get(page.url).content, "html.parser")
            assert html.select_one('link[rel="canonical"]')["href"] == page.get_full_url(), page
            assert html.select_one('meta[property="og:title"]'), page
            assert html.select_one('meta[name="twitter:card"]'), page
            if page.get_share_image():
                assert html.select_one('meta[property="og:image"]'), page
        assert len(seen) >= 9
