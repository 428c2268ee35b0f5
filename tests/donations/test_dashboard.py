"""The dashboard's "Current campaign" panel: what the communications team sees first in the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import EventIndexPage, EventPage
from home.dashboard import CurrentCampaignPanel, campaign_events
from stories.models import TributeIndexPage
from tests.factories.donations import OfflineDonationFactory
from tests.factories.events import EventPageFactory
from tests.factories.stories import MileDedicationFactory, RunnerStoryPageFactory, TributePageFactory
from tests.support.sites import build_campaign

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("comms", "comms@necsociety.org", "pw")


@pytest.fixture
def editor(django_user_model):
    """An editor of the communications team: pages yes, the ledger and the families' reviews no."""
    user = django_user_model.objects.create_user("eddie", "eddie@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def submit_for_review(index, baby_name, user):
    """A draft tribute put into the "Family tribute review" workflow, as a family's submission is."""
    tribute = TributePageFactory(parent=index, baby_name=baby_name, is_listed=False, live=False)
    tribute.save_revision(user=user)
    tribute.get_workflow().start(tribute, user)
    return tribute


def test_panel_shows_the_campaign_raised_against_goal_with_runners_gifts_rolled_up(client, superuser):
    campaign = build_campaign(runner_count=2)
    event = campaign["event"]
    OfflineDonationFactory(page=campaign["runner"], amount_cents=655_000, donor_name="Jane Runner")
    OfflineDonationFactory(page=event, amount_cents=5_000, donor_name="Refunded Person", status="refunded")
    tributes = TributeIndexPage.objects.get()
    MileDedicationFactory(event=event, mile=1, tribute=campaign["tribute"])
    MileDedicationFactory(event=event, mile=27, tribute=TributePageFactory(parent=tributes, baby_name="Leo"))
    client.force_login(superuser)

    page = client.get(DASHBOARD).content.decode()

    assert "Current campaign" in page
    assert f'<a href="{reverse("wagtailadmin_pages:edit", args=[event.pk])}">{event.title}</a>' in page
    # The runner's gift rolls up into the event; the refunded one is left out.
    assert "<strong>$6,550</strong> raised" in page and "of the $26,200 goal (25%)" in page
    assert '<progress max="100" value="25"' in page
    assert "Runners: 2 published" in page
    assert "Miles dedicated: 2 of 27" in page


def test_current_campaign_is_the_next_or_running_event_else_the_latest(superuser):
    build_campaign(runner_count=1)
    index = EventIndexPage.objects.get()
    EventPage.objects.all().delete()
    now = timezone.now()
    past = EventPageFactory(parent=index, title="Past marathon", start=now - datetime.timedelta(days=300))
    assert campaign_events() == [past]

    later = EventPageFactory(parent=index, title="Later walk", start=now + datetime.timedelta(days=90))
    EventPageFactory(parent=index, title="Draft relay", start=now + datetime.timedelta(days=1), live=False)
    running = EventPageFactory(parent=index, title="Running now", start=now - datetime.timedelta(hours=2))
    assert campaign_events() == [running, later]


def test_without_any_event_the_panel_says_so_and_offers_to_add_one(client, superuser):
    build_campaign(runner_count=1)
    EventPage.objects.all().delete()
    client.force_login(superuser)

    page = client.get(DASHBOARD).content.decode()

    assert "There is no event yet" in page
    index = EventIndexPage.objects.get()
    assert reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk]) in page


def test_moderators_see_tributes_waiting_for_review_with_links_to_review_them(client, superuser):
    build_campaign(runner_count=1)
    index = TributeIndexPage.objects.get()
    waiting = submit_for_review(index, "Charlotte Grace", superuser)
    cancelled = submit_for_review(index, "Amara", superuser)
    cancelled.current_workflow_state.cancel(user=superuser)
    client.force_login(superuser)

    page = client.get(DASHBOARD).content.decode()

    assert "Tributes waiting for review (1)" in page
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[waiting.pk])}">Charlotte Grace</a>' in page
    assert "Amara" not in page
    assert reverse("tribute_submissions:index") + "?status=pending" in page


def test_latest_gifts_mark_anonymous_donors_for_staff(client, superuser):
    campaign = build_campaign(runner_count=1)
    OfflineDonationFactory(page=campaign["event"], amount_cents=2_620, donor_name="Quiet Giver", is_anonymous=True)
    OfflineDonationFactory(page=campaign["runner"], amount_cents=10_000, donor_name="Open Giver")
    client.force_login(superuser)

    page = client.get(DASHBOARD).content.decode()

    assert "Latest gifts" in page
    assert 'Quiet Giver <span class="w-status w-status--label">Anonymous</span>' in page
    assert "Open Giver</td>" in page


def test_editors_see_the_campaign_but_not_the_ledger_or_the_families_reviews(client, superuser, editor):
    campaign = build_campaign(runner_count=1)
    OfflineDonationFactory(page=campaign["runner"], amount_cents=10_000, donor_name="Private Person")
    submit_for_review(TributeIndexPage.objects.get(), "Charlotte Grace", superuser)
    client.force_login(editor)

    page = client.get(DASHBOARD).content.decode()

    assert "Current campaign" in page and "<strong>$100</strong> raised" in page
    assert "Private Person" not in page and "Latest gifts" not in page
    assert "Charlotte Grace" not in page


def panel_queries(user):
    """Queries to render the panel from cold caches."""
    cache.clear()
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        html = CurrentCampaignPanel(user).render_html({"request": request})
    return len(queries), html


def test_panel_queries_do_not_grow_with_runners_gifts_miles_or_pending_tributes(superuser):
    campaign = build_campaign(runner_count=1)
    event, index = campaign["event"], TributeIndexPage.objects.get()
    OfflineDonationFactory(page=campaign["runner"], amount_cents=1_000, donor_name="First Giver")
    MileDedicationFactory(event=event, mile=1, tribute=campaign["tribute"])
    submit_for_review(index, "Baby One", superuser)
    small, html = panel_queries(superuser)
    assert "Baby One" in html and "First Giver" in html

    for n in range(20):
        runner = RunnerStoryPageFactory(parent=event, runner_name=f"Runner {n}", goal_cents=100_000)
        OfflineDonationFactory(page=runner, amount_cents=2_000 + n, donor_name=f"Giver {n}", is_anonymous=n % 2 == 0)
        MileDedicationFactory(event=event, mile=n + 2, tribute=TributePageFactory(parent=index, baby_name=f"Baby {n}"))
    for n in range(12):
        submit_for_review(index, f"Waiting {n}", superuser)
    large, html = panel_queries(superuser)

    assert "Runners: 21 published" in html and "Miles dedicated: 21 of 27" in html
    assert "Tributes waiting for review (13)" in html
    assert large == small, f"{small} queries with one of each, {large} with many"
    assert small <= 12


def test_dashboard_shows_the_same_percent_of_the_goal_as_the_public_progress_bar(client, superuser):
    campaign = build_campaign(runner_count=1)
    event = campaign["event"]
    # $17,467 of the $26,200 goal is 66.67 %: both round it to 67.
    OfflineDonationFactory(page=event, amount_cents=1_746_700, donor_name="Two Thirds")
    public = client.get(event.url).content.decode()
    client.force_login(superuser)

    dashboard = client.get(DASHBOARD).content.decode()

    assert 'aria-valuenow="67"' in public
    assert "of the $26,200 goal (67%)" in dashboard and '<progress max="100" value="67"' in dashboard
