"""The email worker: django-tasks-db's Worker with a heartbeat, a lease on the jobs it holds, and patience
with the database (`manage.py email_worker`).

django-tasks-db marks a claimed job RUNNING and never gives it back, so a worker killed mid-send leaves
its email unsent for ever; and a worker whose database blinks exits. This one:

- says it is alive (`core.EmailWorkerHeartbeat`) from a thread of its own every
  `EMAIL_WORKER_HEARTBEAT_SECONDS`, whether it is sending or waiting on a slow mail server;
- gives back to the queue a job held by a worker silent for `EMAIL_WORKER_LEASE_SECONDS` (or claimed that
  long ago by a worker that writes no heartbeat, such as plain `db_worker`), so the next worker sends it.
  A task records what it sent right after sending, long before a lease could run out, and checks that
  record before sending (a receipt's `receipt_sent_at`), so an email goes out once;
- waits out a database outage with backoff instead of exiting, and keeps a job's outcome until it can
  be written;
- forgets finished jobs after `EMAIL_JOBS_KEPT_DAYS`: a job holds the email it sent (its words and
  its recipients), which the site has no reason to keep once the email is long gone.
"""

import datetime
import logging
import os
import random
import socket
import threading
import time

from django.conf import settings
from django.db import OperationalError, close_old_connections, connections
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .emails import DATABASE_DOWN, EMAIL_BACKEND_ALIAS, MAX_BACKOFF_SECONDS, until_written
from .models import EmailWorkerHeartbeat

logger = logging.getLogger(__name__)

# A job whose workers died this many times while running it is not given back again (it may be what kills them).
MAX_CLAIMS = 5
# Heartbeats of workers gone this long are deleted.
FORGET_WORKERS_AFTER = datetime.timedelta(days=1)
# How often a worker deletes the finished jobs older than `EMAIL_JOBS_KEPT_DAYS`.
FORGET_JOBS_EVERY_SECONDS = 3600


def beat(worker_id):
    """Say that this worker is alive, with the database's clock."""
    if not EmailWorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=Now()):
        EmailWorkerHeartbeat.objects.create(
            worker_id=worker_id, hostname=socket.gethostname(), pid=os.getpid(), last_seen=Now()
        )


def held_by_silent_workers(silent_seconds):
    """The email jobs RUNNING on a worker silent for `silent_seconds`, or claimed that long ago by a worker
    that never wrote a heartbeat."""
    silent = datetime.timedelta(seconds=silent_seconds)
    jobs = list(
        DBTaskResult.objects.running()
        .filter(backend_name=EMAIL_BACKEND_ALIAS)
        .annotate(old_claim=ExpressionWrapper(Q(started_at__lt=Now() - silent), output_field=BooleanField()))
        .only("id", "task_path", "worker_ids", "started_at")
    )
    if not jobs:
        return []
    holders = {job.worker_ids[-1] for job in jobs if job.worker_ids}
    heartbeats = EmailWorkerHeartbeat.objects.filter(worker_id__in=holders)
    known = set(heartbeats.values_list("worker_id", flat=True))
    alive = set(heartbeats.filter(last_seen__gte=Now() - silent).values_list("worker_id", flat=True))
    return [
        job
        for job in jobs
        if (job.worker_ids[-1] if job.worker_ids else None) not in alive
        and (job.old_claim or (job.worker_ids and job.worker_ids[-1] in known))
    ]


def give_back_abandoned_jobs(lease_seconds):
    """Put the jobs of workers silent for the lease back in the queue; returns how many."""
    given_back = 0
    for job in held_by_silent_workers(lease_seconds):
        still_held = DBTaskResult.objects.filter(pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at)
        holder = job.worker_ids[-1] if job.worker_ids else "?"
        if len(job.worker_ids) >= MAX_CLAIMS:
            still_held.update(
                status=TaskResultStatus.FAILED,
                finished_at=Now(),
                exception_class_path="core.email_worker.AbandonedJob",
                traceback=f"{len(job.worker_ids)} workers died running this job: not given back again",
            )
            logger.error(
                "Email job %s (%s): %d workers died running it: left failed", job.pk, job.task_path, MAX_CLAIMS
            )
        elif still_held.update(status=TaskResultStatus.READY, started_at=None):
            given_back += 1
            logger.warning(
                "Email job %s (%s) was held by worker %s, silent for %ss: given back to the queue",
                job.pk,
                job.task_path,
                holder,
                lease_seconds,
            )
    EmailWorkerHeartbeat.objects.filter(last_seen__lt=Now() - FORGET_WORKERS_AFTER).delete()
    return given_back


