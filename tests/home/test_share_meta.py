"""What link previews, browsers' tabs and search engines read: a favicon, an og:image on every shareable
page, page 2 of a listing as a page of its own, and an event's address as a schema.org PostalAddress."""

import json

import PIL.Image
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Page

from events.models import EventPage
from stories.models import TributeIndexPage
from tests.factories.stories import TributePageFactory
from tests.support.databases import DemoCampaignTestCase


class ShareMetaTests(DemoCampaignTestCase):
    def soup(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, url
        return BeautifulSoup(response.content, "html.parser")

    def test_every_page_shows_a_favicon_and_favicon_ico_leads_to_it(self):
        icon = self.soup("/").find("link", rel="icon")
        assert self.client.get(icon["href"]).status_code == 200
        response = self.client.get("/favicon.ico")
        # Temporary: the target's hashed name changes with the icon, and browsers keep a 301 for good.
        assert response.status_code == 302
        assert self.client.get(response["Location"]).status_code == 200

    def test_every_shareable_page_has_an_og_image_that_loads(self):
        renditions = 0
        for page in Page.objects.live().public().filter(depth__gt=1).specific():
            with self.subTest(page=page.title):
                soup = self.soup(page.url)
                image = soup.find("meta", property="og:image")
                assert image is not None, page.url
                assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
                url = image["content"]
                size = (
                    int(soup.find("meta", property="og:image:width")["content"]),
                    int(soup.find("meta", property="og:image:height")["content"]),
                )
                if url.startswith("http://localhost/static/"):
                    assert self.client.get(url.removeprefix("http://localhost")).status_code == 200
                else:
                    # A photo's rendition: media is served by the web server (or the bucket), not by
                    # Django, so read the file the URL names and check it is the size the page declares.
                    assert url.startswith("http://localhost" + settings.MEDIA_URL), url
                    with PIL.Image.open(
                        settings.MEDIA_ROOT / url.removeprefix("http://localhost" + settings.MEDIA_URL)
                    ) as picture:
                        assert picture.size == size, url
                    renditions += 1
        assert renditions  # the demo's runners and tributes have photos: a rendition was fetched

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

    def test_without_a_street_or_city_the_address_is_the_venue_not_only_the_country(self):
        event = EventPage.objects.get(slug="cim-2018")
        event.address, event.locality, event.region, event.postal_code = "", "", "", ""
        event.save_revision().publish()
        data = json.loads(self.soup(event.url).find("script", type="application/ld+json").string)
        assert data["location"]["address"] == {
            "@type": "PostalAddress",
            "streetAddress": event.venue,
            "addressCountry": "US",
        }
