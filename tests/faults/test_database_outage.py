"""PostgreSQL goes away mid-run and comes back: the test cluster of `make test` is stopped and started.

Readers get a calm 503 with Retry-After, Stripe's webhook a 503 so that Stripe retries, `/health/` a 503,
and once the database is back the same running server answers 200 again, with every acknowledged gift
recorded; the email worker waits the outage out (it does not exit) and sends each gift's receipt once.
"""

import json
import os
import subprocess
import threading
import time

import pytest
import requests
from django.db import connections

from core.queries import content_changed
from donations.models import Donation
from tests.support.email import start_email_worker
from tests.support.servers import wait_until
from tests.support.stripe import WEBHOOK_URL, event, payment_intent, sign


def pg_ctl(*args):
    """The throwaway cluster's pg_ctl, as the user it runs as (scripts/run_with_postgres.sh exports these)."""
    if not os.environ.get("TEST_PG_CTL"):
        pytest.fail("Run through `make test`: this test stops and starts the throwaway PostgreSQL cluster.")
    run_as = os.environ.get("TEST_PG_RUN_AS")
    command = [os.environ["TEST_PG_CTL"], "-D", os.environ["TEST_PG_DATA"], *args]
    if run_as:
        command = ["runuser", "-u", run_as, "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def stop_database():
    pg_ctl("-m", "fast", "-w", "stop")


def start_database():
    pg_ctl("-w", "-l", os.environ["TEST_PG_LOG"], "-o", os.environ["TEST_PG_OPTIONS"], "start")


def deliver(base_url, evt):
    """One delivery as Stripe makes it; True when the site acknowledged it (2xx)."""
    payload = json.dumps(evt).encode()
    headers = {"Stripe-Signature": sign(payload), "Content-Type": "application/json"}
    try:
        response = requests.post(base_url + WEBHOOK_URL, data=payload, headers=headers, timeout=30)
    except requests.RequestException:
        return False
    return 200 <= response.status_code < 300


class StripeDeliveries(threading.Thread):
    """Stripe sending gifts all along: each event is retried until the site acknowledges it."""

    def __init__(self, base_url):
        super().__init__(daemon=True)
        self.base_url, self.stop, self.acknowledged, self.refused = base_url, threading.Event(), [], 0

    def run(self):
        while not self.stop.is_set():
            evt = event("payment_intent.succeeded", payment_intent())
            while not deliver(self.base_url, evt):
                self.refused += 1
                time.sleep(0.05)
            self.acknowledged.append(evt["data"]["object"]["id"])


@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_answer_503_while_postgresql_is_down_then_200_and_no_acknowledged_gift_is_lost(
    tribute_site, live_server, smtp_server
):
    base = live_server.url
    event_page = "/events/cim-2018/"
    worker = start_email_worker(smtp_server.port)
    try:
        outage(base, event_page, worker, smtp_server)
    finally:
        worker.terminate()
        worker.wait(timeout=15)


def health(base):
    return requests.get(base + "/health/?format=json", timeout=30).status_code


def outage(base, event_page, worker, smtp_server):
    for address in ("/", event_page, "/tributes/"):
        assert requests.get(base + address, timeout=30).status_code == 200, address
    assert wait_until(lambda: health(base) == 200, 15)  # the email worker has said it is alive

    stripe = StripeDeliveries(base)
    stripe.start()
    time.sleep(0.5)
    stop_database()
    try:
        # A page kept for readers before the outage is still answered from the page cache (a general-fund
        # gift drops only its own figures, not these pages).
        for address in ("/", event_page, "/tributes/"):
            assert requests.get(base + address, timeout=30).status_code == 200, address
        # A page dropped by a change (here every page: what a settings change does) needs the database,
        # on every worker, whatever copy it held: a calm 503.
        content_changed()
        for address in ("/", event_page, "/tributes/", "/search/?q=ruiz"):
            started = time.monotonic()
            response = requests.get(base + address, timeout=30)
            assert response.status_code == 503, address
            assert int(response.headers["Retry-After"]) > 0
            assert "Back in a moment" in response.text
            assert time.monotonic() - started < 10, address
        assert health(base) == 503

        outage_gift = event("payment_intent.succeeded", payment_intent())
        assert not deliver(base, outage_gift)  # 503: Stripe keeps it and tries again later
        time.sleep(1)
    finally:
        start_database()

    # The same server, not restarted, answers again.
    for address in ("/", event_page):
        assert requests.get(base + address, timeout=30).status_code == 200, address
    assert wait_until(lambda: health(base) == 200, 30)
    assert deliver(base, outage_gift)  # Stripe's retry
    time.sleep(0.5)
    stripe.stop.set()
    stripe.join(timeout=60)

    connections.close_all()  # this thread's connection died with the server
    assert stripe.refused > 0, "some deliveries fell in the outage"
    acknowledged = [*stripe.acknowledged, outage_gift["data"]["object"]["id"]]
    recorded = list(
        Donation.objects.filter(stripe_payment_id__in=acknowledged).values_list("stripe_payment_id", flat=True)
    )
    assert sorted(recorded) == sorted(acknowledged)
    # The worker rode the outage out, and each gift's receipt went out once.
    assert worker.poll() is None, "the email worker exited when the database went away"
    assert wait_until(lambda: len(smtp_server.messages) >= len(acknowledged), 60)
    time.sleep(1)
    assert len(smtp_server.messages) == len(acknowledged)
