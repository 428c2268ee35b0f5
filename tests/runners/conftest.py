"""Runner fixtures: an event open for sign-up and a moderator (the helpers are in tests/support/runners.py)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    """Most tests post at once; the timing rule has its own test."""
    settings.RUNNER_SIGNUP_FORM_MIN_SECONDS = 0


@pytest.fixture
def signup_event(db):
    """`build_signup_event()`'s event (tests/support/runners.py), built once per session and copied per test."""
    from events.models import EventPage

    return EventPage.objects.get(slug="cim")


@pytest.fixture
def event(signup_event):
    return signup_event


@pytest.fixture
def join_url(event):
    return reverse("runner_signup", args=[event.pk])


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
