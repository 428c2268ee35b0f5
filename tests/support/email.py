"""Email as the tests meet it: the email worker production runs, a local SMTP server (that may hang),
the emails sent so far, and each email read as a mail app shows it (its plain-text and HTML parts)."""

import contextlib
import email
import email.policy
import html.parser
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


# --- An email as a mail app reads it -----------------------------------------------------------------


class _VisibleText(html.parser.HTMLParser):
    """The words an HTML part shows (not its <head>), each cell, line and paragraph apart; and its links."""

    BREAKS = {"p", "br", "td", "th", "tr", "div", "table", "li", "h1", "h2", "h3"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words, self.links, self.images, self._hidden = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script", "title"):
            self._hidden += 1
        if tag in self.BREAKS:
            self.words.append(" ")
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script", "title"):
            self._hidden -= 1
        if tag in self.BREAKS:
            self.words.append(" ")

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)


class MailAsRead:
    """One email as sent (a message of Django's outbox, or what the SMTP server received), parsed back
    from its bytes: the subject, the plain-text part, the HTML part, the words and links it shows, its
    attachments."""

    def __init__(self, sent):
        raw = sent.message().as_bytes() if hasattr(sent, "message") else sent.encode()
        self.parsed = email.message_from_bytes(raw, policy=email.policy.default)
        self.subject = str(self.parsed["Subject"] or "")
        alternatives = next(
            (part for part in self.parsed.walk() if part.get_content_type() == "multipart/alternative"), None
        )
        assert alternatives is not None, f"{self.subject!r} has no text and HTML alternatives"
        kinds = {part.get_content_type(): part for part in alternatives.iter_parts()}
        assert set(kinds) == {"text/plain", "text/html"}, f"{self.subject!r} has parts {sorted(kinds)}"
        # Lines end as the mail app shows them, whether the message came from the outbox or over SMTP (CRLF).
        self.text = kinds["text/plain"].get_content().replace("\r\n", "\n")
        self.html = kinds["text/html"].get_content().replace("\r\n", "\n")
        shown = _VisibleText()
        shown.feed(self.html)
        self.html_words = " ".join("".join(shown.words).split())
        self.links = shown.links
        self.images = shown.images
        self.attachments = [
            (part.get_filename(), part.get_content_type(), part.get_content())
            for part in self.parsed.walk()
            if part.get_content_disposition() == "attachment"
        ]

    @property
    def text_words(self):
        return " ".join(self.text.split())


def assert_branded(sent, *words, links=(), organisation=None):
    """`sent` has a plain-text part and an HTML part in the organisation's layout that show the same words
    (the HTML part adds only the organisation's name at its top), each of `words` among them, each of
    `links` a link in the HTML part and written out in the text; the footer from Settings → Organisation
    ends both; no image is needed to read it, and it declares dark mode. Returns the email as read."""
    from core.models import OrganisationSettings

    organisation = organisation or OrganisationSettings.load()
    mail = MailAsRead(sent)
    # The same words: the text part's (its "-- " signature line aside), after the name in the HTML's header.
    text_words = " ".join(mail.text_words.rsplit(" -- ", 1))
    assert mail.html_words == f"{organisation.name} {text_words}", (
        f"{mail.subject!r}: the parts differ\ntext: {text_words}\nhtml: {mail.html_words}"
    )
    for word in words:
        assert word in mail.text_words and word in mail.html_words, f"{word!r} not in both parts of {mail.subject!r}"
    for link in links:
        assert link in mail.text and link in mail.links, f"{link!r} is not a link in {mail.subject!r}"
    # The footer, in both parts: the name, the staff's own lines, the postal address, the contact address.
    settings = (organisation.name, organisation.email_footer, organisation.postal_address, organisation.contact_email)
    footer = " ".join(" ".join(settings).split())
    assert "\n-- \n" in mail.text and " ".join(mail.text.rsplit("\n-- \n", 1)[1].split()) == footer, (
        f"{mail.subject!r} does not end with the footer {footer!r}"
    )
    assert mail.html_words.endswith(footer)
    assert f"background-color: {organisation.email_colour}" in mail.html
    assert "prefers-color-scheme: dark" in mail.html and 'name="color-scheme" content="light dark"' in mail.html
    assert mail.images == []
    return mail
