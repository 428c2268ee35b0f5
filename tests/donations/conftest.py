"""Donation fixtures: localstripe as a real HTTP server, signed webhook payloads, a campaign to give to."""

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories.events import EventPageFactory
from tests.factories.home import campaign_site
from tests.factories.stories import RunnerStoryPageFactory, TributePageFactory

PROJECT = Path(__file__).resolve().parents[2]
WEBHOOK_URL = "/donations/stripe/webhook/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """localstripe on a free loopback port for the whole session, through the project's command."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_localstripe", "--port", str(port)],
        cwd=PROJECT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):  # up to 30 s: on a loaded machine it took over 10 s to start
        try:
            urllib.request.urlopen(url + "/js.stripe.com/v3/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("localstripe did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_at_localstripe(settings, localstripe_url):
    settings.STRIPE_API_BASE = localstripe_url
    return localstripe_url


@pytest.fixture
def stripe_unreachable(settings):
    """Stripe down: nothing listens on the port."""
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    return settings.STRIPE_API_BASE


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def card_token(localstripe_url, number="4242424242424242"):
    """What Stripe.js does in the browser: the card goes to Stripe, a token comes back."""
    data = urllib.parse.urlencode(
        {
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2031",
            "card[cvc]": "123",
            "key": "pk_test_localstripe",
        }
    ).encode()
    with urllib.request.urlopen(localstripe_url + "/v1/tokens", data, timeout=5) as response:
        return json.load(response)["id"]


def gift_form(page=None, **overrides):
    """What the donation form posts: Jane's $50 one-time gift, designated to `page` if given."""
    data = {
        "amount": "50",
        "frequency": "one_time",
        "currency": "usd",
        "donor_name": "Jane Runner",
        "donor_email": "jane@example.org",
        "submission_id": uuid.uuid4().hex,
        "message": "Go team!",
    }
    if page is not None:
        data["page_id"] = page.pk
    data.update(overrides)
    return data


def localstripe_call(localstripe_url, path, data=None):
    request = urllib.request.Request(
        localstripe_url + path,
        data=urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Authorization": "Bearer sk_test_localstripe"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def register_webhook(localstripe_url, target_url, name="necsociety-tests"):
    data = urllib.parse.urlencode({"url": target_url, "secret": settings.STRIPE_WEBHOOK_SECRET}).encode()
    urllib.request.urlopen(f"{localstripe_url}/_config/webhooks/{name}", data, timeout=5)


def sign(payload: bytes, secret=None, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_type, obj, event_id=None):
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def payment_intent(pi_id=None, amount=5000, page_id=None, invoice=None, **metadata):
    md = {"donor_name": "Jane Runner", "donor_email": "jane@example.org", "anonymous": "false", **metadata}
    if page_id is not None:
        md["page_id"] = str(page_id)
    return {
        "id": pi_id or f"pi_{uuid.uuid4().hex[:16]}",
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "currency": "usd",
        "customer": "cus_test",
        "invoice": invoice,
        "status": "succeeded",
        "metadata": md,
        "created": int(time.time()),
    }


def post_event(client, evt, secret=None, timestamp=None):
    payload = json.dumps(evt).encode()
    return client.post(
        WEBHOOK_URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(payload, secret, timestamp)
    )


def build_campaign(runner_count=2):
    """A small campaign to give to: an upcoming event with its runners, and a tribute (the demo content is too
    slow per test)."""
    site = campaign_site()
    event = EventPageFactory(
        parent=site.events,
        title="California International Marathon",
        slug="cim",
        venue="Folsom to Sacramento",
        goal_cents=2_620_000,
    )
    runners = [
        RunnerStoryPageFactory(parent=event, runner_name=f"Runner{n} Name", goal_cents=100_000)
        for n in range(runner_count)
    ]
    tribute = TributePageFactory(
        parent=site.tributes, title="Remembering Baby Ava", slug="ava", baby_name="Ava", is_listed=False
    )
    return {"home": site.home, "event": event, "runner": runners[0], "runners": runners, "tribute": tribute}


@pytest.fixture
def campaign(db):
    return build_campaign()
