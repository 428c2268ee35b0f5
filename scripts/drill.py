"""`make drill`: a bad night on loopback, and what it cost.

Starts the site as production runs it (gunicorn under production settings, Redis, the throwaway PostgreSQL
of scripts/run_with_postgres.sh), the email worker under a supervisor that starts it again when it stops
(as systemd does, docs/deploy/) and a local SMTP server; sends gifts by signed Stripe webhook (each retried
until the site acknowledges it, as Stripe does) to a tribute whose family asked to be told, and while they
flow: kills the email worker with SIGKILL mid-send, stops and starts PostgreSQL, stalls the mail server.
Then prints, per fault, what was lost or doubled (gifts, receipts, family notices) and whether `/health/`
answered 503 while it lasted. Exits 1 unless every count is 0 and `/health/` said so each time.

Every loop is bounded; only 127.0.0.1 is touched.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from production_servers import PROJECT, WEBHOOK_SECRET, Stack  # noqa: E402

sys.path.insert(0, str(PROJECT))
from donations.benchmarks.webhook_load import STRIPE_API_VERSION, WEBHOOK_PATH, signed  # noqa: E402
from tests.support.email import SMTPServer  # noqa: E402

FAMILY = "family.drill@example.org"
# The servers' and the worker's logs (git-ignored), so that the drill prints only its own lines.
LOGS = PROJECT / "tests" / "artifacts" / "drill"
GIFTS_PER_FAULT = 6
# Short enough for a drill of a few minutes; production's defaults are 5 s and 60 s (docs/deploying.md).
HEARTBEAT_SECONDS, LEASE_SECONDS, EMAIL_TIMEOUT = 1, 10, 3

# The tribute the gifts are for, and its family, who asked to be told of gifts (stories.TributeSubmission).
FAMILY_ASKS_TO_BE_TOLD = f"""
from django.utils import timezone
from stories.models import TributePage, TributeSubmission
page = TributePage.objects.live().order_by("pk").first()
now = timezone.now()
TributeSubmission.objects.filter(tribute=page).delete()
TributeSubmission.objects.create(
    tribute=page, baby_name="Drill", submitter_name="The family", submitter_email="{FAMILY}",
    relationship="parent", notify_of_gifts=True, status="published", consent_guardian_at=now,
    consent_publication_at=now,
)
print(page.pk)
"""


class Supervised:
    """The email worker, started again a second after it stops, as systemd's Restart=always does."""

    def __init__(self, command, env, log):
        self.command, self.env, self.log = command, env, log
        self.process, self.restarts, self.stopping = None, 0, threading.Event()
        self.start()
        threading.Thread(target=self._watch, daemon=True).start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=PROJECT, env=self.env, stdout=self.log, stderr=self.log
        )

    def _watch(self):
        while not self.stopping.is_set():
            if self.process.poll() is not None and not self.stopping.wait(1):
                self.restarts += 1
                self.start()
            time.sleep(0.2)

    def stop(self):
        self.stopping.set()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def deliver(server, intent):
    """One delivery of the gift's event, as Stripe makes it; True when the site acknowledged it (2xx)."""
    event = {
        "id": "evt_drill_" + uuid.uuid4().hex[:12],
        "object": "event",
        "api_version": STRIPE_API_VERSION,
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {"object": intent},
    }
    payload = json.dumps(event).encode()
    request = urllib.request.Request(server + WEBHOOK_PATH, data=payload, headers=signed(payload, WEBHOOK_SECRET))  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback http only)
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


