"""`make bench`'s race-day table (scripts/bench.py): readers on the event page and a tribute page while
signed Stripe webhooks (gifts) arrive at a steady rate, and how long a gift takes to show.

For each rate, gifts go 80 % to the event's runners (rolled up to the event), 10 % to the event and 10 %
to the tribute page measured, from a pool of senders keeping the rate whatever each webhook's time.
While they arrive, wrk reads the event page, then the tribute page. Meanwhile probes give $100,000.07 to
the event (far more than the other gifts of the moment, so that only the probe can move the figure past
the threshold) and time until it shows: in the totals JSON (polled every 50 ms), in the event page's
figures as its JavaScript shows them (the same JSON polled every 3 s, starting at a random moment, as
static/js/donation-form.js does), and in the kept page's HTML (without JavaScript).
"""

import http.client
import json
import random
import re
import statistics
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from donations.benchmarks.webhook_load import STRIPE_API_VERSION, WEBHOOK_PATH, signed

# The giving box's script polls the totals this often (static/js/donation-form.js, POLL_EVERY_MS).
JS_POLL_SECONDS = 3.0
PROBE_CENTS = 10_000_007
RAISED = re.compile(r"<strong data-raised>\$([\d,]+(?:\.\d\d)?)</strong>")


def gift_event(page_id, cents, label):
    intent = {
        "id": f"pi_race_{label}_{uuid.uuid4().hex[:16]}",
        "object": "payment_intent",
        "amount": cents,
        "currency": "usd",
        "status": "succeeded",
        "metadata": {
            "donor_name": "Race Day Donor",
            "donor_email": f"race-{uuid.uuid4().hex[:10]}@example.org",
            "frequency": "one_time",
            "page_id": str(page_id),
        },
        "created": int(time.time()),
    }
    return {
        "id": f"evt_race_{label}_{uuid.uuid4().hex[:16]}",
        "object": "event",
        "type": "payment_intent.succeeded",
        "api_version": STRIPE_API_VERSION,
        "data": {"object": intent},
    }


class GiftStream:
    """Signed webhooks at `rate` a second until stopped, sent by a pool so that a slow one does not slow
    the rate; keeps each webhook's time."""

    def __init__(self, server, secret, rate, designations):
        self.server, self.secret, self.rate, self.designations = server, secret, rate, designations
        address = urllib.parse.urlsplit(server)
        self.host, self.port = address.hostname, address.port
        self.latencies, self.errors = [], 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def post(self, page_id, cents, label="stream"):
        # Stripe sends from its own servers: the sender here is kept light (http.client, about a quarter of
        # requests' CPU a post), so that what the readers lose is the site's work, not the sender's.
        payload = json.dumps(gift_event(page_id, cents, label)).encode()
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("POST", WEBHOOK_PATH, body=payload, headers=signed(payload, self.secret))
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        return response.status, time.perf_counter() - started

    def send_one(self):
        status, latency = self.post(random.choice(self.designations), random.choice([2620, 5000, 10000]))  # noqa: S311
        self.latencies.append(latency)
        if status >= 300:
            self.errors += 1

    def run(self):
        if not self.rate:
            return
        with ThreadPoolExecutor(max_workers=16) as pool:
            started, sent = time.monotonic(), 0
            while not self.stopping.is_set():
                due = started + sent / self.rate
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(min(wait, 0.1))
                    continue
                pool.submit(self.send_one)
                sent += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()


def raised_in_json(session, server, page_id):
    return session.get(f"{server}/donations/totals/{page_id}/", timeout=10).json()["raised_cents"]


def raised_in_html(session, url):
    match = RAISED.search(session.get(url, timeout=10).text)
    return round(float(match.group(1).replace(",", "")) * 100) if match else None


def probe(stream, server, event_id, event_url):
    """One gift to the event: seconds until it shows in the totals JSON, with the page's JavaScript,
    and in the kept page's HTML (None if not within 30 s)."""
    session = requests.Session()
    threshold = raised_in_json(session, server, event_id) + PROBE_CENTS
    results = {}

    def until(name, seen, every, first_after=0.0):
        time.sleep(first_after)
        while time.perf_counter() - started < 30:
            try:
                shown = seen() or 0
            except (requests.RequestException, ValueError):
                shown = 0  # counted as not yet shown: a failed read is no figure
            if shown >= threshold:
                results[name] = time.perf_counter() - started
                return
            time.sleep(every)
        results[name] = None

    started = time.perf_counter()
    watchers = [
        threading.Thread(target=until, args=("json", lambda: raised_in_json(session, server, event_id), 0.05)),
        threading.Thread(
            target=until,
            args=(
                "js",
                lambda: raised_in_json(requests, server, event_id),
                JS_POLL_SECONDS,
                random.uniform(0, JS_POLL_SECONDS),  # noqa: S311
            ),
        ),
        threading.Thread(target=until, args=("html", lambda: raised_in_html(requests, server + event_url), 0.1)),
    ]
    for watcher in watchers:
        watcher.start()
    stream.post(event_id, PROBE_CENTS, "probe")
    for watcher in watchers:
        watcher.join()
    return results


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")


