"""`make two-servers`: two app servers on loopback sharing one PostgreSQL and one Redis, as production
runs behind a load balancer. Records a gift on one (a signed Stripe webhook) and reads the other,
publishes on one and reads the other, and prints whether each was consistent at once.

Run through scripts/run_with_postgres.sh, which provides the throwaway PostgreSQL (DATABASE_URL).
"""

import json
import re
import sys
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from production_servers import PROJECT, WEBHOOK_SECRET, Stack, get  # noqa: E402

sys.path.insert(0, str(PROJECT))
from donations.benchmarks.webhook_load import STRIPE_API_VERSION, WEBHOOK_PATH, signed  # noqa: E402

PUBLISH_RUNNER = """
from events.models import EventPage
from stories.models import RunnerStoryPage
event = EventPage.objects.get(slug="cim-2018")
page = RunnerStoryPage(title="Aaron Twoservers: why I run", slug="aaron-twoservers", runner_name="Aaron Twoservers")
event.add_child(instance=page)
page.save_revision().publish()
"""


def post_gift(server, page_id, cents, message):
    intent = {
        "id": f"pi_two_{uuid.uuid4().hex[:12]}",
        "object": "payment_intent",
        "amount": cents,
        "currency": "usd",
        "status": "succeeded",
        "metadata": {
            "donor_name": "Grace Giver",
            "donor_email": "grace@example.org",
            "message": message,
            "frequency": "one_time",
            "page_id": str(page_id),
        },
        "created": int(time.time()),
    }
    event = {
        "id": f"evt_two_{uuid.uuid4().hex[:12]}",
        "object": "event",
        # The version the site's Stripe endpoint is pinned to (donations.stripe_api): an event of a version the
        # ledger cannot read is kept aside for staff, not counted.
        "api_version": STRIPE_API_VERSION,
        "type": "payment_intent.succeeded",
        "data": {"object": intent},
    }
    payload = json.dumps(event).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback http only)
        server + WEBHOOK_PATH, data=payload, headers=signed(payload, WEBHOOK_SECRET)
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status


def main():
    stack = Stack()
    results = []
    try:
        stack.prepare(["load_demo_content"], ["load_demo_gifts"])
        a, b = stack.gunicorn(workers=2), stack.gunicorn(workers=2)
        print(f"Server A: {a}   Server B: {b}   Redis: {stack.redis_url}", flush=True)
        event_path = "/events/cim-2018/"
        _, html = get(a + event_path)
        page_id = int(re.search(r"/donations/totals/(\d+)/", html).group(1))
        for server in (a, b, a, b):  # both warm: the page kept in the shared page cache
            get(server + event_path)
        totals_before = json.loads(get(b + f"/donations/totals/{page_id}/")[1])

        message = f"Consistent {uuid.uuid4().hex[:6]}"
        status = post_gift(a, page_id, 4321, message)
        _, page_b = get(b + event_path)
        totals_b = json.loads(get(b + f"/donations/totals/{page_id}/")[1])
        results.append((f"gift recorded on A (webhook {status}), event page on B shows it", message in page_b))
        results.append(
            (
                "totals JSON on B moved by $43.21",
                totals_b["raised_cents"] - totals_before["raised_cents"] == 4321
                and totals_b["donor_count"] == totals_before["donor_count"] + 1,
            )
        )

        stack.manage("shell", "-c", PUBLISH_RUNNER)
        results.append(
            (
                "runner published (editor's process), event page on A shows it",
                "Aaron Twoservers" in get(a + event_path)[1],
            )
        )
        results.append(("... and on B", "Aaron Twoservers" in get(b + event_path)[1]))
        status_b, _ = get(b + event_path + "aaron-twoservers/")
        results.append(("the runner's page answers on B", status_b == 200))
    finally:
        stack.stop()
    for label, ok in results:
        print(f"{'consistent' if ok else 'STALE     '}  {label}")
    if not all(ok for _, ok in results):
        sys.exit(1)
    print("Both servers agree at once.")


if __name__ == "__main__":
    main()