def health(server):
    try:
        with urllib.request.urlopen(server + "/health/?format=json", timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


class Gifts:
    """Gifts sent while a fault lasts: each delivery retried until acknowledged (for at most two minutes)."""

    def __init__(self, server, page_id, fault):
        self.server, self.page_id, self.fault = server, page_id, fault
        self.sent = []

    def send(self, count, pause=0.3):
        for n in range(count):
            gift_id = f"pi_drill_{self.fault}_{n}_{uuid.uuid4().hex[:6]}"
            intent = {
                "id": gift_id,
                "object": "payment_intent",
                "amount": 2620,
                "currency": "usd",
                "status": "succeeded",
                "metadata": {
                    "donor_name": f"Drill Donor {n}",
                    "donor_email": f"{gift_id}@example.org",
                    "message": f"Gift {gift_id}",
                    "frequency": "one_time",
                    "page_id": str(self.page_id),
                },
                "created": int(time.time()),
            }
            deadline = time.monotonic() + 120
            while not deliver(self.server, intent) and time.monotonic() < deadline:
                time.sleep(0.5)
            self.sent.append(gift_id)
            time.sleep(pause)


class HealthWatch(threading.Thread):
    """Polls `/health/` every half second while a fault lasts and keeps what it answered."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.stop, self.statuses, self.reasons = server, threading.Event(), [], []

    def run(self):
        while not self.stop.wait(0.5):
            status, body = health(self.server)
            self.statuses.append(status)
            if status != 200:
                try:
                    reasons = [f"{check}: {said}" for check, said in json.loads(body).items() if said != "OK"]
                except ValueError:
                    reasons = [body[:200]]
                for reason in reasons:
                    reason = re.sub(r"\d\d:\d\d:\d\d UTC", "hh:mm:ss UTC", reason)  # one line per kind
                    if reason not in self.reasons:
                        self.reasons.append(reason)


def pg_ctl(*args):
    run_as = os.environ.get("TEST_PG_RUN_AS")
    command = [os.environ["TEST_PG_CTL"], "-D", os.environ["TEST_PG_DATA"], *args]
    if run_as:
        command = ["runuser", "-u", run_as, "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603


def count(smtp, gifts, database_url):
    """Per gift: donations recorded, receipts to the donor, notices to the family naming the gift."""
    with psycopg.connect(database_url) as db:
        rows = dict(
            db.execute(
                "SELECT stripe_payment_id, count(*) FROM donations_donation"
                " WHERE stripe_payment_id = ANY(%s) GROUP BY 1",
                [gifts],
            ).fetchall()
        )
    messages = list(smtp.messages)
    counts = {}
    for gift in gifts:
        receipts = sum(f"To: {gift}@example.org" in message for message in messages)
        notices = sum(f"To: {FAMILY}" in message and gift in message for message in messages)
        counts[gift] = (rows.get(gift, 0), receipts, notices)
    return counts


def all_arrived(smtp, gifts, database_url):
    return all(
        recorded and receipts and notices for recorded, receipts, notices in count(smtp, gifts, database_url).values()
    )


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def main():
    if not os.environ.get("TEST_PG_CTL"):
        sys.exit("Run through `make drill`: it stops and starts the throwaway PostgreSQL cluster.")
    database_url = os.environ["DATABASE_URL"]
    smtp = SMTPServer()
    stack = Stack()
    stack.env.update(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
            "EMAIL_WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "EMAIL_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
        }
    )
    worker = None
    rows = []
    try:
        print("Preparing the site (migrate, demo content)...", flush=True)
        stack.prepare(["load_demo_content"])
        page_id = int(
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "shell", "-c", FAMILY_ASKS_TO_BE_TOLD],
                cwd=PROJECT,
                env=stack.env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        LOGS.mkdir(parents=True, exist_ok=True)
        server = stack.gunicorn(workers=2, log=(LOGS / "gunicorn.log").open("w"))
        worker = Supervised(
            [sys.executable, "manage.py", "email_worker", "--no-reload", "--interval", "0.5"],
            stack.env,
            (LOGS / "email_worker.log").open("w"),
        )
        if not wait_for(lambda: health(server)[0] == 200, 60):
            sys.exit(f"/health/ never answered 200 before the drill: {health(server)}")
        print(f"Site on {server}, SMTP on 127.0.0.1:{smtp.port}; gifts to tribute page {page_id}.", flush=True)

        def fault(name, act, recover, hold=0):
            print(f"Fault: {name}...", flush=True)
            started = time.monotonic()
            gifts, watch = Gifts(server, page_id, len(rows)), HealthWatch(server)
            restarts_before = worker.restarts
            watch.start()
            act(gifts)
            time.sleep(hold)
            recover()
            arrived = wait_for(lambda: all_arrived(smtp, gifts.sent, database_url), 150)
            back = wait_for(lambda: health(server)[0] == 200, 60)
            time.sleep(3)  # room for a second copy to show
            watch.stop.set()
            watch.join()
            counts = count(smtp, gifts.sent, database_url).values()
            lost = [sum(not c[i] for c in counts) for i in range(3)]
            doubled = [sum(max(c[i] - 1, 0) for c in counts) for i in range(3)]
            rows.append(
                (
                    name,
                    len(gifts.sent),
                    lost,
                    doubled,
                    503 in watch.statuses,
                    back and arrived,
                    worker.restarts - restarts_before,
                )
            )
            print(f"  healed in {time.monotonic() - started:.0f}s; /health/ said:", flush=True)
            for reason in watch.reasons:
                print(f"  - {reason}", flush=True)

        def kill_mid_send(gifts):
            smtp.delay = 60  # a slow mail server: the worker is caught waiting for it
            gifts.send(GIFTS_PER_FAULT)
            if not wait_for(lambda: smtp.waiting >= 1, 30):
                print("  the worker never reached the mail server", flush=True)
            os.kill(worker.process.pid, signal.SIGKILL)

        def mail_server_recovers():
            smtp.delay = 0

        fault("email worker killed (SIGKILL) mid-send", kill_mid_send, mail_server_recovers)

        def database_outage(gifts):
            flow = threading.Thread(target=gifts.send, args=(GIFTS_PER_FAULT, 1.5), daemon=True)
            flow.start()
            time.sleep(2)
            pg_ctl("-m", "fast", "-w", "stop")
            time.sleep(8)
            pg_ctl("-w", "-l", os.environ["TEST_PG_LOG"], "-o", os.environ["TEST_PG_OPTIONS"], "start")
            flow.join(timeout=180)

        fault("PostgreSQL stopped for 8 s, then started", database_outage, lambda: None)

        def stall_mail_server(gifts):
            smtp.stall = True
            gifts.send(GIFTS_PER_FAULT)

        def unstall():
            smtp.stall = False

        fault(
            f"SMTP server stalled (answers nothing) for {EMAIL_TIMEOUT * 4} s",
            stall_mail_server,
            unstall,
            hold=EMAIL_TIMEOUT * 4,
        )
    finally:
        if worker:
            worker.stop()
        stack.stop()
        smtp.close()

    print()
    print(
        "| fault | gifts | gifts lost / doubled | receipts lost / doubled | family notices lost / doubled "
        "| `/health/` 503 during | healed (all sent, 200 after) | worker restarts |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    ok = True
    for name, sent, lost, doubled, said_so, healed, restarts in rows:
        print(
            f"| {name} | {sent} | {lost[0]} / {doubled[0]} | {lost[1]} / {doubled[1]} | {lost[2]} / {doubled[2]} "
            f"| {'yes' if said_so else 'NO'} | {'yes' if healed else 'NO'} | {restarts} |"
        )
        ok = ok and not any(lost) and not any(doubled) and said_so and healed
    print()
    print("Nothing lost, nothing doubled, and /health/ said so." if ok else "DRILL FAILED: see the table.")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
