"""Receipts outside the request: queued with the gift, sent by the worker, retried, sent once."""

import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from donations.models import Donation
from tests.support.email import SMTPServer, run_email_worker
from tests.support.servers import free_port
from tests.support.stripe import event, payment_intent, post_event

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def receipt_jobs():
    return DBTaskResult.objects.filter(task_path="donations.emails.send_receipt")


def test_a_stalled_mail_server_does_not_hold_the_webhook(client, campaign, settings):
    stalled = SMTPServer(stall=True)  # accepts the connection, never answers
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", stalled.port
    settings.EMAIL_TIMEOUT = 30
    try:
        started = time.monotonic()
        response = post_event(client, event("payment_intent.succeeded", payment_intent("pi_stall", 5000)))
        elapsed = time.monotonic() - started
    finally:
        stalled.close()

    assert response.json()["outcome"] == "recorded"
    # Sending inside the request waited for the mail server (here 30 s, or for ever without
    # EMAIL_TIMEOUT) while Stripe gave up; queued, the answer is immediate (10 s: a busy test machine).
    assert elapsed < 10
    assert receipt_jobs().count() == 1


def test_a_failed_receipt_is_retried_stays_visible_to_staff_and_goes_out_once(client, campaign, settings, admin_client):
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = SMTP, "127.0.0.1", free_port()  # refused
    post_event(client, event("payment_intent.succeeded", payment_intent("pi_retry", 5000)))
    run_email_worker()

    donation = Donation.objects.get()
    assert donation.receipt_sent_at is None
    retry = receipt_jobs().filter(status="READY").get()
    assert retry.run_after > timezone.now()  # tried again later, not at once
    assert "jane@example.org" in admin_client.get("/admin/donations/unsent-receipts/").content.decode()

    server = SMTPServer()
    settings.EMAIL_PORT = server.port
    try:
        admin_client.post("/admin/donations/unsent-receipts/", {"donation": [donation.pk]})  # staff resend
        run_email_worker()
        receipt_jobs().filter(status="READY").update(run_after=timezone.now())  # the scheduled retry comes due
        run_email_worker()
    finally:
        server.close()

    assert len(server.messages) == 1
    assert "jane@example.org" in server.messages[0]
    assert Donation.objects.get().receipt_sent_at is not None
    assert "jane@example.org" not in admin_client.get("/admin/donations/unsent-receipts/").content.decode()


def test_a_receipt_reads_the_organisations_settings_once_and_shows_them_in_both_parts(client, campaign, mailoutbox):
    """Race day sends twenty receipts a second: the settings the subject and the layout show are read once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import OrganisationSettings
    from donations.emails import send_receipt

    post_event(client, event("payment_intent.succeeded", payment_intent("pi_receipt", 2620, campaign["runner"].pk)))
    donation = Donation.objects.get(stripe_payment_id="pi_receipt")
    organisation = OrganisationSettings.load()
    with CaptureQueriesContext(connection) as queries:
        send_receipt.call(donation.pk)

    assert len([query for query in queries if OrganisationSettings._meta.db_table in query["sql"]]) == 1
    (receipt,) = mailoutbox
    html = receipt.alternatives[0][0]
    assert organisation.name in receipt.subject and organisation.name in receipt.body and organisation.name in html
    assert Donation.objects.get(pk=donation.pk).receipt_sent_at is not None
