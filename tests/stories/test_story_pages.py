"""Runner stories, the story index and press coverage, as readers see them."""

from bs4 import BeautifulSoup

from events.models import EventIndexPage, EventPage
from stories.models import PressCoveragePage, PressIndexPage, RunnerStoryPage, StoryIndexPage
from tests.factories.stories import RunnerStoryPageFactory
from tests.support.databases import DemoCampaignTestCase


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def runner_names(html):
    return [a.get_text() for a in html.select(".cards .card__title a")]


class StoryPageTests(DemoCampaignTestCase):
    """Runner stories, the story index, press and the home page in the demo campaign."""

    def test_runner_page_shows_story_miles_carried_event_and_share_links(self):
        client = self.client
        runner = RunnerStoryPage.objects.get(runner_name="Maya Okafor")
        html = soup(client.get(runner.url))
        assert html.select_one("h1").get_text() == runner.title
        miles = [li.select_one(".miles__number").get_text() for li in html.select("#carried-heading + ul li")]
        carried = [f"Mile {m.mile}" for m in runner.carried_miles.order_by("mile")]
        assert miles == carried and miles
        assert html.select_one(f'.lead a[href="{runner.get_parent().url}"]')
        share = html.select(".share a")
        assert {a.find(string=True, recursive=False).strip() for a in share} == {
            "Email",
            "Facebook",
            "X",
            "WhatsApp",
            "Copy link",
        }
        assert all("noopener" in a.get("rel", []) for a in share if a.get("target") == "_blank")

    def test_story_index_lists_newest_event_first_and_filters_by_event(self):
        client = self.client
        index = StoryIndexPage.objects.get()
        newer = EventPage.objects.get(slug="cim-next")
        RunnerStoryPageFactory(parent=newer, runner_name="Newest Runner")
        html = soup(client.get(index.url))
        names = runner_names(html)
        assert names[0] == "Newest Runner"
        assert "Maya Okafor" in names
        filtered = runner_names(soup(client.get(index.url, {"event": "cim-next"})))
        assert filtered == ["Newest Runner"]

    def test_story_index_ignores_an_unknown_event_filter(self):
        client = self.client
        index = StoryIndexPage.objects.get()
        everyone = runner_names(soup(client.get(index.url)))
        assert runner_names(soup(client.get(index.url, {"event": "no-such-event"}))) == everyone

    def test_story_index_paginates_and_keeps_the_filter(self):
        client = self.client
        event = EventPage.objects.get(slug="cim-2018")
        for n in range(6):
            RunnerStoryPageFactory(parent=event, runner_name=f"Extra Runner {n}")
        index = StoryIndexPage.objects.get()
        html = soup(client.get(index.url, {"event": "cim-2018"}))
        assert len(runner_names(html)) == 12
        next_link = html.select_one('a[rel="next"]')["href"]
        assert "event=cim-2018" in next_link and "page=2" in next_link
        assert len(runner_names(soup(client.get(index.url + next_link)))) == 2

    def test_press_index_groups_by_year_newest_first(self):
        client = self.client
        index = PressIndexPage.objects.get()
        html = soup(client.get(index.url))
        assert [h.get_text() for h in html.select("section > h2")] == ["2018", "2017"]
        dates = [t["datetime"] for t in html.select(".press-item__meta time")]
        assert dates == sorted(dates, reverse=True)

    def test_press_page_links_out_with_noopener(self):
        client = self.client
        item = PressCoveragePage.objects.live().first()
        html = soup(client.get(item.url))
        link = html.find("a", href=item.external_url)
        assert "noopener" in link["rel"]
        assert html.select_one("h1").get_text() == item.headline

    def test_home_page_shows_next_event_runners_tributes_and_press(self):
        client = self.client
        html = soup(client.get("/"))
        assert html.select_one("#next-event-heading ~ ul .card__title a").get_text() == (
            EventPage.objects.get(slug="cim-next").title
        )
        assert len(html.select("#runners-heading ~ ul .card")) == 4
        assert len(html.select("#tributes-heading ~ ul .card")) == 4
        assert len(html.select("#press-heading ~ ul li")) == 3

    def test_home_page_without_an_upcoming_event_still_renders(self):
        client = self.client
        EventPage.objects.get(slug="cim-next").unpublish()
        html = soup(client.get("/"))
        assert html.select_one("#next-event-heading") is None
        events_index = client.get(EventIndexPage.objects.get().url).content
        assert b"No upcoming events yet" in events_index
        assert b"California International Marathon 2018" in events_index  # past events are still listed
