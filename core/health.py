"""The email queue's line in the health endpoint (`/health/`, django-health-check)."""

import dataclasses
import datetime

from django.db import DatabaseError
from django.db.models import Case, F, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from .emails import EMAIL_BACKEND_ALIAS

# A receipt due longer than this means no worker is taking jobs (`manage.py db_worker --backend emails`).
OVERDUE = datetime.timedelta(minutes=10)


@dataclasses.dataclass
class EmailQueue(HealthCheck):
    """Receipts and other emails wait in the database: the queue must be readable and moving."""

    def run(self):
        try:
            # A job due at once carries the largest date as run_after: it is due since it was queued.
            due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
            oldest = (
                DBTaskResult.objects.ready()
                .filter(backend_name=EMAIL_BACKEND_ALIAS)
                .annotate(due=due)
                .order_by("due")
                .values_list("due", flat=True)
                .first()
            )
        except DatabaseError as error:
            raise ServiceUnavailable("The email queue cannot be read") from error
        if oldest is not None and timezone.now() - oldest > OVERDUE:
            raise ServiceWarning("Emails are waiting: is the email worker running?")
