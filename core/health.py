"""The health endpoint (`/health/`, django-health-check): 503 when the site is unwell, and the email
queue's line in it.

The email queue is unwell when emails are not going out: a job held by an email worker that stopped
beating (killed, its machine lost), no email worker seen for minutes, an email overdue, or the mail server
not answering the last attempt to send.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, F, When
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from .email_worker import held_by_silent_workers
from .emails import EMAIL_BACKEND_ALIAS, MAIL_SERVER_FAILED, SENT
from .models import EmailWorkerHeartbeat

# An email due longer than this means the workers are not keeping up (or none is taking jobs).
OVERDUE = datetime.timedelta(minutes=10)
# No heartbeat from any email worker for this long: none is running (`manage.py email_worker`).
NO_WORKER_FOR = datetime.timedelta(minutes=2)
# A worker that missed this many heartbeats is taken for dead (its jobs are given back after the lease).
MISSED_HEARTBEATS = 3


class HealthView(HealthCheckView):
    """django-health-check's view (HTML, `?format=json` or `Accept: application/json`), answering 503 when a
    check fails: what a load balancer or a monitor reads as "unavailable", where 500 reads as a bug."""

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


def email_queue_problems():
    """What keeps emails from going out, in words for whoever is on call; empty when they flow."""
    problems = []
    silent = settings.EMAIL_WORKER_HEARTBEAT_SECONDS * MISSED_HEARTBEATS
    if held := held_by_silent_workers(silent):
        problems.append(
            f"{len(held)} email(s) held by an email worker not heard from for {silent:g}s "
            f"(given back to the queue after {settings.EMAIL_WORKER_LEASE_SECONDS:g}s)"
        )
    if not EmailWorkerHeartbeat.objects.filter(last_seen__gte=Now() - NO_WORKER_FOR).exists():
        minutes = NO_WORKER_FOR.total_seconds() / 60
        problems.append(f"No email worker seen for {minutes:g} minutes: is `manage.py email_worker` running?")
    # A job due at once carries the largest date as run_after: it is due since it was queued.
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    emails = DBTaskResult.objects.filter(backend_name=EMAIL_BACKEND_ALIAS)
    oldest = emails.ready().annotate(due=due).order_by("due").values_list("due", flat=True).first()
    if oldest is not None and timezone.now() - oldest > OVERDUE:
        problems.append(f"Emails are waiting since {oldest:%H:%M} UTC: is the email worker running?")
    last_attempt = (
        emails.filter(status=TaskResultStatus.SUCCESSFUL, return_value__in=[SENT, MAIL_SERVER_FAILED])
        .order_by("-finished_at")
        .values_list("return_value", "finished_at")
        .first()
    )
    if last_attempt and last_attempt[0] == MAIL_SERVER_FAILED:
        problems.append(
            f"The mail server did not answer the last attempt to send ({last_attempt[1]:%H:%M:%S} UTC): "
            "emails wait for a retry"
        )
    return problems


@dataclasses.dataclass
class EmailQueue(HealthCheck):
    """Receipts and other emails wait in the database: the queue must be readable and moving."""

    def run(self):
        try:
            problems = email_queue_problems()
        except DatabaseError as error:
            raise ServiceUnavailable("The email queue cannot be read") from error
        finally:
            # This check runs in a thread of its own: a connection a database outage broke must not outlive it.
            connection.close()
        if problems:
            raise ServiceUnavailable("; ".join(problems))
