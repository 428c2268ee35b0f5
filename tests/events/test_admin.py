"""Editors in the Wagtail admin: mile rules, listings, previews and the bracelets button."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage, EventPage
from stories.models import (
    PressCoveragePage,
    PressIndexPage,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


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


def test_admin_refuses_a_mile_dedicated_twice_with_a_clear_message(demo_site, editor_client):
    event = EventPage.objects.get(slug="cim-2018")
    event.miles.all().delete()
    event.save_revision().publish()
    tributes = list(TributePage.objects.order_by("pk")[:2])
    data = event_form_data(event, [(3, tributes[0]), (3, tributes[1])])
    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mile 3 is already dedicated to" in body
    assert "A mile can be dedicated only once per event" in body
    assert not EventPage.objects.get(pk=event.pk).miles.exists()


def test_admin_saves_distinct_miles(demo_site, editor_client):
    event = EventPage.objects.get(slug="cim-2018")
    event.miles.all().delete()
    event.save_revision().publish()
    first, second = TributePage.objects.order_by("pk")[:2]
    data = event_form_data(event, [(1, first), (27, second)])
    data["action-publish"] = "publish"
    response = editor_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    miles = EventPage.objects.get(pk=event.pk).miles.order_by("mile")
    assert [(m.mile, m.tribute_id) for m in miles] == [(1, first.pk), (27, second.pk)]
    assert miles[1].mile_label == "0.2"


def test_event_edit_page_offers_the_bracelets_print_view(demo_site, editor_client):
    event = EventPage.objects.get(slug="cim-2018")
    response = editor_client.get(f"/admin/pages/{event.pk}/edit/")
    assert response.status_code == 200
    assert f'href="{event.url}bracelets/"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        ("/admin/event_pages/", ["Start", "Venue", "Time zone"]),
        ("/admin/runner_stories/", ["Runner", "Goal", "$1,500", "Maya Okafor"]),
        ("/admin/tributes/", ["Baby&#x27;s name", "Listed"]),
        ("/admin/press_coverage/", ["Outlet", "Kind", "Published"]),
    ],
)
def test_admin_listings_show_the_columns_editors_need(demo_site, editor_client, url, columns):
    response = editor_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for column in columns:
        assert column in body, column


def promote_data(page):
    return {"slug": page.slug, "seo_title": "", "search_description": "", "summary": page.summary}


class CampaignPagePreviewTests(WagtailPageTestCase):
    """Wagtail's own preview check, on one page of every campaign type in the demo content."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115

    def test_index_and_press_pages_preview(self):
        for model in (EventIndexPage, StoryIndexPage, TributeIndexPage, PressIndexPage, PressCoveragePage):
            with self.subTest(model=model.__name__):
                self.assertPageIsPreviewable(model.objects.live().first())

    def test_event_preview_shows_unsaved_miles(self):
        event = EventPage.objects.get(slug="cim-2018")
        tribute = TributePage.objects.order_by("pk").first()
        self.assertPageIsPreviewable(event, post_data=event_form_data(event, [(7, tribute)]))

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
            "story": streamfield([]),
            "photos": inline_formset([]),
            "family_message": "With love",
            "born": "",
            "died": "",
            "is_listed": "on",
            "comments": inline_formset([]),
        }
        self.assertPageIsPreviewable(tribute, post_data=nested_form_data(data | promote_data(tribute)))
