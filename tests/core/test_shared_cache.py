"""Two workers sharing one cache, as production runs them: Redis (REDIS_URL) or, without it, the database.

Each worker is a thread of its own with its own cache clients and database connection (Django gives
each thread its own), under the caches production configures. Worker A fills the page cache, a change is
committed, and worker B's next visit shows it; rate limits are counted once for both.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import ratelimit
from core.queries import content_changed
from donations.models import Donation
from events.models import EventPage
from necsociety.settings.base import shared_caches
from stories.models import RunnerStoryPage, TributeIndexPage, TributePage, TributeSubmission
from stories.tributes import flow as tribute_flow
from tests.factories.stories import RunnerStoryPageFactory

PROJECT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """Debian's redis-server on a free loopback port (make test installs it, as it does Chromium)."""
    if not os.path.exists(REDIS_SERVER):
        pytest.fail("The shared-cache tests need Debian's redis-server: run `make test` as root (it installs it).")
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="necsociety-redis-")
    process = subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", workdir],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(workdir, ignore_errors=True)


def production_caches(kind, redis_url):
    """The CACHES of necsociety/settings/production.py, with REDIS_URL set or not."""
    return shared_caches(redis_url if kind == "redis" else "")


class Worker:
    """One app worker: a thread with its own cache clients and database connection."""

    def __init__(self):
        self.thread = ThreadPoolExecutor(max_workers=1)
        self.client = Client()

    def run(self, function, *args):
        return self.thread.submit(function, *args).result()

    def get(self, url):
        """Read `url` in the calling thread (the worker's own, from `run`): its HTML and page queries."""
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        assert response.status_code == 200, url
        page_queries = [q for q in queries if "cache_" not in q["sql"]]  # the database cache's own
        return response.content.decode(), len(page_queries)

    def read(self, url):
        return self.run(self.get, url)

    def close(self):
        self.run(connections.close_all)
        self.thread.shutdown()


