"""SITE_URL on a site whose address is not localhost: `migrate` applies it, and every absolute URL the
site emits (page meta, share links, sitemap, robots.txt, JSON-LD, iCal, the family's emails) starts
with it, whatever host the request came in on (a proxy may pass its own)."""

import json
import re
from urllib.parse import quote

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from core.site_url import apply_to_default_site, host_and_port
from events.models import EventPage
from stories.models import TributeIndexPage, TributePage
from tests.support.databases import DemoCampaignTestCase
from tests.support.email import sent_mail
from tests.support.tributes import form_data

PUBLIC = "https://necsociety.example"
INTERNAL_HOST = "10.0.0.7:8000"  # the address a proxy forwards to, never to be written in a page


def absolute_urls(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


@override_settings(SITE_URL=PUBLIC, WAGTAILADMIN_BASE_URL=PUBLIC, TRIBUTE_FORM_MIN_SECONDS=0)
class PublicAddressTests(DemoCampaignTestCase):
    def setUp(self):
        apply_to_default_site()  # what `migrate` does (the test below runs migrate itself)
        self.client.defaults["HTTP_HOST"] = INTERNAL_HOST

    def get(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response

    def assert_public(self, urls):
        assert urls
        wrong = [url for url in urls if not url.startswith(PUBLIC + "/") and "necsociety.example" not in url]
        assert wrong == []

    def test_migrate_applies_site_url_to_the_default_site(self):
        Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
        call_command("migrate", verbosity=0)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port, site.root_url) == ("necsociety.example", 443, PUBLIC)

    def test_page_meta_share_links_and_json_ld_use_the_public_address(self):
        event = EventPage.objects.get(slug="cim-2018")
        soup = BeautifulSoup(self.get(event.url).content, "html.parser")
        assert soup.find("link", rel="canonical")["href"] == PUBLIC + event.url
        assert soup.find("meta", property="og:url")["content"] == PUBLIC + event.url
        assert soup.find("meta", property="og:image")["content"].startswith(PUBLIC + "/media/")
        assert soup.find("meta", attrs={"name": "twitter:image"})["content"].startswith(PUBLIC + "/media/")
        share = soup.find("nav", class_="share")
        assert share.find("a", attrs={"data-copy-link": True})["href"] == PUBLIC + event.url
        assert quote(PUBLIC + event.url, safe="") in share.find("a", href=re.compile("facebook"))["href"]
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["url"] == PUBLIC + event.url
        assert data["image"][0].startswith(PUBLIC + "/media/")
        assert data["organizer"]["url"] == PUBLIC + "/"
        assert INTERNAL_HOST not in str(soup) and "localhost" not in str(soup)

    def test_sitemap_and_robots_use_the_public_address(self):
        sitemap = self.get("/sitemap.xml").content.decode()
        locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert len(locations) > 10
        assert all(url.startswith(PUBLIC + "/") for url in locations)
        assert f"Sitemap: {PUBLIC}/sitemap.xml" in self.get("/robots.txt").content.decode()

    def test_ical_url_and_uid_use_the_public_address(self):
        event = EventPage.objects.get(slug="cim-2018")
        (vevent,) = icalendar.Calendar.from_ical(self.get(event.url + "ical/").content).walk("VEVENT")
        assert str(vevent["URL"]) == PUBLIC + event.url
        assert str(vevent["UID"]) == f"event-{event.pk}@necsociety.example"

    def test_the_familys_and_staffs_emails_link_to_the_public_address(self):
        index = TributeIndexPage.objects.get()
        response = self.client.post(index.url + index.reverse_subpage("share_tribute"), form_data())
        assert response.status_code == 302
        family, staff = sent_mail()
        assert re.search(re.escape(PUBLIC + index.url) + r"your-tribute/[\w-]+/", family.body)
        self.assert_public(absolute_urls(family.body))
        tribute = TributePage.objects.get(baby_name="Charlotte Grace")
        assert f"{PUBLIC}/admin/pages/{tribute.pk}/edit/" in staff.body
        self.assert_public(absolute_urls(staff.body))


@pytest.mark.parametrize(
    "value", ["necsociety.org", "https://necsociety.org/campaign", "ftp://necsociety.org", "https://x.org:8443"]
)
def test_a_site_url_a_site_cannot_answer_at_is_refused_with_a_clear_message(settings, value):
    settings.SITE_URL = value
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        host_and_port()
