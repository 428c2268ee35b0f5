"""Stripe as the tests meet it: localstripe as a real HTTP server, signed webhook payloads in the shapes
of Stripe's API versions, and what the giving form posts."""

import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import altcha
import pytest
from django.conf import settings

from donations.challenge import new_challenge
from tests.support.servers import PROJECT, free_port

WEBHOOK_URL = "/donations/stripe/webhook/"


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
    for _ in range(600):  # up to a minute: the machine may be busy
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
        "altcha": solved_challenge(),
    }
    if page is not None:
        data["page_id"] = page.pk
    data.update(overrides)
    return data


def solved_challenge():
    """What the vendored ALTCHA widget does in the browser: fetch a challenge, find its counter."""
    challenge = altcha.Challenge.from_dict(new_challenge())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def paid_gift(client, localstripe_url, page, **overrides):
    """A gift made through the form, charged by localstripe and recorded by its webhook (`client` posts the form:
    the test client or a browser's own; the webhook must be delivered to a live server: `stripe_webhook`)."""
    from donations.models import Donation
    from tests.support.servers import wait_until

    response = client.post("/donations/start/", gift_form(page, payment_token=card_token(localstripe_url), **overrides))
    assert response.status_code == 200, response.content
    payment_id = response.json().get("id")
    subscription = response.json().get("subscription")
    query = (
        Donation.objects.filter(stripe_subscription_id=subscription)
        if subscription
        else Donation.objects.filter(stripe_payment_id=payment_id)
    )
    assert wait_until(lambda: query.exclude(stripe_payment_intent_id="").exists())
    return query.get()


def charge_of(localstripe_url, donation):
    intent = localstripe_call(localstripe_url, f"/v1/payment_intents/{donation.stripe_payment_intent_id}")
    latest = intent["latest_charge"]  # localstripe names it in full, Stripe by its id
    charge_id = latest["id"] if isinstance(latest, dict) else latest
    return localstripe_call(localstripe_url, f"/v1/charges/{charge_id}?expand[]=refunds")


def localstripe_call(localstripe_url, path, data=None, method=None):
    """Stripe's API as the site's server calls it: GET, or POST with `data`, or `method` (e.g. DELETE)."""
    request = urllib.request.Request(
        localstripe_url + path,
        data=urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Authorization": "Bearer sk_test_localstripe"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


@pytest.fixture
def stripe_webhook(localstripe_url):
    """`stripe_webhook(url)` has localstripe deliver its signed events to `url` (a live server's webhook) for
    this test. localstripe keeps a webhook for the whole session and delivers each event a second after it:
    when the test ends, before its database is flushed, the endpoint is pointed at a closed port, so that a
    late delivery, or another test's event, never writes into another test's database."""
    yield lambda target_url: register_webhook(localstripe_url, target_url)
    register_webhook(localstripe_url, f"http://127.0.0.1:{free_port()}/closed/")


def register_webhook(localstripe_url, target_url, name="necsociety-tests"):
    data = urllib.parse.urlencode({"url": target_url, "secret": settings.STRIPE_WEBHOOK_SECRET}).encode()
    urllib.request.urlopen(f"{localstripe_url}/_config/webhooks/{name}", data, timeout=5)


def sign(payload: bytes, secret=None, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


PINNED = "2024-06-20"  # donations.stripe_api.STRIPE_API_VERSION, written out: a test must see it change
BASIL = "2025-03-31.basil"
CLOVER = "2025-09-30.clover"


def event(event_type, obj, event_id=None, api_version=PINNED):
    """A Stripe event as delivered to an endpoint of `api_version`."""
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "api_version": api_version,
        "type": event_type,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def payment_intent(pi_id=None, amount=5000, page_id=None, invoice=None, **metadata):
    """A one-time gift's PaymentIntent as the donation form makes it (frequency=one_time)."""
    md = {
        "donor_name": "Jane Runner",
        "donor_email": "jane@example.org",
        "anonymous": "false",
        "frequency": "one_time",
        **metadata,
    }
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


def subscription_payment_intent(pi_id, amount, invoice_id, api_version=PINNED):
    """The PaymentIntent Stripe makes to pay a subscription's invoice: no metadata of ours, and
    since basil no `invoice` either."""
    intent = {
        "id": pi_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "currency": "usd",
        "customer": "cus_monthly",
        "status": "succeeded",
        "metadata": {},
        "description": "Subscription creation",
        "created": int(time.time()),
    }
    if api_version == PINNED:
        intent["invoice"] = invoice_id
    return intent


def subscription_invoice(invoice_id, subscription_id, amount, pi_id, metadata=None, api_version=PINNED):
    """A paid invoice of a subscription, in the shape of `api_version`."""
    invoice = {
        "id": invoice_id,
        "object": "invoice",
        "amount_paid": amount,
        "total": amount,
        "currency": "usd",
        "customer": "cus_monthly",
        "customer_email": "monthly@example.org",
        "status": "paid",
        "status_transitions": {"paid_at": int(time.time())},
        "created": int(time.time()),
    }
    if api_version == PINNED:
        invoice.update(
            subscription=subscription_id,
            subscription_details={"metadata": metadata or {}},
            payment_intent=pi_id,
            charge="ch_" + pi_id[3:],
            paid=True,
        )
    else:
        invoice["parent"] = {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {"subscription": subscription_id, "metadata": metadata or {}},
        }
    return invoice


def invoice_payment(invoice_id, pi_id, amount):
    """Since basil (2025-05-28), the event that links an invoice to the PaymentIntent that paid it."""
    return {
        "id": "inpay_" + pi_id[3:],
        "object": "invoice_payment",
        "amount_paid": amount,
        "currency": "usd",
        "invoice": invoice_id,
        "is_default": True,
        "payment": {"type": "payment_intent", "payment_intent": pi_id},
        "status": "paid",
        "created": int(time.time()),
    }


def refunded_charge(pi_id, amount, refunded, invoice_id=None, api_version=PINNED):
    charge = {
        "id": "ch_" + pi_id[3:],
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "refunded": refunded >= amount,
        "payment_intent": pi_id,
        "currency": "usd",
        "created": int(time.time()),
    }
    if api_version == PINNED:
        charge["invoice"] = invoice_id
    return charge


def post_event(client, evt, secret=None, timestamp=None):
    payload = json.dumps(evt).encode()
    return client.post(
        WEBHOOK_URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(payload, secret, timestamp)
    )


def freeze_gifts():
    """A real refusal from PostgreSQL (a trigger, as a botched manual change or an audit freeze would leave):
    every new gift is refused with 'gifts are frozen for the audit' until `lift_gift_freeze()`. Not a
    transient fault, so retrying alone will not help."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_gifts() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'gifts are frozen for the audit'; END $$; "
            "CREATE TRIGGER refuse_gifts BEFORE INSERT ON donations_donation "
            "FOR EACH ROW EXECUTE FUNCTION refuse_gifts();"
        )


def lift_gift_freeze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_gifts ON donations_donation; DROP FUNCTION refuse_gifts();")
