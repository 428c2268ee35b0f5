"""Runner fixtures: an event open for sign-up and a moderator (the helpers are in tests/support/runners.py)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories.events import EventPageFactory
from tests.factories.home import campaign_site


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    """Most tests post at once; the timing rule has its own test."""
    settings.RUNNER_SIGNUP_FORM_MIN_SECONDS = 0


@pytest.fixture
def event(db):
    site = campaign_site()
    site.home.save_revision().publish()
    return EventPageFactory(
        parent=site.events,
        title="California International Marathon",
        slug="cim",
        runner_signup_open=True,
        runner_goal_min_cents=10_000,
        runner_goal_max_cents=500_000,
    )


@pytest.fixture
def join_url(event):
    return reverse("runner_signup", args=[event.pk])


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
