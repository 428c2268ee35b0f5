"""Emails as jobs in the database, sent by the email worker, never inside a request.

A job is queued in the caller's database transaction (the task backend `emails` stores jobs in
PostgreSQL: django-tasks-db), so what happened and the email about it are kept together or not at
all, and the reader's request never waits for the mail server. The worker (`manage.py email_worker`,
core/email_worker.py) sends it; a failure is tried again later; what was sent is recorded right after
sending, waiting for the database if it is away, so that a job run again never sends it twice.
"""

import contextlib
import datetime
import logging
import smtplib
import time
import zlib

from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, connection, connections
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

EMAIL_BACKEND_ALIAS = "emails"
# Minutes to wait before each new attempt; after the last one the job gives up (and says so in the log).
RETRY_AFTER_MINUTES = [1, 5, 30, 120, 720]
SEND_ERRORS = (OSError, smtplib.SMTPException)
# The mail server took the connection but refused this one message: no sign that the server is unwell.
REFUSED_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)
# What a failed attempt reports (the job's return value): `/health/` reads the first as "the mail server
# is not answering" until an email is sent again (core/health.py).
MAIL_SERVER_FAILED = "the mail server did not answer: tried again later"
MESSAGE_REFUSED = "the mail server refused this email: tried again later"
GAVE_UP = "gave up"
SENT = "sent"

# What a database outage (or a connection it closed) raises: waited out, never a reason to stop.
DATABASE_DOWN = (OperationalError, InterfaceError)
# The longest wait between two tries of the database.
MAX_BACKOFF_SECONDS = 10


def retry_later(task_function, attempt, *args, error=None):
    """Queue the next attempt, or give up. Returns what the task reports."""
    if attempt > len(RETRY_AFTER_MINUTES):
        logger.error("%s%r failed %d times: giving up", task_function.name, args, attempt)
        return GAVE_UP
    run_after = timezone.now() + datetime.timedelta(minutes=RETRY_AFTER_MINUTES[attempt - 1])
    task_function.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return MESSAGE_REFUSED if isinstance(error, REFUSED_ERRORS) else MAIL_SERVER_FAILED


def until_written(write):
    """Call `write` until the database takes it, reconnecting with backoff: what was sent must be recorded,
    or the job run again would send it twice."""
    backoff = 0.5
    while True:
        try:
            return write()
        except DATABASE_DOWN as error:
            logger.warning("Waiting for the database to record an email's outcome (%s)", error)
            connections.close_all()
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


@contextlib.contextmanager
def sending_alone(kind, key):
    """True if no other worker is sending this email (`kind`, `key`) right now, held until the block ends.

    A PostgreSQL advisory lock of the session, not a row lock: whoever writes the row (a refund, a webhook)
    never waits on the mail server. SQLite (`make run`, one worker) has no such lock and needs none."""
    if connection.vendor != "postgresql":
        yield True
        return
    lock = (zlib.crc32(kind.encode()) & 0x7FFFFFFF, int(key))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", lock)
        taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            with contextlib.suppress(*DATABASE_DOWN), connection.cursor() as cursor:
                # A connection lost meanwhile took its lock with it.
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", lock)


@task(backend=EMAIL_BACKEND_ALIAS)
def send_email(subject, body, recipients, attempt=1):
    """An email already written (subject and body rendered when it was queued)."""
    try:
        send_mail(subject, body, None, recipients)
    except SEND_ERRORS as error:
        logger.exception("Email %r could not be sent (attempt %d)", subject, attempt)
        return retry_later(send_email, attempt, subject, body, recipients, error=error)
    return SENT
