"""Email as the tests meet it: the email worker production runs, a local SMTP server (that may hang),
and the emails sent so far."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from tests.support.servers import PROJECT


def run_email_worker(*, in_test_transaction=False):
    """Run the email jobs queued so far with the worker production runs (`manage.py email_worker`),
    then stop.

    Its loop commits (it locks each job in a transaction of its own) and closes old connections: right
    for a transactional test, whose changes are committed. Inside a test's transaction
    (`in_test_transaction`), the same worker runs each ready job itself (`run_task`); a job that fails
    is queued again for later, so it is not run twice here."""
    from django_tasks_db.models import DBTaskResult

    from core.email_worker import LeasedWorker
    from core.emails import EMAIL_BACKEND_ALIAS

    worker = LeasedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=EMAIL_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
    )
    if not in_test_transaction:
        worker.run()
        return
    ready = DBTaskResult.objects.ready().filter(backend_name=EMAIL_BACKEND_ALIAS)
    while (job := ready.order_by("enqueued_at").first()) is not None:
        job.claim(worker.worker_id)
        worker.run_task(job)


def sent_mail():
    """The emails sent so far, inside the test's transaction: the email jobs queued until now are run,
    then the test reads Django's outbox."""
    from django.core import mail

    run_email_worker(in_test_transaction=True)
    return mail.outbox


class SMTPServer:
    """A minimal SMTP server on loopback that keeps what it receives.

    `stall=True` accepts a connection and then never answers, like a mail server that hangs; `delay` waits
    that many seconds before greeting, like a slow one. Both may be changed while it runs; `waiting` counts
    the clients held so (a worker caught mid-send)."""

    def __init__(self, stall=False, delay=0):
        self.messages = []
        self.stall, self.delay, self.waiting = stall, delay, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.open = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.open.append(client)
            threading.Thread(target=self._hold_then_serve, args=(client,), daemon=True).start()

    def _hold_then_serve(self, client):
        self.waiting += 1
        try:
            held_until = time.monotonic() + self.delay
            while self.stall or time.monotonic() < held_until:
                time.sleep(0.05)
                if self.sock.fileno() == -1:
                    return
        finally:
            self.waiting -= 1
        with contextlib.suppress(OSError):  # the client went away (a worker killed mid-send)
            self._serve(client)

    def _serve(self, client):
        stream = client.makefile("rwb")

        def reply(line):
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        reply("220 localhost test SMTP")
        while line := stream.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                reply("250 localhost")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                reply("250 OK")
            elif command == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while (data := stream.readline()) not in (b".\r\n", b""):
                    body.append(data)
                self.messages.append(b"".join(body).decode(errors="replace"))
                reply("250 OK queued")
            elif command == "QUIT":
                reply("221 Bye")
                break
            else:
                reply("502 Not implemented")
        client.close()

    def close(self):
        self.sock.close()
        for client in self.open:
            client.close()


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    yield server
    server.close()


def start_email_worker(smtp_port, email_timeout=None):
    """The email worker production runs (`manage.py email_worker`), in its own process, on the test
    database, sending through SMTP to `smtp_port` (waiting `email_timeout` seconds for it, if given)."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "necsociety.settings.test",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    if email_timeout is not None:
        env["EMAIL_TIMEOUT"] = str(email_timeout)
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "email_worker", "--interval=0.2", "--no-startup-delay", "--no-reload"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def email_worker(smtp_server, transactional_db):
    process = start_email_worker(smtp_server.port)
    yield smtp_server
    process.terminate()
    process.wait(timeout=10)