def forget_finished_jobs(kept_days):
    """Delete the email jobs finished (sent, given up or failed) more than `kept_days` ago; returns how many.
    Jobs waiting or running are never touched."""
    deleted, _ = DBTaskResult.objects.filter(
        backend_name=EMAIL_BACKEND_ALIAS,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=Now() - datetime.timedelta(days=kept_days),
    ).delete()
    if deleted:
        logger.info("Forgot %d email jobs finished more than %d days ago", deleted, kept_days)
    return deleted


class Heartbeat(threading.Thread):
    """Beats every `every` seconds on a connection of its own, and gives back the jobs of silent workers.

    A job is given back only once this worker has itself been connected for a whole lease: after a database
    outage, every worker's last beat is old, and each must first have had the time to beat again."""

    def __init__(self, worker_id, every, lease):
        super().__init__(name="email-worker-heartbeat", daemon=True)
        self.worker_id, self.every, self.lease = worker_id, every, lease
        self.stopped = threading.Event()

    def run(self):
        connected_since = forgotten_at = None
        try:
            while True:
                try:
                    beat(self.worker_id)
                    connected_since = connected_since or time.monotonic()
                    if time.monotonic() - connected_since >= self.lease:
                        give_back_abandoned_jobs(self.lease)
                    if forgotten_at is None or time.monotonic() - forgotten_at >= FORGET_JOBS_EVERY_SECONDS:
                        forget_finished_jobs(settings.EMAIL_JOBS_KEPT_DAYS)
                        forgotten_at = time.monotonic()
                except DATABASE_DOWN as error:
                    if connected_since is not None:
                        logger.warning("Email worker heartbeat: the database is unavailable (%s)", error)
                    connected_since = None
                    connections.close_all()
                except Exception:
                    # Whatever it is, the beat must go on: a worker that stops beating has its jobs taken.
                    logger.exception("Email worker heartbeat failed")
                    connected_since = None
                    connections.close_all()
                if self.stopped.wait(self.every):
                    return
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()


class LeasedWorker(Worker):
    """django-tasks-db's Worker, for the email jobs: heartbeat, lease, and no exit on a database outage."""

    def __init__(self, *, heartbeat_seconds=None, lease_seconds=None, **kwargs):
        super().__init__(**kwargs)
        every = heartbeat_seconds or settings.EMAIL_WORKER_HEARTBEAT_SECONDS
        lease = lease_seconds or settings.EMAIL_WORKER_LEASE_SECONDS
        self.heartbeat = Heartbeat(self.worker_id, every, lease)

    def run(self):
        logger.info("Email worker %s starting (pid %d)", self.worker_id, os.getpid())
        self.heartbeat.start()
        try:
            if self.startup_delay and self.interval:
                time.sleep(random.random())  # noqa: S311 (spreads workers started together)
            self._run_until_stopped()
        finally:
            self.heartbeat.stop()
            self.heartbeat.join(timeout=MAX_BACKOFF_SECONDS)

    def _run_until_stopped(self):
        backoff = 0.5
        while self.running:
            try:
                job = self.claim_next()
            except DATABASE_DOWN as error:
                logger.warning("Email worker: the database is unavailable (%s); trying again in %.1fs", error, backoff)
                connections.close_all()
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 0.5
            if job is not None:
                self.run_task(job)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and job is None:
                time.sleep(self.interval)

    def claim_next(self):
        """The next ready email job, claimed for this worker in a transaction of its own (as db_worker does)."""
        jobs = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            jobs = jobs.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(jobs.db):
            try:
                job = jobs.get_locked()
            except OperationalError as error:
                if "is locked" not in str(error):  # SQLite busy: the next turn will do
                    raise
                return None
            if job is not None:
                job.claim(self.worker_id)
        return job

    def run_task(self, job):
        """Run the job and record its outcome, waiting for the database if it is away; a job the database
        interrupted before it decided anything goes back to the queue."""
        self.running_task = True
        try:
            try:
                task, task_result = job.task, job.task_result
                sender = type(task.get_backend())
                task_started.send(sender=sender, task_result=task_result)
                if task.takes_context:
                    value = task.call(TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs)
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            except DATABASE_DOWN as error:
                logger.warning("Email job %s interrupted by the database (%s): back to the queue", job.pk, error)
                until_written(
                    lambda: DBTaskResult.objects.filter(pk=job.pk, status=TaskResultStatus.RUNNING).update(
                        status=TaskResultStatus.READY, started_at=None
                    )
                )
                return
            except Exception as error:
                # A bug, or a task that no longer exists: recorded as failed, as db_worker does.
                logger.exception("Email job %s (%s) failed", job.pk, job.task_path)
                until_written(lambda error=error: job.set_failed(error))
                return
            until_written(lambda: job.set_successful(value))
            task_finished.send(sender=sender, task_result=job.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1
