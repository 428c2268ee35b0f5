"""The runner's path as the tests walk it: the sign-up form, the moderator's workflow action, the
sign-in links and milestones in the emails."""

import re

from django.core import signing
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from stories.runners.forms import FORM_STARTED_SALT
from tests.factories.events import EventPageFactory
from tests.factories.home import campaign_site
from tests.support.email import sent_mail


def build_signup_event():
    """A campaign site with one event open for runners' sign-up (tests/runners/conftest.py's `event`)."""
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


def started_token():
    return signing.TimestampSigner(salt=FORM_STARTED_SALT).sign("shown")


def signup_data(**overrides):
    data = {
        "runner_name": "Maya Okafor",
        "email": "maya@example.org",
        "why_i_run": "My niece was born at 27 weeks.\n\nI run so that other families have answers.",
        "goal": "1,000",
        "consent_publication": "on",
        "website": "",
        "started": started_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def act(_client, user, runner_id, action, comment=""):
    """A moderator's workflow action on a runner's page, as the admin posts it (in a browser of their own,
    so the runner's session in the test's client stays)."""
    client = Client()
    client.force_login(user)
    state = WorkflowState.objects.get(object_id=str(runner_id), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[runner_id, action, state.current_task_state.pk])
    return client.post(url, {"comment": comment})


LINK = re.compile(r"https?://\S+/runners/sign-in/[\w-]+/")


def links_in(email):
    return LINK.findall(email.body)


def sign_up(client, join_url, **overrides):
    """Sign up, and return the sign-up and the sign-in link emailed to the runner."""
    from stories.models import RunnerSignup

    response = client.post(join_url, signup_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    signup = RunnerSignup.objects.get(email=overrides.get("email", "maya@example.org"))
    mails = [m for m in sent_mail() if m.to == [signup.email]]
    link = links_in(mails[-1])[0]
    sent_mail().clear()
    return signup, link


def approved_signup(client, join_url, moderator, **overrides):
    """A runner signed up and approved by the moderator (their emails read and cleared): the sign-up, fresh,
    and their sign-in link."""
    signup, link = sign_up(client, join_url, **overrides)
    act(client, moderator, signup.runner_id, "approve")
    sent_mail().clear()
    signup.refresh_from_db()
    return signup, link


def named_in(emails):
    """Every milestone named in the emails' subjects, with repeats."""
    names = []
    for email in emails:
        names += [name.strip() for name in email.subject.split(":", 1)[1].split(",")]
    return names