def race_day(server, secret, wrk, seconds, event_url, event_id, tribute_url, designations, rates=(0, 1, 5, 20)):
    """Rows of the race-day table: one per rate with wrk -c8, calm once more, then the highest rate with 50
    readers. The pages' calm rate is the mean of the calm rows before and after the gifts: this machine's
    other work drifts over minutes, and what the table compares is the readers with and without gifts."""
    rows = []
    plans = [(rate, 8) for rate in rates] + [(0, 8), (max(rates), 50)]
    for rate, connections in plans:
        with GiftStream(server, secret, rate, designations) as stream:
            time.sleep(1 if rate else 0)  # the stream under way
            probes = []
            stop_probing = threading.Event()

            def probing(stream=stream, probes=probes, stop_probing=stop_probing):
                while not stop_probing.is_set():
                    probes.append(probe(stream, server, event_id, event_url))
                    stop_probing.wait(1)

            prober = threading.Thread(target=probing, daemon=True)
            prober.start()
            event = wrk(server + event_url, seconds, connections=connections)
            tribute = wrk(server + tribute_url, seconds, connections=connections) if connections == 8 else None
            stop_probing.set()
            prober.join()
        webhooks = [latency * 1000 for latency in stream.latencies]
        rows.append(
            {
                "rate": rate,
                "readers": connections,
                "event": event,
                "tribute": tribute,
                "webhook_p50": statistics.median(webhooks) if webhooks else float("nan"),
                "webhook_p99": percentile(webhooks, 0.99),
                "webhooks": len(webhooks),
                "webhook_errors": stream.errors,
                "probes": probes,
            }
        )
    return rows


def _worst(probes, name):
    values = [result.get(name) for result in probes]
    if not values:
        return "n/a"
    if any(value is None for value in values):
        return "> 30 s"
    return f"{statistics.median(values):.2f} / {max(values):.2f}"


def calm_rates(rows):
    """{page: req/s} with no gifts: the mean of the calm rows (before the gifts and after them)."""
    calm = [row for row in rows if row["rate"] == 0 and row["readers"] == 8]
    return {page: statistics.mean(row[page]["rate"] for row in calm) for page in ("event", "tribute")}


def print_table(rows):
    calm = calm_rates(rows)
    print()
    print(
        "| gifts/s | readers | event req/s | p50 ms | p99 ms | × calm | tribute req/s | p50 ms | p99 ms | × calm "
        "| webhook p50 ms | p99 ms | gift in totals JSON s (median / max) | in page figures with JS s "
        "| in kept HTML s |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        event, tribute = row["event"], row["tribute"]
        cells = [
            str(row["rate"]),
            str(row["readers"]),
            f"{event['rate']:.0f}",
            f"{event['p50']:.1f}",
            f"{event['p99']:.1f}",
            f"{event['rate'] / calm['event']:.2f}" if row["readers"] == 8 else "",
        ]
        if tribute:
            cells += [
                f"{tribute['rate']:.0f}",
                f"{tribute['p50']:.1f}",
                f"{tribute['p99']:.1f}",
                f"{tribute['rate'] / calm['tribute']:.2f}",
            ]
        else:
            cells += ["", "", "", ""]
        webhook = row["webhooks"] and f"{row['webhook_p50']:.0f}", row["webhooks"] and f"{row['webhook_p99']:.0f}"
        cells += [webhook[0] or "", webhook[1] or ""]
        cells += [_worst(row["probes"], "json"), _worst(row["probes"], "js"), _worst(row["probes"], "html")]
        print("| " + " | ".join(cells) + " |")
    busiest = max(row["rate"] for row in rows)
    at_rate = next(row for row in rows if row["rate"] == busiest and row["readers"] == 8)
    crowd = next(row for row in rows if row["readers"] == 50)
    kept = all(at_rate[page]["rate"] >= 0.8 * calm[page] and at_rate[page]["p99"] < 30 for page in ("event", "tribute"))
    json_fast = all(result.get("json") is not None and result["json"] <= 1 for result in at_rate["probes"])
    js_fast = all(result.get("js") is not None and result["js"] <= 5 for result in at_rate["probes"])
    print()
    print(f"At {busiest} gifts/s: pages keep ≥ 80 % of their calm rate with p99 < 30 ms: {'yes' if kept else 'NO'}")
    print(f"  a gift shows in the totals JSON within 1 s: {'yes' if json_fast else 'NO'}")
    print(f"  and in the page's figures with JavaScript within 5 s: {'yes' if js_fast else 'NO'}")
    webhook_ok = crowd["webhook_p99"] < 250
    print(f"  the webhook's p99 with 50 readers is under 250 ms: {'yes' if webhook_ok else 'NO'}")
