"""Editors in the Wagtail admin: mile rules, listings, previews and the bracelets button."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, EventPage
from stories.models import (
    PressCoveragePage,
    PressIndexPage,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
)
from tests.support.databases import DemoCampaignTestCase


def event_form_data(event, miles):
    return nested_form_data(
        {
            "title": event.title,
            "slug": event.slug,
            "start": "2018-12-02 07:00",
            "end": "2018-12-02 13:00",
            "time_zone": event.time_zone,
            "venue": event.venue,
            "address": event.address,
            "body": streamfield([]),
            "registration_url": "",
            "registration_label": "Join the team",
            "goal_cents": "",
            "course_shape": event.course_shape,
            "course_points": event.course_points,
            "summary": event.summary,
            "seo_title": "",
            "search_description": "",
            "miles": inline_formset(
                [
                    {"id": "", "mile": mile, "tribute": tribute.pk, "runner": "", "ORDER": n}
                    for n, (mile, tribute) in enumerate(miles, start=1)
                ]
            ),
            "comments": inline_formset([]),
        }
    )


class EventAdminTests(DemoCampaignTestCase):
    """A superuser editing the demo campaign in the Wagtail admin."""

    def setUp(self):
        user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(user)
        self.event = EventPage.objects.get(slug="cim-2018")

    def clear_miles(self):
        self.event.miles.all().delete()
        self.event.save_revision().publish()

    def test_admin_refuses_a_mile_dedicated_twice_with_a_clear_message(self):
        self.clear_miles()
        first, second = TributePage.objects.order_by("pk")[:2]
        data = event_form_data(self.event, [(3, first), (3, second)])
        data["action-publish"] = "publish"
        response = self.client.post(f"/admin/pages/{self.event.pk}/edit/", data)
        assert response.status_code == 200
        body = response.content.decode()
        assert f"Mile 3 is already dedicated to {first.title} on this event." in body
        assert "A mile can be dedicated only once per event" in body
        assert not EventPage.objects.get(pk=self.event.pk).miles.exists()

    def test_editor_sets_the_goal_in_dollars_and_sees_it_back_in_dollars(self):
        data = event_form_data(self.event, [])
        data |= {"goal_cents": "$26,200", "action-publish": "publish"}
        self.client.post(f"/admin/pages/{self.event.pk}/edit/", data)
        assert EventPage.objects.get(pk=self.event.pk).goal_cents == 2_620_000
        edit_form = BeautifulSoup(self.client.get(f"/admin/pages/{self.event.pk}/edit/").content, "html.parser")
        assert edit_form.select_one("input[name=goal_cents]")["value"] == "26,200"

    def test_a_goal_that_is_not_an_amount_is_refused_and_kept_as_typed(self):
        before = EventPage.objects.get(pk=self.event.pk).goal_cents
        data = event_form_data(self.event, [])
        data |= {"goal_cents": "26k", "action-publish": "publish"}
        response = self.client.post(f"/admin/pages/{self.event.pk}/edit/", data)
        form = BeautifulSoup(response.content, "html.parser")
        assert "Enter an amount in US dollars, e.g. 26,200 or 26.20." in form.get_text()
        assert form.select_one("input[name=goal_cents]")["value"] == "26k"
        assert EventPage.objects.get(pk=self.event.pk).goal_cents == before

    def test_editor_draws_the_course_from_points_and_a_point_list_that_cannot_be_read_is_refused(self):
        data = event_form_data(self.event, [])
        data |= {"course_shape": "custom", "course_points": "0,80 40,20 100,50x", "action-publish": "publish"}
        response = self.client.post(f"/admin/pages/{self.event.pk}/edit/", data)
        form = BeautifulSoup(response.content, "html.parser")
        assert "'100,50x' is not a point: write it as x,y, e.g. 20,75." in form.get_text()
        assert EventPage.objects.get(pk=self.event.pk).course_shape == "point_to_point"

        data |= {"course_points": "0,80 40,20 100,50"}
        assert self.client.post(f"/admin/pages/{self.event.pk}/edit/", data).status_code == 302
        event = EventPage.objects.get(pk=self.event.pk)
        assert (event.course_shape, event.course_points) == ("custom", "0,80 40,20 100,50")
        # The event page draws the editor's line (scaled into the map's box) in place of the preset.
        page = BeautifulSoup(self.client.get(event.url).content, "html.parser")
        assert page.select_one("path.course-map__line")["d"].startswith("M0.0,320.0 L360.0,80.0 L900.0,200.0")

    def test_admin_saves_distinct_miles_including_the_final_stretch(self):
        self.clear_miles()
        first, second = TributePage.objects.order_by("pk")[:2]
        data = event_form_data(self.event, [(1, first), (27, second)])
        data["action-publish"] = "publish"
        response = self.client.post(f"/admin/pages/{self.event.pk}/edit/", data)
        assert response.status_code == 302
        miles = EventPage.objects.get(pk=self.event.pk).miles.order_by("mile")
        assert [(m.mile, m.tribute_id) for m in miles] == [(1, first.pk), (27, second.pk)]
        assert miles[1].mile_label == "0.2"

    def test_event_edit_page_offers_the_bracelets_print_view(self):
        response = self.client.get(f"/admin/pages/{self.event.pk}/edit/")
        assert response.status_code == 200
        assert f'href="{self.event.url}bracelets/"' in response.content.decode()

    def test_admin_listings_show_the_columns_editors_need(self):
        listings = {
            "/admin/event_pages/": ["Start", "Venue", "Time zone", "California International Marathon 2018"],
            "/admin/runner_stories/": ["Runner", "Goal", "$1,500", "Maya Okafor"],
            "/admin/tributes/": ["Baby&#x27;s name", "Listed", "Aria Hollis"],
            "/admin/press_coverage/": ["Outlet", "Kind", "Published", "KXRB News 10"],
        }
        for url, texts in listings.items():
            with self.subTest(url=url):
                response = self.client.get(url)
                assert response.status_code == 200
                body = response.content.decode()
                for text in texts:
                    assert text in body, text


def promote_data(page):
    return {"slug": page.slug, "seo_title": "", "search_description": "", "summary": page.summary}


class CampaignPagePreviewTests(DemoCampaignTestCase, WagtailPageTestCase):
    """Wagtail's own preview check, on one page of every campaign type in the demo content."""

    def test_index_and_press_pages_preview(self):
        for model in (EventIndexPage, StoryIndexPage, TributeIndexPage, PressIndexPage, PressCoveragePage):
            with self.subTest(model=model.__name__):
                self.assertPageIsPreviewable(model.objects.live().first())

    def test_event_preview_shows_unsaved_miles(self):
        event = EventPage.objects.get(slug="cim-2018")
        tribute = TributePage.objects.order_by("pk").first()
        self.assertPageIsPreviewable(event, post_data=event_form_data(event, [(7, tribute)]))

    def test_home_page_preview_shows_its_unsaved_featured_pages(self):
        from home.models import HomePage

        home = HomePage.objects.get()
        tribute = TributePage.objects.filter(is_listed=True).last()
        data = {
            "title": home.title,
            "hero_heading": "A changed heading",
            "hero_text": "",
            "hero_image": "",
            "hero_cta_label": "",
            "hero_cta_page": "",
            "introduction": rich_text("<p>NEC affects premature babies.</p>"),
            "featured_pages": inline_formset([{"id": "", "page": tribute.pk, "ORDER": 1}]),
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
        post_data = nested_form_data(data | promote_data(home))
        assert tribute.title.encode() not in self.client.get("/").content.split(b"featured-heading")[-1]
        self.assertPageIsPreviewable(home, post_data=post_data)
        self.client.force_login(get_user_model().objects.create_superuser("previewer", "p@example.org", "pw"))
        preview_url = f"/admin/pages/{home.pk}/edit/preview/"
        self.client.post(preview_url, post_data)
        html = BeautifulSoup(self.client.get(preview_url).content, "html.parser")
        assert html.select_one("h1").get_text() == "A changed heading"
        # The live page's cached sections (warmed above) do not hide the unsaved feature.
        featured = [a.get_text() for a in html.select("#featured-heading ~ ul a")]
        assert tribute.title in featured and len(featured) == 4

    def test_runner_preview(self):
        runner = RunnerStoryPage.objects.live().first()
        data = {"title": runner.title, "runner_name": "Renamed Runner", "story": streamfield([]), "goal_cents": "500"}
        data |= promote_data(runner) | {"comments": inline_formset([])}
        self.assertPageIsPreviewable(runner, post_data=nested_form_data(data))

    def test_tribute_preview(self):
        tribute = TributePage.objects.live().first()
        data = {
            "title": tribute.title,
            "baby_name": tribute.baby_name,
            "remembrance": "memory",
            "story": streamfield([]),
            "photos": inline_formset([]),
            "family_message": "With love",
            "born": "",
            "died": "",
            "is_listed": "on",
            "comments": inline_formset([]),
        }
        self.assertPageIsPreviewable(tribute, post_data=nested_form_data(data | promote_data(tribute)))
