"""`manage.py email_worker`: the worker that sends every email job (core/email_worker.py).

django-tasks-db's `db_worker` with the same options, for the `emails` backend, plus a heartbeat, a lease
on the jobs it holds (a job of a worker that died is sent by the next one) and no exit when the database
blinks. Run it under a supervisor that restarts it (docs/deploying.md#the-email-worker).
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from core.email_worker import LeasedWorker
from core.emails import EMAIL_BACKEND_ALIAS


class Command(db_worker.Command):
    help = "Send the email jobs: django-tasks-db's worker with a heartbeat, a lease, and patience with the database"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=EMAIL_BACKEND_ALIAS)

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        **options,
    ):
        self.configure_logging(verbosity)
        worker = LeasedWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child that runs the worker
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
