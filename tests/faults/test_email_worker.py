"""The email worker as a bad night meets it: killed with SIGKILL mid-send, a mail server that hangs.

Real worker processes (`manage.py email_worker`), a real SMTP server on loopback; `/health/` must say so
while it lasts, and every receipt goes out once.
"""

import datetime
import os
import signal
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.emails import send_email
from donations.models import Donation
from tests.support.email import SMTPServer, start_email_worker
from tests.support.servers import wait_until
from tests.support.stripe import event, payment_intent, post_event, refunded_charge

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def health(client):
    """The status and the email queue's line, as a monitor reads them (JSON)."""
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()["EmailQueue()"]


def receipts_to(server, address):
    return [message for message in server.messages if f"To: {address}" in message and "receipt" in message.lower()]


@pytest.fixture
def workers():
    started = []

    def start(*args, **kwargs):
        started.append(start_email_worker(*args, **kwargs))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)


def test_a_receipt_whose_worker_is_killed_mid_send_is_sent_once_by_the_next_worker(client, campaign, workers):
    smtp = SMTPServer(delay=60)  # slow: the worker waits for the greeting
    try:
        first = workers(smtp.port)
        gift = payment_intent("pi_killed", 5000, donor_email="kim@example.org")
        assert post_event(client, event("payment_intent.succeeded", gift)).json()["outcome"] == "recorded"
        assert wait_until(lambda: smtp.waiting == 1, 30), "the worker never reached the mail server"

        os.kill(first.pid, signal.SIGKILL)  # mid-send
        first.wait(timeout=10)
        smtp.delay = 0
        # While the receipt is held by a dead worker, the health endpoint says so.
        assert wait_until(lambda: health(client)[0] == 503, 15)
        assert "held by an email worker" in health(client)[1]

        workers(smtp.port)  # the supervisor starts another
        assert wait_until(lambda: receipts_to(smtp, "kim@example.org"), 60), "the receipt was never sent"
        time.sleep(2)  # room for a second copy to show
        assert len(receipts_to(smtp, "kim@example.org")) == 1
        assert Donation.objects.get(stripe_payment_id="pi_killed").receipt_sent_at is not None
        assert wait_until(lambda: health(client)[0] == 200, 15), health(client)
    finally:
        smtp.close()


def test_a_hung_mail_server_holds_no_lock_on_the_gift_so_a_refund_answers_at_once(client, campaign, workers):
    smtp = SMTPServer(stall=True)  # accepts, never answers: the worker waits EMAIL_TIMEOUT (20 s)
    try:
        workers(smtp.port)
        gift = payment_intent("pi_hung", 5000, donor_email="lee@example.org")
        assert post_event(client, event("payment_intent.succeeded", gift)).json()["outcome"] == "recorded"
        assert wait_until(lambda: smtp.waiting == 1, 30), "the worker never reached the mail server"
        time.sleep(0.5)  # the worker is inside send_receipt, talking to the mail server

        started = time.monotonic()
        response = post_event(client, event("charge.refunded", refunded_charge("pi_hung", 5000, 5000)))
        elapsed = time.monotonic() - started

        assert response.status_code == 200
        assert Donation.objects.get(stripe_payment_id="pi_hung").status == Donation.Status.REFUNDED
        # Held behind the receipt's row lock, the refund waited for the mail server (up to 20 s).
        assert elapsed < 3, f"the refund waited {elapsed:.1f}s for the mail server"
    finally:
        smtp.close()


def test_a_hung_mail_server_turns_health_503_until_an_email_goes_out_again(client, campaign, workers):
    smtp = SMTPServer(stall=True)
    try:
        workers(smtp.port, email_timeout=2)
        gift = payment_intent("pi_stalled", 5000, donor_email="max@example.org")
        assert post_event(client, event("payment_intent.succeeded", gift)).json()["outcome"] == "recorded"
        assert wait_until(lambda: "mail server did not answer" in health(client)[1], 30), health(client)
        assert health(client)[0] == 503

        smtp.stall = False
        # The retry is queued for a minute later: make it due now rather than wait.
        DBTaskResult.objects.filter(status="READY", task_path="donations.emails.send_receipt").update(
            run_after=timezone.now()
        )
        assert wait_until(lambda: receipts_to(smtp, "max@example.org"), 30), "the retry was never sent"
        assert wait_until(lambda: health(client)[0] == 200, 15), health(client)
        assert len(receipts_to(smtp, "max@example.org")) == 1
    finally:
        smtp.close()


def test_the_worker_forgets_emails_sent_more_than_thirty_days_ago_and_sends_the_rest(client, workers):
    """A finished job holds the words and recipients of the email it sent: the worker deletes it once it is
    30 days old (the privacy policy says so), and leaves what is recent or still to send."""
    long_ago = timezone.now() - datetime.timedelta(days=31)
    old_sent = send_email.enqueue("Your receipt", "Thank you, Ann.", ["ann@example.org"]).id
    old_failed = send_email.enqueue("Your receipt", "Thank you, Bo.", ["bo@example.org"]).id
    recent = send_email.enqueue("Your receipt", "Thank you, Cy.", ["cy@example.org"]).id
    DBTaskResult.objects.filter(pk=old_sent).update(status="SUCCESSFUL", finished_at=long_ago, return_value="sent")
    DBTaskResult.objects.filter(pk=old_failed).update(status="FAILED", finished_at=long_ago)
    DBTaskResult.objects.filter(pk=recent).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=29), return_value="sent"
    )
    smtp = SMTPServer()
    try:
        workers(smtp.port)
        waiting = send_email.enqueue("Your sign-in link", "Here is your link.", ["dee@example.org"]).id
        assert wait_until(lambda: not DBTaskResult.objects.filter(pk__in=[old_sent, old_failed]).exists(), 30)
        assert wait_until(lambda: [m for m in smtp.messages if "To: dee@example.org" in m], 30)
        assert DBTaskResult.objects.filter(pk=recent).exists()
        assert DBTaskResult.objects.get(pk=waiting).status == "SUCCESSFUL"
    finally:
        smtp.close()
