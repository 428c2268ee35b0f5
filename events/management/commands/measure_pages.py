"""Print database queries and render time for each public campaign page, warm (second visit onwards)."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from events.models import EventPage


class Command(BaseCommand):
    help = "Measure queries and median render time of the campaign's public pages (run after load_demo_content)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="Timed visits per page after the warm-up visit.")

    def handle(self, *args, runs, **options):
        site = Site.objects.get(is_default_site=True)
        client = Client(HTTP_HOST=site.hostname if site.port == 80 else f"{site.hostname}:{site.port}")
        urls = ["/"]
        for page in Page.objects.live().public().filter(depth__gte=3).specific().order_by("path"):
            urls.append(page.url)
        for event in EventPage.objects.live():
            urls += [event.url + "bracelets/", event.url + "ical/"]
        urls.append("/search/?q=marathon")
        self.stdout.write(f"{'page':70} {'queries':>7} {'median ms':>10}")
        for url in dict.fromkeys(urls):
            client.get(url)  # warm-up: renditions and caches
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"{url[:70]:70} {len(queries):>7} {statistics.median(timings):>10.1f}  {response.status_code}"
            )
