"""A clear way to give: the Donate button in every page's header leads to the giving box of the page
itself when that page takes gifts (a runner, a baby's tribute, an event), elsewhere to the current or
next event's giving box, or to the general fund's page when no event is on; the home page's main button
leads to that event."""

import datetime

import time_machine
from bs4 import BeautifulSoup
from django.core.cache import caches

from events.models import EventPage
from home.models import HomePage
from stories.models import PressCoveragePage, RunnerStoryPage, TributePage
from tests.support.databases import DemoCampaignTestCase


class DonateButtonTests(DemoCampaignTestCase):
    def donate_link(self, url):
        caches["pages"].clear()
        response = self.client.get(url)
        link = BeautifulSoup(response.content, "html.parser").select("header.site-header a.site-header__donate")
        assert len(link) == 1, url
        return link[0]

    def test_a_page_that_takes_gifts_leads_to_its_own_giving_box(self):
        runner = RunnerStoryPage.objects.live().public().first()
        tribute = TributePage.objects.live().public().first()
        past = EventPage.objects.get(slug="cim-2018")
        for page in [runner, tribute, past]:
            link = self.donate_link(page.url)
            assert link["href"] == f"{page.url}#giving-heading-{page.pk}", page.url
            assert link.get_text() == "Donate"
            assert link["aria-label"] == f"Donate to {page.title}"
            # The anchor is that page's own giving box, whose form gives to that page.
            shown = BeautifulSoup(self.client.get(page.url).content, "html.parser")
            box = shown.select_one(f"section.giving[aria-labelledby=giving-heading-{page.pk}]")
            assert box.select_one(f"h2#giving-heading-{page.pk}")
            assert box.select_one("form.donation-form [name=page_id]")["value"] == str(page.pk)

    def test_every_other_page_leads_to_the_next_events_giving_box(self):
        upcoming = EventPage.objects.get(slug="cim-next")
        pages = ["/", PressCoveragePage.objects.live().first().url]
        for url in [*pages, "/search/?q=marathon", "/no-such-page/"]:
            link = self.donate_link(url)
            assert link["href"] == f"{upcoming.url}#giving-heading-{upcoming.pk}", url
            assert link.get_text() == "Donate"
            assert link["aria-label"] == f"Donate to {upcoming.title}"
        # The anchor is the giving box's heading on the event page.
        event_page = BeautifulSoup(self.client.get(upcoming.url).content, "html.parser")
        assert event_page.select_one(f"section.giving h2#giving-heading-{upcoming.pk}")

    def test_the_home_pages_main_button_leads_to_the_next_event_not_the_one_the_editor_chose_long_ago(self):
        upcoming = EventPage.objects.get(slug="cim-next")
        home = BeautifulSoup(self.client.get("/").content, "html.parser")
        button = home.select_one(".hero a.button--large")
        assert button["href"] == upcoming.url
        assert button.get_text() == f"Meet the marathon team: {upcoming.title}"

    def test_the_home_page_has_one_button_to_the_next_event_with_or_without_the_editors_words(self):
        upcoming = EventPage.objects.get(slug="cim-next")
        home = HomePage.objects.get()
        for label, words in [(home.hero_cta_label, home.hero_cta_label), ("", "Run, cheer or give")]:
            home.hero_cta_label = label
            home.save_revision().publish()
            html = BeautifulSoup(self.client.get("/").content, "html.parser")
            buttons = [a for a in html.select("main a.button") if a["href"] == upcoming.url]
            assert [a.get_text() for a in buttons] == [f"{words}: {upcoming.title}"], label

    def test_when_no_event_is_on_the_button_leads_to_the_general_funds_giving(self):
        self.donate_link("/")  # the current campaign is now kept in the cache
        # The race ends with nothing published: the kept campaign is dropped once its event is over.
        after_the_race = EventPage.objects.get(slug="cim-next").end + datetime.timedelta(hours=1)
        traveller = time_machine.travel(after_the_race, tick=True)
        traveller.start()
        self.addCleanup(traveller.stop)
        link = self.donate_link("/")
        assert link["href"] == "/donations/give/"
        assert not link.has_attr("aria-label")
        home = BeautifulSoup(self.client.get("/").content, "html.parser")
        assert home.select_one(".hero a.button--large")["href"] == EventPage.objects.get(slug="cim-2018").url

        give = BeautifulSoup(self.client.get(link["href"]).content, "html.parser")
        assert give.select_one("h1").get_text(strip=True) == "Give to the general fund"
        form = give.select_one("form.donation-form")
        assert form is not None
        assert not form.select("[name=page_id]") or not form.select_one("[name=page_id]").get("value")
