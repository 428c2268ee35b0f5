"""Emails as jobs in the database, sent by the email worker, never inside a request.

A job is queued in the caller's database transaction (the task backend `emails` stores jobs in
PostgreSQL: django-tasks-db), so what happened and the email about it are kept together or not at
all, and the reader's request never waits for the mail server. The worker
(`manage.py db_worker --backend emails`) sends it; a failure is tried again later.
"""

import datetime
import logging
import smtplib

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

EMAIL_BACKEND_ALIAS = "emails"
# Minutes to wait before each new attempt; after the last one the job gives up (and says so in the log).
RETRY_AFTER_MINUTES = [1, 5, 30, 120, 720]
SEND_ERRORS = (OSError, smtplib.SMTPException)


def retry_later(task_function, attempt, *args):
    """Queue the next attempt, or give up. Returns what the task reports."""
    if attempt > len(RETRY_AFTER_MINUTES):
        logger.error("%s%r failed %d times: giving up", task_function.name, args, attempt)
        return "gave up"
    run_after = timezone.now() + datetime.timedelta(minutes=RETRY_AFTER_MINUTES[attempt - 1])
    task_function.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return f"failed, attempt {attempt + 1} queued"


@task(backend=EMAIL_BACKEND_ALIAS)
def send_email(subject, body, recipients, attempt=1):
    """An email already written (subject and body rendered when it was queued)."""
    try:
        send_mail(subject, body, None, recipients)
    except SEND_ERRORS:
        logger.exception("Email %r could not be sent (attempt %d)", subject, attempt)
        return retry_later(send_email, attempt, subject, body, recipients)
    return "sent"
