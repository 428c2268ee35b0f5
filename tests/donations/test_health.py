"""The health endpoint speaks for the email queue: a receipt left waiting, or no worker, means emails
are not going out; a monitor reads 503 and the reason, in JSON when it asks for it."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.support.servers import wait_until
from tests.support.stripe import event, payment_intent, post_event

# The health view runs its checks in worker threads, on connections of their own: the queued job must
# be committed to be seen, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def queue_a_receipt(client):
    assert (
        post_event(client, event("payment_intent.succeeded", payment_intent("pi_health", 5000))).json()["outcome"]
        == "recorded"
    )
    return DBTaskResult.objects.filter(task_path="donations.emails.send_receipt")


def test_a_receipt_queued_with_an_email_worker_running_keeps_the_site_healthy(client, campaign, email_worker):
    assert queue_a_receipt(client).count() == 1
    assert wait_until(lambda: client.get("/health/?format=json").status_code == 200, 15)
    assert "EmailQueue" in client.get("/health/?format=json").content.decode()


def test_a_receipt_waiting_for_an_hour_says_the_email_worker_is_stopped(client, campaign):
    jobs = queue_a_receipt(client)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    jobs.update(enqueued_at=an_hour_ago, run_after=an_hour_ago)

    response = client.get("/health/?format=json")
    assert response.status_code == 503
    assert "email worker" in response.content.decode()
    # The load balancer's check still keeps this server in rotation: readers can be served.
    assert client.get("/health/web/?format=json").status_code == 200


def test_no_email_worker_running_answers_503_in_json_for_machines(client, campaign):
    response = client.get("/health/", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "No email worker seen" in response.json()["EmailQueue()"]
    assert response.json()["Database(alias='default')"] == "OK"