@pytest.mark.parametrize("kind", ["redis", "database"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps Wagtail's root page
def test_two_workers_sharing_the_cache_see_every_change_at_once(kind, redis_url, settings, demo_site):
    settings.CACHES = production_caches(kind, redis_url)
    if kind == "database":
        call_command("createcachetable", verbosity=0)
    for alias in ("default", "renditions", "pages"):
        caches[alias].clear()
    cim = EventPage.objects.get(slug="cim-2018")
    upcoming = EventPage.objects.get(slug="cim-next")
    index = TributeIndexPage.objects.get()
    a, b = Worker(), Worker()
    try:
        # A renders and keeps the page; B is answered from the same cache, without a query.
        html_a, _ = a.read(cim.url)
        html_b, b_queries = b.read(cim.url)
        assert html_b == html_a and b_queries == 0

        # A gift recorded (by the webhook on any worker): both see it on their next visit.
        Donation.objects.create(page=cim, amount_cents=4321, donor_name="Grace Giver", message="Gracious words")
        assert "Gracious words" in b.read(cim.url)[0] and "Gracious words" in a.read(cim.url)[0]
        assert (
            b.run(lambda: b.client.get(f"/donations/totals/{cim.pk}/").json())["donor_count"]
            == (a.run(lambda: a.client.get(f"/donations/totals/{cim.pk}/").json())["donor_count"])
        )

        # Published, moved, unpublished, deleted: read on the other worker, consistent at once.
        runner = RunnerStoryPageFactory(parent=cim, runner_name="Aaron Added")
        assert "Aaron Added" in b.read(cim.url)[0]
        a.read(upcoming.url)
        runner.move(upcoming, pos="last-child")
        assert "Aaron Added" in b.read(upcoming.url)[0] and "Aaron Added" not in b.read(cim.url)[0]
        RunnerStoryPage.objects.get(pk=runner.pk).unpublish()
        assert "Aaron Added" not in b.read(upcoming.url)[0]
        tribute = TributePage.objects.live().filter(is_listed=True).order_by("baby_name").first()
        assert tribute.baby_name in a.read(index.url)[0]
        TributePage.objects.get(pk=tribute.pk).delete()
        assert tribute.baby_name not in b.read(index.url)[0]
        # Withdrawn by the family: gone from the index, the tribute's address and the event's miles at once.
        tribute = cim.miles.select_related("tribute").order_by("mile").first().tribute
        for worker in (a, b):
            worker.read(index.url), worker.read(cim.url), worker.read(tribute.url)
        now = timezone.now()
        submission = TributeSubmission.objects.create(
            tribute=tribute,
            baby_name=tribute.baby_name,
            submitter_name="A parent",
            submitter_email="parent@example.org",
            relationship="Parent",
            consent_guardian_at=now,
            consent_publication_at=now,
        )
        tribute_url = tribute.url
        tribute_flow.withdraw(submission)
        for worker in (b, a):
            assert tribute.baby_name not in worker.read(index.url)[0]
            assert tribute.baby_name not in worker.read(cim.url)[0]
            assert worker.run(lambda w=worker: w.client.get(tribute_url).status_code) == 410

        # Rate limits: one count for both workers.
        request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
        uses = [
            a.run(ratelimit.hit, "shared-test", request, 2, 60),
            b.run(ratelimit.hit, "shared-test", request, 2, 60),
        ]
        assert uses == [True, True] and a.run(ratelimit.hit, "shared-test", request, 2, 60) is False
    finally:
        a.close()
        b.close()
        for alias in ("default", "renditions", "pages"):
            caches[alias].clear()


@pytest.mark.parametrize("kind", ["redis", "database"])
def test_a_change_leaves_the_rate_limits_counted_before(kind, redis_url, settings, db):
    settings.CACHES = production_caches(kind, redis_url)
    if kind == "database":
        call_command("createcachetable", verbosity=0)
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.8.7")
    try:
        assert ratelimit.hit("flush-test", request, 2, 60) and ratelimit.hit("flush-test", request, 2, 60)
        content_changed()  # what a settings change does: every kept page goes
        # The two uses counted before are still counted: a third is refused.
        assert ratelimit.hit("flush-test", request, 2, 60) is False
    finally:
        for alias in ("default", "renditions", "pages"):
            caches[alias].clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_simultaneous_first_visits_of_a_dropped_page_render_it_at_most_twice(redis_url, settings, demo_site):
    settings.CACHES = production_caches("redis", redis_url)
    for alias in ("default", "renditions", "pages"):
        caches[alias].clear()
    cim = EventPage.objects.get(slug="cim-2018")
    workers = [Worker() for _ in range(8)]
    try:
        workers[0].read(cim.url)  # kept

        def eight_at_once():
            start = threading.Barrier(len(workers))

            def visit(worker):
                start.wait()
                return worker.get(cim.url)

            visits = [worker.thread.submit(visit, worker) for worker in workers]
            return [visit.result() for visit in visits]

        # A gift drops the page's figures: one worker renders it, the others answer with the copy they have.
        Donation.objects.create(page=cim, amount_cents=4321, donor_name="Grace Giver", message="Gracious words")
        answers = eight_at_once()
        renders = sum(1 for _, queries in answers if queries)
        assert 1 <= renders <= 2, renders
        assert "Gracious words" in workers[0].read(cim.url)[0]

        # A runner published drops the page's words: the others wait for that one render and show it.
        RunnerStoryPageFactory(parent=cim, runner_name="Aaron Added")
        answers = eight_at_once()
        renders = sum(1 for _, queries in answers if queries)
        assert 1 <= renders <= 2, renders
        assert all("Aaron Added" in html for html, _ in answers)
    finally:
        for worker in workers:
            worker.close()
        for alias in ("default", "renditions", "pages"):
            caches[alias].clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_answers_a_page_it_holds_after_one_round_trip_and_a_change_shows_at_once(
    redis_url, settings, demo_site
):
    """A kept page this worker answered before is held in its memory: the next reader is answered after the
    versions' check alone (one MGET, no GET of the page's bytes), and a change made on another worker
    shows on that very read. A HEAD (a link checker, a chat app's preview) leaves the page whole for
    the next reader."""
    import redis

    settings.CACHES = production_caches("redis", redis_url)
    for alias in ("default", "renditions", "pages"):
        caches[alias].clear()
    server = redis.Redis.from_url(redis_url)
    cim = EventPage.objects.get(slug="cim-2018")
    reader, editor = Worker(), Worker()

    def commands():
        stats = server.info("commandstats")
        return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget")}

    try:
        page, _ = reader.read(cim.url)  # rendered and kept
        assert reader.read(cim.url) == (page, 0)  # answered from the shared copy, and held from now on
        before = commands()
        for _ in range(10):
            assert reader.read(cim.url) == (page, 0)
        after = commands()
        assert after["get"] - before["get"] == 0, "the page's bytes were fetched again"
        assert after["mget"] - before["mget"] == 10  # its versions, checked once a read

        head = reader.run(lambda: reader.client.head(cim.url))
        assert head.status_code == 200 and head.content == b""
        assert reader.read(cim.url) == (page, 0)

        # A runner published through another worker: the held page is stale on its very next read.
        editor.run(lambda: RunnerStoryPageFactory(parent=EventPage.objects.get(pk=cim.pk), runner_name="Held Back"))
        fresh, queries = reader.read(cim.url)
        assert "Held Back" in fresh and queries > 0
    finally:
        reader.close()
        editor.close()
        for alias in ("default", "renditions", "pages"):
            caches[alias].clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_under_a_stream_of_gifts_a_busy_page_is_answered_from_the_workers_memory(redis_url, settings, demo_site):
    """Race day: gifts keep moving the event's figures. Once the page is busy (rendered again for its
    figures twice in a row) it is held for its figures, and a worker holding it answers its readers after
    the versions' check alone, without fetching the page from Redis, until the hold is over."""
    import redis

    settings.CACHES = production_caches("redis", redis_url)
    for alias in ("default", "renditions", "pages"):
        caches[alias].clear()
    server = redis.Redis.from_url(redis_url)
    cim = EventPage.objects.get(slug="cim-2018")
    reader = Worker()

    def gift(cents):
        Donation.objects.create(page=cim, amount_cents=cents, donor_name="Steady Giver")

    def gets():
        return server.info("commandstats").get("cmdstat_get", {}).get("calls", 0)

    try:
        reader.read(cim.url)  # kept
        for cents in (1001, 1002):  # rendered again for its figures twice: busy, held for its figures
            gift(cents)
            _, queries = reader.read(cim.url)
            assert queries > 0
        _, queries = reader.read(cim.url)  # from the shared copy, and held by this worker
        assert queries == 0
        before = gets()
        for cents in range(1003, 1013):
            gift(cents)
            _, queries = reader.read(cim.url)
            assert queries == 0
        assert gets() - before == 0, "the page was fetched from Redis while the worker held it"
    finally:
        reader.close()
        for alias in ("default", "renditions", "pages"):
            caches[alias].clear()


@pytest.mark.parametrize(
    "page_cache_url",
    ["redis://10.0.0.5:6379/0", "redis://10.0.0.5:6379", "redis://10.0.0.5/0"],
)
def test_production_refuses_a_page_cache_in_the_shared_caches_redis_database(page_cache_url):
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "necsociety.org",
        "SECRET_KEY": "k3Jx9-vQ2mZ8rT5wY1nB6hL0pF4sD7gA_cE3uI8oK2jH5xN9qW",
        "SITE_URL": "https://necsociety.org",
        "REDIS_URL": "redis://10.0.0.5:6379/0",
        "REDIS_PAGE_CACHE_URL": page_cache_url,
    }
    env.pop("DEBUG", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import necsociety.settings.production"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REDIS_PAGE_CACHE_URL must name another Redis database than REDIS_URL" in result.stderr
    env["REDIS_PAGE_CACHE_URL"] = "redis://10.0.0.5:6379/2"
    code = "from necsociety.settings import production as p; print(p.CACHES['pages']['LOCATION'])"
    accepted = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert accepted.stdout.strip() == "redis://10.0.0.5:6379/2"
