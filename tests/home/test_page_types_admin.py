"""What an editor sees when choosing a page type: an icon, a description, and only the children
that make sense where they are."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from wagtail.admin.viewsets.pages import base_page_viewset, page_viewset_registry
from wagtail.models import Page, get_page_models

from events.models import EventIndexPage, EventPage
from stories.models import PressIndexPage, StoryIndexPage, TributeIndexPage
from tests.factories.events import EventPageFactory
from tests.factories.home import campaign_site
from tests.factories.stories import TributePageFactory

OUR_PAGE_TYPES = [model for model in get_page_models() if model is not Page]


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


@pytest.fixture
def home(db):
    """A home page with every section, an event and a tribute."""
    site = campaign_site()
    EventPageFactory(parent=site.events, slug="cim-2018")
    TributePageFactory(parent=site.tributes)
    return site.home


def offered_types(response):
    """The page types the "Create a page in" list offers, as (app_label, model_name)."""
    return {(app_label, model_name) for _, app_label, model_name, _ in response.context["page_types"]}


@pytest.mark.parametrize("model", OUR_PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_has_its_own_icon_and_a_description(model):
    viewset = page_viewset_registry.get_by_type(model)
    assert viewset is not base_page_viewset and viewset.icon
    assert model.page_description.strip()


def test_page_type_icons_tell_the_types_apart():
    icons = [page_viewset_registry.get_by_type(model).icon for model in OUR_PAGE_TYPES]
    assert len(set(icons)) == len(icons)


def test_pages_of_a_type_listing_shows_the_type_icon(editor_client):
    response = editor_client.get(reverse("wagtailadmin_pages:type_use", args=["events", "eventpage"]))
    assert response.status_code == 200
    assert "#icon-date" in response.content.decode()


def test_add_child_page_under_an_event_goes_straight_to_a_runner_story(editor_client, home):
    event = EventPage.objects.get(slug="cim-2018")
    response = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[event.pk]))
    # One allowed type: Wagtail skips the choice and opens the runner story form.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:add", args=["stories", "runnerstorypage", event.pk])


def test_add_child_page_under_the_events_index_goes_straight_to_an_event(editor_client, home):
    index = EventIndexPage.objects.get()
    response = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[index.pk]))
    assert response.url == reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])


def test_home_page_offers_only_the_sections_not_yet_created(editor_client, home):
    url = reverse("wagtailadmin_pages:add_subpage", args=[home.pk])
    # The site has every section, and each may exist once: standard pages and the contact page remain.
    response = editor_client.get(url)
    assert offered_types(response) == {("home", "standardpage"), ("home", "contactpage")}

    PressIndexPage.objects.get().delete()
    StoryIndexPage.objects.get().delete()
    response = editor_client.get(url)
    assert offered_types(response) == {
        ("stories", "pressindexpage"),
        ("stories", "storyindexpage"),
        ("home", "standardpage"),
        ("home", "contactpage"),
    }
    assert escape(PressIndexPage.page_description) in response.content.decode()


def test_leaf_page_types_offer_no_children(editor_client, home):
    tribute_index = TributeIndexPage.objects.get()
    tribute = tribute_index.get_children().first()
    response = editor_client.get(reverse("wagtailadmin_pages:add_subpage", args=[tribute.pk]))
    # Wagtail refuses: back to the dashboard, no page type to choose.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
