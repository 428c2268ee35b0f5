"""Two workers sharing one cache, as production runs them: Redis (REDIS_URL) or, without it, the database.

Each worker is a thread of its own with its own cache clients and database connection (Django gives
each thread its own), under the caches production configures. Worker A fills the page cache, a change is
committed, and worker B's next visit shows it; rate limits are counted once for both.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core import ratelimit
from donations.models import Donation
from events.models import EventPage
from stories.models import RunnerStoryPage, TributeIndexPage, TributePage
from tests.factories.stories import RunnerStoryPageFactory

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
    if kind == "redis":
        redis = "django.core.cache.backends.redis.RedisCache"
        return {
            "default": {"BACKEND": redis, "LOCATION": redis_url},
            "renditions": {"BACKEND": redis, "LOCATION": redis_url, "KEY_PREFIX": "renditions"},
            "pages": {"BACKEND": redis, "LOCATION": redis_url.removesuffix("/0") + "/1"},
        }
    database = "django.core.cache.backends.db.DatabaseCache"
    return {
        "default": {"BACKEND": database, "LOCATION": "cache_default"},
        "renditions": {"BACKEND": database, "LOCATION": "cache_renditions"},
        "pages": {"BACKEND": database, "LOCATION": "cache_pages"},
    }


class Worker:
    """One app worker: a thread with its own cache clients and database connection."""

    def __init__(self):
        self.thread = ThreadPoolExecutor(max_workers=1)
        self.client = Client()

    def run(self, function, *args):
        return self.thread.submit(function, *args).result()

    def read(self, url):
        def get():
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert response.status_code == 200, url
            page_queries = [q for q in queries if "cache_" not in q["sql"]]  # the database cache's own
            return response.content.decode(), len(page_queries)

        return self.run(get)

    def close(self):
        self.run(connections.close_all)
        self.thread.shutdown()


@pytest.mark.parametrize("kind", ["redis", "database"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps Wagtail's root page
def test_two_workers_sharing_the_cache_see_every_change_at_once(kind, redis_url, settings):
    settings.CACHES = production_caches(kind, redis_url)
    if kind == "database":
        call_command("createcachetable", verbosity=0)
    for alias in ("default", "renditions", "pages"):
        caches[alias].clear()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
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
