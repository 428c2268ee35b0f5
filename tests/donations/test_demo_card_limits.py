"""Trying the demo: under `make run`'s settings the test card 4242 gives as often as anyone likes, while
production's settings still refuse a fourth attempt with one card within the hour (card testing).

Each gift is posted as the donor's browser posts it (a card token from localstripe, the solved proof of
work) and started at localstripe; the settings are read from the modules themselves."""

import importlib
import sys

import pytest
import time_machine
from django.utils import timezone
from django.utils.crypto import get_random_string

from tests.support.sites import build_campaign
from tests.support.stripe import card_token, gift_form

pytestmark = pytest.mark.django_db

LIMITS = (
    "DONATION_ATTEMPTS_PER_CARD_PER_HOUR",
    "DONATION_ATTEMPTS_PER_EMAIL_PER_HOUR",
    "DONATION_ATTEMPTS_PER_ADDRESS_PER_HOUR",
)


def limits_of(module_name, monkeypatch):
    """The donation limits a settings module sets, read from the module (with what production requires)."""
    monkeypatch.setenv("SECRET_KEY", get_random_string(60))
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    monkeypatch.setenv("SITE_URL", "https://necsociety.org")
    monkeypatch.delenv("DEBUG", raising=False)
    sys.modules.pop(module_name, None)
    try:
        module = importlib.import_module(module_name)
    finally:
        sys.modules.pop(module_name, None)
    return {name: getattr(module, name) for name in LIMITS}


def give_with_the_test_card(client, localstripe_url, runner, times, traveller):
    """The donor gives `times` times with 4242 and the same email, one gift every 20 seconds (as fast as a
    person fills the form); the status of each answer."""
    statuses = []
    for _ in range(times):
        response = client.post("/donations/start/", gift_form(runner, payment_token=card_token(localstripe_url)))
        statuses.append((response.status_code, response.json().get("status")))
        traveller.shift(20)
    return statuses


def test_make_runs_settings_take_many_gifts_with_the_test_card(client, settings, monkeypatch, stripe_at_localstripe):
    for name, value in limits_of("necsociety.settings.dev", monkeypatch).items():
        setattr(settings, name, value)
    runner = build_campaign()["runner"]
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        statuses = give_with_the_test_card(client, stripe_at_localstripe, runner, 12, traveller)
    assert statuses == [(200, "succeeded")] * 12


def test_productions_settings_still_refuse_the_fourth_gift_with_one_card(
    client, settings, monkeypatch, stripe_at_localstripe
):
    production = limits_of("necsociety.settings.production", monkeypatch)
    assert production["DONATION_ATTEMPTS_PER_CARD_PER_HOUR"] == 3
    for name, value in production.items():
        setattr(settings, name, value)
    runner = build_campaign()["runner"]
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        statuses = give_with_the_test_card(client, stripe_at_localstripe, runner, 4, traveller)
    assert statuses[:3] == [(200, "succeeded")] * 3
    assert statuses[3][0] == 429
