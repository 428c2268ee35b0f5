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
import re
import smtplib
import time
import zlib

from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, connection, connections
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from .models import EMAIL_DARK_BACKGROUND, EMAIL_LIGHT_BACKGROUND, OrganisationSettings
from .site_url import absolute_url

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


# --- Every email's two parts ------------------------------------------------------------------------
#
# The words of an email are written once, in its .txt template. `branded_email` sends them as the plain-text
# part and, in the organisation's layout (templates/email/layout.html), as the HTML part: the same words,
# paragraphs kept, addresses made links, "Label: value" lines set as a table. The HTML is made by the
# template with autoescaping, so whatever a donor, runner or family typed stays inert text.

URL = re.compile(r"https?://[^\s<>\"]+")
# What a line links: a web address, or an email address (as mailto:).
LINKABLE = re.compile(r"(?P<url>https?://[^\s<>\"]+)|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
# A line that is a label and its value ("Amount: $26.20"): a few words, a colon, then the value.
FACT = re.compile(r"^(?P<label>[^\s:][^:]{0,39}): (?P<value>\S.*)$")
FACT_MAX_WORDS = 5
# Kept out of the end of an address written in a sentence ("see https://example.org/a.").
TRAILING_PUNCTUATION = ".,;:!?)]'\""


def _segments(line):
    """A line as [{"text"}, {"text", "url"}, ...]: its web and email addresses made links, the rest as it is."""
    segments, start = [], 0
    for match in LINKABLE.finditer(line):
        address = match.group().rstrip(TRAILING_PUNCTUATION)
        if match["url"] and not address.partition("://")[2]:
            continue
        if match.start() > start:
            segments.append({"text": line[start : match.start()]})
        segments.append({"text": address, "url": address if match["url"] else "mailto:" + address})
        start = match.start() + len(address)
    if start < len(line):
        segments.append({"text": line[start:]})
    return segments


def _fact(line):
    match = FACT.match(line)
    if match is None or len(match["label"].split()) > FACT_MAX_WORDS or "://" in match["label"]:
        return None
    return {"label": match["label"], "value": _segments(match["value"])}


def email_blocks(text):
    """The text's paragraphs as blocks for the HTML layout: "lines" (a paragraph, lines kept), "facts"
    (two or more "Label: value" lines in a row) and "link" (an address alone on its line, shown as a button
    with the address written out)."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in paragraph.strip("\n").splitlines()]
        facts = [_fact(line) for line in lines]
        current = None
        for index, line in enumerate(lines):
            address = line.strip()
            alone = URL.fullmatch(address) and address == address.rstrip(TRAILING_PUNCTUATION)
            in_facts = facts[index] and (
                (index > 0 and facts[index - 1]) or (index + 1 < len(lines) and facts[index + 1])
            )
            if alone:
                blocks.append({"kind": "link", "url": address})
                current = None
            elif in_facts:
                if current is None or current["kind"] != "facts":
                    current = {"kind": "facts", "rows": []}
                    blocks.append(current)
                current["rows"].append(facts[index])
            else:
                if current is None or current["kind"] != "lines":
                    current = {"kind": "lines", "lines": []}
                    blocks.append(current)
                current["lines"].append(_segments(line))
    return blocks


def footer_lines(organisation):
    """The footer every email ends with, in both parts: the organisation's name, the staff's own lines,
    the postal address and the contact address (Settings → Organisation)."""
    lines = [organisation.name]
    for text in (organisation.email_footer, organisation.postal_address):
        lines += [line.strip() for line in text.splitlines() if line.strip()]
    if organisation.contact_email:
        lines.append(organisation.contact_email)
    return lines


def layout_context(organisation=None):
    """What the emails' chrome (templates/email/base.html) shows: the organisation's name, colours and
    footer from Settings → Organisation, read now (in the worker, or in the request that sends Wagtail's
    own notices: no request is needed, the settings are the site's own)."""
    organisation = organisation or OrganisationSettings.load()
    footer = footer_lines(organisation)
    return {
        "organisation": organisation,
        "home_url": absolute_url("/"),
        "footer": [_segments(line) for line in footer],
        "footer_text": footer,
        # The backgrounds the settings' colours are checked against (OrganisationSettings.clean).
        "light_background": EMAIL_LIGHT_BACKGROUND,
        "dark_background": EMAIL_DARK_BACKGROUND,
    }


def branded_email(subject, body, recipients, *, attachments=(), reply_to=None, organisation=None):
    """The email to send: `body` (rendered from its .txt template) as the plain-text part, the same words in
    the organisation's layout as the HTML part, each ending with the organisation's footer.

    `attachments` are (filename, content, mimetype); `organisation`, the settings the caller already read
    for the same email (a query fewer a receipt)."""
    organisation = organisation or OrganisationSettings.load()
    text = body.strip() + "\n\n-- \n" + "\n".join(footer_lines(organisation)) + "\n"
    html = render_to_string(
        "email/layout.html", {"subject": subject, "organisation": organisation, "blocks": email_blocks(body)}
    )
    message = EmailMultiAlternatives(subject, text, None, recipients, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


@task(backend=EMAIL_BACKEND_ALIAS)
def send_email(subject, body, recipients, attempt=1):
    """An email already written (subject and body rendered when it was queued), sent in both parts.

    The arguments stay these: jobs queued before a deploy run after it."""
    try:
        branded_email(subject, body, recipients).send()
    except SEND_ERRORS as error:
        logger.exception("Email %r could not be sent (attempt %d)", subject, attempt)
        return retry_later(send_email, attempt, subject, body, recipients, error=error)
    return SENT
