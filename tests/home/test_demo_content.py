"""`load_demo_content` builds the whole campaign, every page answers, and a second run changes nothing;
`grow_demo_campaign` grows it."""

import io

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from donations.models import Donation
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


@pytest.mark.django_db
def test_growing_the_campaign_adds_gifts_that_count_at_once_then_runners_and_tributes(
    demo_site, client, django_capture_on_commit_callbacks
):
    event = EventPage.objects.get(slug="cim-2018")
    team = RunnerStoryPage.objects.child_of(event).live()
    before = client.get(f"/donations/totals/{event.pk}/").json()  # the event's figures, now cached
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # as after the command's commit
        call_command("grow_demo_campaign", "--times", "1", stdout=out)
    assert out.getvalue().strip() == f"Campaign ×1: {team.count()} runners, 26 tributes, 500 gifts."
    assert Donation.objects.count() == 500
    # A gift to a runner also counts toward the event, as one given through the form does.
    to_runners = Donation.objects.filter(page__in=team)
    assert to_runners.exists() and set(to_runners.values_list("rollup_page_id", flat=True)) == {event.pk}
    assert not Donation.objects.filter(page__in=TributePage.objects.all(), rollup_page__isnull=False).exists()
    # No page was published: the figures refresh because the gifts' version moved.
    after = client.get(f"/donations/totals/{event.pk}/").json()
    assert after["donor_count"] > before["donor_count"] and after["raised_cents"] > before["raised_cents"]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("grow_demo_campaign", "--times", "2", stdout=io.StringIO())
    assert (team.count(), TributePage.objects.live().count(), Donation.objects.count()) == (16, 52, 1000)


@pytest.mark.django_db
def test_an_earlier_demos_stub_pages_get_their_words_and_its_contact_page_its_form(demo_site):
    """A demo loaded before the standard pages had words: each repeated its summary under its title."""
    from wagtail.rich_text import RichText

    from core.models import OrganisationSettings
    from home.demo.campaign import load_demo_campaign
    from home.models import ContactPage, StandardPage

    def stub(page):
        return [("heading", {"text": page.title, "level": "h2"}), ("paragraph", RichText(f"<p>{page.summary}</p>"))]

    about = StandardPage.objects.get(slug="about-nec")
    about.body = stub(about)
    about.save_revision().publish()
    ContactPage.objects.get().delete()
    old_contact = StandardPage(title="Contact us", slug="contact", summary="How to reach the NEC Society team.")
    old_contact.body = stub(old_contact)
    demo_site.add_child(instance=old_contact)
    old_contact.save_revision().publish()
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.body = [("paragraph", RichText("<p>Our own words, edited since.</p>"))]
    privacy.save_revision().publish()
    org = OrganisationSettings.load()
    org.privacy_page = None
    org.save()

    load_demo_campaign()

    about.refresh_from_db()
    assert len(list(about.body)) > 2 and about.live
    contact = ContactPage.objects.child_of(demo_site).get(slug="contact")
    assert contact.live and not StandardPage.objects.filter(slug="contact").exists()
    privacy.refresh_from_db()
    assert [block.value.source for block in privacy.body] == ["<p>Our own words, edited since.</p>"]
    assert OrganisationSettings.load().privacy_page_id == privacy.pk
