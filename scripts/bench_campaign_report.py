"""Prints what the campaign report (admin → Reports → Campaign report) costs at ten times the demo.

Builds the demo campaign in the database DATABASE_URL names (migrate, load_demo_content, load_demo_gifts,
grow_demo_campaign --times N), then opens the report for CIM 2018 as a staff member would, over the
campaign's eight weeks, and prints the queries and the time of each opening (and of its CSV).

Run: BIN=.venv/bin sh scripts/run_with_postgres.sh .venv/bin/python scripts/bench_campaign_report.py [--times 10]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "necsociety.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from donations.models import Donation
    from events.models import EventPage
    from events.report import default_range

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    quiet = open(os.devnull, "w")  # noqa: SIM115
    started = time.perf_counter()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_demo_content", verbosity=0, stdout=quiet)
    call_command("load_demo_gifts", verbosity=0, stdout=quiet)
    call_command("grow_demo_campaign", times=args.times, verbosity=0, stdout=quiet)
    event = EventPage.objects.get(slug="cim-2018")
    gifts = Donation.objects.for_page(event.pk).count()
    runners = event.get_children().count()
    built = time.perf_counter() - started
    print(f"campaign x{args.times}: {runners} runners, {gifts} gifts to the event (built in {built:.0f} s)")

    user = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_superuser(
        "bench", "bench@example.org", "pw"
    )
    client = Client()
    client.force_login(user)
    start, end = default_range(event)
    params = {"event": event.pk, "start": start.isoformat(), "end": end.isoformat()}
    for label, extra in [("report", {}), ("CSV", {"export": "csv"})]:
        timings, queries = [], set()
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get("/admin/reports/campaign/", {**params, **extra})
                timings.append(time.perf_counter() - begun)
            if response.status_code != 200:
                sys.exit(f"the report answered {response.status_code}")
            queries.add(len(captured.captured_queries))
        print(
            f"{label:6}  {args.runs} openings: median {statistics.median(timings) * 1000:.0f} ms, "
            f"slowest {max(timings) * 1000:.0f} ms, queries {sorted(queries)}"
        )


if __name__ == "__main__":
    main()
