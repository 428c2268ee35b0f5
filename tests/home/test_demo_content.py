"""`load_demo_content` builds the whole campaign, every page answers, and a second run changes nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from events.models import EventPage
from stories.models import MileDedication, PressCoveragePage, RunnerStoryPage, TributePage


@pytest.mark.django_db
def test_demo_content_builds_the_campaign_of_the_design(demo_site):
    cim = EventPage.objects.get(title="California International Marathon 2018")
    assert RunnerStoryPage.objects.child_of(cim).live().count() >= 8
    assert TributePage.objects.live().count() == 26
    assert sorted(MileDedication.objects.filter(event=cim).values_list("mile", flat=True)) == list(range(1, 27))
    assert PressCoveragePage.objects.live().count() >= 6
    assert Page.objects.filter(slug__in=["about-nec", "privacy", "contact"]).live().count() == 3


@pytest.mark.django_db
def test_every_demo_page_answers_200_with_its_title(demo_site, client):
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    assert pages.count() > 50
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title.encode() in response.content.replace(b"&#x27;", b"'"), page.url


@pytest.mark.django_db
def test_running_the_demo_content_twice_changes_nothing(demo_site):
    counts = (Page.objects.count(), Image.objects.count(), Revision.objects.count(), MileDedication.objects.count())
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "nothing changed" in out.getvalue()
    after = (Page.objects.count(), Image.objects.count(), Revision.objects.count(), MileDedication.objects.count())
    assert after == counts


@pytest.mark.django_db
def test_demo_content_replaces_wagtails_welcome_page_as_the_site_root(demo_site):
    from wagtail.models import Site

    assert Site.objects.get(is_default_site=True).root_page.specific == demo_site
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
