"""Concurrent deliveries on PostgreSQL: Stripe retries and replays can overlap."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from donations.models import Donation, StripeEvent
from tests.support.sites import build_campaign
from tests.support.stripe import WEBHOOK_URL, event, freeze_gifts, lift_gift_freeze, payment_intent, sign

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def deliver_concurrently(payloads):
    """POST each payload from its own thread (its own database connection), all at once."""
    barrier = threading.Barrier(len(payloads))
    statuses = []

    def deliver(payload):
        client = Client()
        barrier.wait()
        try:
            response = client.post(
                WEBHOOK_URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(payload)
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_fifty_concurrent_replays_of_one_event_record_one_donation():
    assert connection.vendor == "postgresql"
    runner = build_campaign()["runner"]
    payload = json.dumps(event("payment_intent.succeeded", payment_intent("pi_race", 5000, runner.pk))).encode()

    statuses = deliver_concurrently([payload] * 50)

    assert statuses == [200] * 50
    assert Donation.objects.count() == 1
    assert StripeEvent.objects.count() == 1
    assert Donation.objects.counted().for_page(runner.pk).totals()["raised_cents"] == 5000


def test_concurrent_events_for_the_same_payment_record_one_donation():
    runner = build_campaign()["runner"]
    intent = payment_intent("pi_race_ids", 2620, runner.pk)
    payloads = [json.dumps(event("payment_intent.succeeded", intent)).encode() for _ in range(20)]

    statuses = deliver_concurrently(payloads)

    assert statuses == [200] * 20
    assert StripeEvent.objects.count() == 20
    assert Donation.objects.count() == 1


def test_concurrent_deliveries_of_an_event_the_ledger_cannot_apply_keep_it_aside_once():
    """The handler runs without a savepoint of its own: a failure undoes the whole delivery, and the event is
    kept aside in a transaction of its own, once, however many deliveries of it fail at the same moment."""
    runner = build_campaign()["runner"]
    freeze_gifts()  # an audit freeze: PostgreSQL refuses every new gift
    evt = event("payment_intent.succeeded", payment_intent("pi_frozen_race", 5000, runner.pk), event_id="evt_frozen")
    payload = json.dumps(evt).encode()

    statuses = deliver_concurrently([payload] * 10)

    assert statuses == [200] * 10  # Stripe stops retrying: the event is kept for staff
    assert not Donation.objects.exists()
    record = StripeEvent.objects.get()
    assert record.needs_attention and record.payload["id"] == "evt_frozen"
    assert "gifts are frozen for the audit" in record.outcome and "gifts are frozen for the audit" in record.error

    lift_gift_freeze()  # the operator lifts the freeze; Stripe delivers it again
    assert deliver_concurrently([payload] * 5) == [200] * 5
    assert Donation.objects.get().amount_cents == 5000
    assert not StripeEvent.objects.get().needs_attention
