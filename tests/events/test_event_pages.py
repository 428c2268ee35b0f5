"""The event page and the events index, as a reader sees them in the demo campaign."""

import datetime
import json
import re
from unittest import mock

import icalendar
from bs4 import BeautifulSoup
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from events.course_map import build_course_map
from events.models import EventIndexPage, EventPage
from stories.models import TributePage
from tests.factories.stories import RunnerStoryPageFactory
from tests.support.databases import DemoCampaignTestCase


def cim_2018():
    return EventPage.objects.get(slug="cim-2018")


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


class EventPageTests(DemoCampaignTestCase):
    """The demo campaign's events, as readers see them."""

    def test_event_page_shows_26_miles_in_order_with_each_babys_name_linking_to_the_tribute(self):
        client = self.client
        event = cim_2018()
        html = soup(client.get(event.url))
        items = html.select("ol.miles li")
        assert len(items) == 26
        numbers = [item.select_one(".miles__number").get_text() for item in items]
        assert numbers == [f"Mile {n}" for n in range(1, 27)]
        first = event.miles.get(mile=1).tribute
        link = items[0].select_one("a.miles__baby")
        assert link.get_text() == first.baby_name
        assert link["href"] == first.url

    def test_event_page_shows_local_time_team_and_a_donation_form_for_the_event(self):
        client = self.client
        event = cim_2018()
        html = soup(client.get(event.url))
        when = html.select_one(".facts time")
        # 07:00 in Sacramento, whatever the server's own time zone.
        assert "7:00 AM" in when.get_text()
        assert when["datetime"].startswith("2018-12-02T07:00:00-08:00")
        team = [a.get_text() for a in html.select("#team-heading ~ ul .card__title a")]
        assert "Maya Okafor" in team and len(team) == 8
        # The donation form stands on the event page, designated to the event.
        assert html.select_one("form input[name=page_id]")["value"] == str(event.pk)
        assert len(html.select("h1")) == 1

    def test_the_team_is_listed_by_the_runners_names_whatever_their_pages_titles(self):
        event = cim_2018()
        RunnerStoryPageFactory(parent=event, runner_name="Aaron Able", title="Why I run: for my niece Lily")
        team = [a.get_text() for a in soup(self.client.get(event.url)).select("#team-heading ~ ul .card__title a")]
        assert team[0] == "Aaron Able"
        assert team == sorted(team)

    def test_tribute_page_lists_the_miles_dedicated_to_the_baby_with_a_link_back_to_the_event(self):
        client = self.client
        event = cim_2018()
        dedication = event.miles.get(mile=5)
        html = soup(client.get(dedication.tribute.url))
        miles = html.select("#miles-heading + ul li")
        assert len(miles) == 1
        assert "Mile 5" in miles[0].get_text()
        assert miles[0].select_one("a")["href"] == event.url

    def test_event_ics_is_a_valid_vevent_with_times_in_utc(self):
        client = self.client
        event = cim_2018()
        response = client.get(event.url + "ical/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        calendar = icalendar.Calendar.from_ical(response.content)
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "California International Marathon 2018"
        # 07:00 Pacific Standard Time is 15:00 UTC.
        assert vevent.decoded("DTSTART") == datetime.datetime(2018, 12, 2, 15, 0, tzinfo=datetime.UTC)
        assert vevent.decoded("DTEND") == datetime.datetime(2018, 12, 2, 21, 0, tzinfo=datetime.UTC)
        assert b"DTSTART:20181202T150000Z" in response.content
        assert "Folsom Dam" in str(vevent["LOCATION"])
        assert str(vevent["URL"]) == event.get_full_url()
        # Stable across downloads, so a calendar app updates the entry rather than adding a second one.
        assert str(vevent["UID"]) == f"event-{event.pk}@localhost"

    def test_index_calendar_feed_holds_only_upcoming_events(self):
        client = self.client
        index = EventIndexPage.objects.get()
        response = client.get(index.url + "ical/")
        calendar = icalendar.Calendar.from_ical(response.content)
        summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
        upcoming = EventPage.objects.get(slug="cim-next")
        assert summaries == [upcoming.title]

    def test_event_json_ld_parses_and_names_the_event(self):
        client = self.client
        event = cim_2018()
        html = soup(client.get(event.url))
        (script,) = html.select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        assert data["@type"] == "Event"
        assert data["name"] == "California International Marathon 2018"
        assert data["startDate"] == "2018-12-02T07:00:00-08:00"
        assert data["location"]["name"] == "Folsom Dam to the California State Capitol"
        assert data["url"] == event.get_full_url()

    def test_json_ld_cannot_be_broken_out_of_by_a_title(self):
        client = self.client
        event = cim_2018()
        event.title = "Run </script><script>alert(1)</script>"
        event.save_revision().publish()
        html = client.get(event.url).content.decode()
        assert "</script><script>alert(1)" not in html

    def test_event_index_shows_upcoming_first_then_past_events_by_year(self):
        client = self.client
        index = EventIndexPage.objects.get()
        html = soup(client.get(index.url))
        upcoming = [a.get_text() for a in html.select("#upcoming-heading ~ ul .card__title a")]
        assert upcoming == [EventPage.objects.get(slug="cim-next").title]
        assert [h.get_text() for h in html.select(".year-heading")] == ["2018"]
        past = [a.get_text() for a in html.select("#past-heading ~ ul .card__title a")]
        assert past == ["California International Marathon 2018"]
        assert html.select_one('link[type="text/calendar"]')["href"].endswith("/events/ical/")

    def test_event_index_survives_a_nonsense_page_number(self):
        client = self.client
        index = EventIndexPage.objects.get()
        # A bad page number shows the first page of past events, one past the end the last page.
        for query in ("?page=abc", "?page=9999"):
            response = client.get(index.url + query)
            assert response.status_code == 200
            assert b"California International Marathon 2018" in response.content

    def test_bracelets_print_view_lists_the_names_in_mile_order_with_a_print_stylesheet(self):
        client = self.client
        event = cim_2018()
        html = soup(client.get(event.url + "bracelets/"))
        names = [li.select_one(".bracelet__name").get_text() for li in html.select("li.bracelet")]
        expected = [d.tribute.baby_name for d in event.miles.order_by("mile").select_related("tribute")]
        assert names == expected and len(names) == 26
        assert html.select_one('link[href$="bracelets.css"]')
        assert html.select_one('meta[name="robots"]')["content"] == "noindex"
        # Reachable from the event page.
        assert soup(client.get(event.url)).select_one('a[href$="bracelets/"]')

    def test_past_event_hides_the_sign_up_button_but_upcoming_shows_it(self):
        client = self.client
        upcoming = EventPage.objects.get(slug="cim-next")
        upcoming.runner_signup_open = True  # the team's sign-up open too: its button stands beside the race's
        upcoming.save_revision().publish()
        past = soup(client.get(cim_2018().url))
        upcoming = soup(client.get(upcoming.url))
        assert not past.find("a", string="Register for the race", class_="button")
        # Beside the team's sign-up, the race's own registration says what it is.
        buttons = [a.get_text() for a in upcoming.select(".actions a.button")]
        assert buttons[:2] == ["Run for the NEC Society", "Register for the race"], buttons

    def test_unlisted_tribute_is_still_named_on_the_event_miles(self):
        client = self.client
        unlisted = TributePage.objects.filter(is_listed=False).first()
        html = client.get(cim_2018().url).content.decode()
        assert re.search(re.escape(unlisted.baby_name), html)


class EventSubpageIdentityTests(DemoCampaignTestCase):
    """The event's team and leaderboard listings are pages of their own for search engines and link
    previews: their own canonical address (page 2 as ?page=2), og:url and title, not the event's."""

    def test_team_and_leaderboard_have_their_own_canonical_url_and_title(self):
        event = cim_2018()
        for n in range(51 - event.get_children().count()):
            RunnerStoryPageFactory(parent=event, runner_name=f"Extra Runner {n:02d}")
        event_url = "http://localhost" + event.url
        for name, title in [("team", f"The team: {event.title}"), ("leaderboard", f"Leaderboard: {event.title}")]:
            own = f"{event_url}{name}/"
            for query, canonical in [("", own), ("?page=1", own), ("?page=2", own + "?page=2")]:
                with self.subTest(view=name, query=query):
                    html = soup(self.client.get(f"{event.url}{name}/{query}"))
                    assert html.find("link", rel="canonical")["href"] == canonical
                    assert html.find("meta", property="og:url")["content"] == canonical
                    assert html.find("meta", property="og:title")["content"] == title
                    assert html.find("meta", attrs={"name": "twitter:title"})["content"] == title
        # The event page itself keeps its own.
        html = soup(self.client.get(event.url))
        assert html.find("link", rel="canonical")["href"] == event_url
        assert html.find("meta", property="og:title")["content"] == (event.seo_title or event.title)


class TeamListingPrivacyTests(DemoCampaignTestCase):
    def test_a_draft_and_a_private_runner_stay_off_the_team_and_the_leaderboard(self):
        event = cim_2018()
        RunnerStoryPageFactory(parent=event, runner_name="Dana Draft", live=False)
        private = RunnerStoryPageFactory(parent=event, runner_name="Pat Private")
        shown = RunnerStoryPageFactory(parent=event, runner_name="Sam Shown")
        # Both listings are read once (and kept in the caches) before the runner's page is restricted.
        for name in ("team", "leaderboard"):
            assert "Pat Private" in soup(self.client.get(f"{event.url}{name}/")).get_text()
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="family only")
        for name in ("team", "leaderboard"):
            with self.subTest(view=name):
                html = soup(self.client.get(f"{event.url}{name}/"))
                text = html.get_text()
                assert "Sam Shown" in text
                assert "Dana Draft" not in text and "Pat Private" not in text
                links = {a["href"] for a in html.select("main a[href]")}
                assert shown.url in links and private.url not in links


class CourseMapCacheTests(DemoCampaignTestCase):
    """The course map is drawn once and then kept, for the event page and its bracelets, until what it
    shows changes."""

    def map_names(self, url):
        caches["pages"].clear()  # a page rendered afresh, as for the first reader after a change
        html = soup(self.client.get(url))
        return [text.get_text() for text in html.select("svg.course-map__svg .course-map__baby")]

    def test_the_map_is_drawn_once_for_the_event_and_its_bracelets_and_again_after_a_publish(self):
        event = cim_2018()
        with mock.patch("events.models.build_course_map", wraps=build_course_map) as drawing:
            first = self.map_names(event.url)
            assert self.map_names(event.url) == first
            assert self.map_names(event.url + "bracelets/") == first
            assert drawing.call_count == 1
            tribute = event.miles.get(mile=1).tribute.specific
            tribute.baby_name = "Renamed Baby"
            tribute.save_revision().publish()
            renamed = self.map_names(event.url)
            assert drawing.call_count == 2
        assert "Renamed Baby" in renamed and renamed != first
