"""What link previews, browsers' tabs and search engines read: a favicon, an og:image on every shareable
page, page 2 of a listing as a page of its own, and an event's address as a schema.org PostalAddress."""

import json

from bs4 import BeautifulSoup
from wagtail.models import Page

from events.models import EventPage
from stories.models import TributeIndexPage
from tests.factories.home import DemoCampaignTestCase
from tests.factories.stories import TributePageFactory


class ShareMetaTests(DemoCampaignTestCase):
    def soup(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, url
        return BeautifulSoup(response.content, "html.parser")

    def test_every_page_shows_a_favicon_and_favicon_ico_leads_to_it(self):
        icon = self.soup("/").find("link", rel="icon")
        assert self.client.get(icon["href"]).status_code == 200
        response = self.client.get("/favicon.ico")
        assert response.status_code == 301
        assert self.client.get(response["Location"]).status_code == 200

    def test_every_shareable_page_has_an_og_image_that_loads(self):
        for page in Page.objects.live().public().filter(depth__gt=1).specific():
            with self.subTest(page=page.title):
                soup = self.soup(page.url)
                image = soup.find("meta", property="og:image")
                assert image is not None, page.url
                assert image["content"].startswith("http://localhost/")
                assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
                if "/static/" in image["content"]:
                    assert self.client.get(image["content"].removeprefix("http://localhost")).status_code == 200

    def test_page_two_of_a_listing_is_its_own_canonical_url(self):
        index = TributeIndexPage.objects.get()
        for n in range(30):
            TributePageFactory(parent=index, baby_name=f"Baby Test {n:02d}")
        first = self.soup(index.url).find("link", rel="canonical")["href"]
        assert first == "http://localhost" + index.url
        second = self.soup(index.url + "?page=2")
        assert second.find("link", rel="canonical")["href"] == first + "?page=2"
        assert second.find("meta", property="og:url")["content"] == first + "?page=2"
        assert self.soup(index.url + "?page=1").find("link", rel="canonical")["href"] == first

    def test_the_events_json_ld_gives_a_postal_address(self):
        event = EventPage.objects.get(slug="cim-2018")
        data = json.loads(self.soup(event.url).find("script", type="application/ld+json").string)
        assert data["location"]["address"] == {
            "@type": "PostalAddress",
            "streetAddress": "Folsom Blvd",
            "addressLocality": "Folsom",
            "addressRegion": "CA",
            "postalCode": "95630",
            "addressCountry": "US",
        }
