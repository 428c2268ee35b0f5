"""Load benchmark for the Stripe webhook (run by hand; prints figures, asserts nothing).

Sends N signed payment_intent.succeeded events, a share of them duplicates (half exact replays
of an event id, half the same payment under a new event id), from C concurrent connections, to
a production-like server, then counts what the database holds.

    # throwaway PostgreSQL + gunicorn (production settings) started for you:
    BIN=.venv/bin sh scripts/run_with_postgres.sh .venv/bin/python donations/benchmarks/webhook_load.py --serve
    # or against a server you run yourself (DATABASE_URL must reach its database):
    python donations/benchmarks/webhook_load.py --url http://127.0.0.1:8000 --secret whsec_...
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[2]
STRIPE_API_VERSION = "2024-06-20"  # donations.stripe_api's, written out: this script runs outside Django
WEBHOOK_PATH = "/donations/stripe/webhook/"


def signed(payload, secret):
    timestamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "Stripe-Signature": f"t={timestamp},v1={signature}"}


def build_events(total, duplicate_share, run_id):
    unique = int(total * (1 - duplicate_share))
    events = []
    for n in range(unique):
        intent = {
            "id": f"pi_bench_{run_id}_{n}",
            "object": "payment_intent",
            "amount": random.choice([2620, 5000, 10000, 26200]),  # noqa: S311
            "currency": "usd",
            "status": "succeeded",
            "metadata": {
                "donor_name": f"Bench Donor {n}",
                "donor_email": f"donor{n}@example.org",
                "frequency": "one_time",
            },
            "created": int(time.time()),
        }
        events.append(
            {
                "id": f"evt_bench_{run_id}_{n}",
                "type": "payment_intent.succeeded",
                "api_version": STRIPE_API_VERSION,
                "data": {"object": intent},
            }
        )
    duplicates = []
    for n in range(total - unique):
        original = random.choice(events)  # noqa: S311
        if n % 2:
            duplicates.append(original)  # Stripe retrying the same event
        else:
            duplicates.append({**original, "id": f"evt_bench_{run_id}_dup_{n}"})  # same payment, new event id
    mixed = events + duplicates
    random.shuffle(mixed)
    return mixed, unique


def send_all(url, secret, events, concurrency):
    local = threading.local()  # one keep-alive connection per sending thread

    def send(event):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        session = local.session
        payload = json.dumps(event).encode()
        started = time.perf_counter()
        response = session.post(url + WEBHOOK_PATH, data=payload, headers=signed(payload, secret), timeout=30)
        return response.status_code, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(send, events))
    return results, time.perf_counter() - started


def count_in_database(run_id):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "necsociety.settings.test")
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from donations.models import Donation, StripeEvent

    donations = Donation.objects.filter(stripe_payment_id__startswith=f"pi_bench_{run_id}_")
    duplicated = donations.values("stripe_payment_id").annotate(n=Count("id")).filter(n__gt=1).count()
    events = StripeEvent.objects.filter(event_id__startswith=f"evt_bench_{run_id}_").count()
    receipts = DBTaskResult.objects.filter(
        task_path="donations.emails.send_receipt", args_kwargs__args__0__in=list(donations.values_list("pk", flat=True))
    ).count()
    return donations.count(), duplicated, events, receipts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(secret, workers, threads):
    """Migrate, then run gunicorn with the production settings on a free loopback port."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "necsociety.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://necsociety.example",  # production refuses to start without its public address
        "SECURE_SSL_REDIRECT": "false",
        "STRIPE_WEBHOOK_SECRET": secret,
        # Receipts are queued as jobs (no worker runs here): the webhook never waits for SMTP.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    bin_dir = Path(sys.executable).parent
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT, env=env, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "gunicorn"),
            "necsociety.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + WEBHOOK_PATH, b"", timeout=1)  # noqa: S310
        except urllib.error.HTTPError:
            break  # the server answers (400: an unsigned request)
        except OSError:
            time.sleep(0.2)
    return server, url


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="the server's base URL; omit with --serve")
    parser.add_argument("--serve", action="store_true", help="start gunicorn (production settings) on DATABASE_URL")
    parser.add_argument("--secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET") or "whsec_benchmark")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--duplicates", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not args.serve and not args.url:
        parser.error("give --url or --serve")

    server = None
    url = args.url
    if args.serve:
        server, url = serve(args.secret, args.workers, args.threads)
    try:
        run_id = uuid.uuid4().hex[:8]
        events, unique = build_events(args.events, args.duplicates, run_id)
        results, elapsed = send_all(url.rstrip("/"), args.secret, events, args.concurrency)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    latencies = sorted(latency for _, latency in results)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    recorded, duplicated, event_rows, receipts = count_in_database(run_id)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    how = f"gunicorn, {args.workers} workers x {args.threads} threads" if args.serve else "given"
    print(f"server:        {url} ({how})")
    print(
        f"events sent:   {len(events)} ({len(events) - unique} duplicates) at {args.concurrency} concurrent connections"
    )
    print(f"HTTP statuses: {statuses}")
    print(f"throughput:    {len(events) / elapsed:.0f} events/s ({elapsed:.2f} s)")
    print(f"latency:       p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    print(f"database:      {recorded} donations for {unique} payments, {event_rows} event rows")
    print(f"duplicates in the database: {duplicated + max(0, recorded - unique)}")
    print(f"receipts queued: {receipts} (one per donation, for the email worker)")


if __name__ == "__main__":
    main()
