"""The test databases: the empty one as migrated, the demo campaign of `load_demo_content`, and the small sites
many tests start from (a campaign to give to, a tribute site, an event open to runners), each kept as a
PostgreSQL template and copied for the tests that use it.

Building the demo takes 6 to 10 seconds (about 50 pages published, 45 pictures drawn), a small site about a
second (ten pages published through revisions); a test that reads one gets it in milliseconds instead. Per
test session (per xdist worker):

- `<test db>_empty_template` is the test database right after pytest-django migrated it;
- `<test db>_<kind>_template` is a copy of that with `kind` built and committed, made the first time a test
  asks for it (TEMPLATE_FIXTURES: the fixture a test asks for names the kind). For the demo, every page is
  then visited once (so that its pictures' renditions exist);
- under pytest-xdist the test database is migrated once, by the first worker to need it, and kept as
  `<test db without _gwN>_migrated_<run id>_template`: the other workers wait for it and copy it (pytest-django
  then finds their database made: `django_db_keepdb` in tests/conftest.py), rather than each migrating its own;
- likewise the demo's template is made once for all workers, by the first to ask (the others wait
  for it: a PostgreSQL advisory lock), as `<test db without _gwN>_demo_<run id>_template`, its files beside
  the workers' media folders; the last worker to finish drops it. The small sites are made by each worker,
  whose factories then number their pages on from the site's (no slug is taken twice);
- the tests run on `<test db>` (empty) or `<test db>_<kind>`, copies of those templates. A test in a
  transaction (the `db` fixture, Django's `TestCase`) is rolled back and leaves its copy as it was. A
  transactional test (`transactional_db`, `live_server`) commits and is flushed: its copy is made again
  from the template right after (`CREATE DATABASE ... TEMPLATE`, a file copy of well under a second), so
  the next test finds Wagtail's root page, the groups and collections (or its site) whatever ran before
  it, in whatever order pytest-xdist hands tests out. Django's serialized rollback is then never needed.

The connection is pointed at one copy or another between tests, before any fixture opens a transaction
(tests/conftest.py decides which, from the fixtures a test asks for). A fixture of a small site reads its
pages back from the copy (e.g. tests/support/sites.py's `campaign`): the same rows `build_campaign()`
would have made in the test.
"""

import os
import re
import shutil
import zlib
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client, TestCase, TransactionTestCase
from wagtail.models import Page

# The fixtures that give a test a database built once per session, and which (tests/conftest.py).
TEMPLATE_FIXTURES = {
    "demo_site": "demo",
    "served_demo_site": "demo",
    "production_served_site": "demo",
    "campaign": "campaign",
    "tribute_site": "tribute_site",
    "signup_event": "signup_event",
}


def build_small_site(kind):
    """Build a small site's pages in the database the connection points at (see TEMPLATE_FIXTURES)."""
    from tests.support.runners import build_signup_event
    from tests.support.sites import build_campaign, build_tribute_site

    builders = {"campaign": build_campaign, "tribute_site": build_tribute_site, "signup_event": build_signup_event}
    with transaction.atomic():
        builders[kind]()


def kind_for(fixturenames):
    """The database a test runs on: the one its fixtures ask for (at most one), else the empty one."""
    kinds = {TEMPLATE_FIXTURES[name] for name in fixturenames if name in TEMPLATE_FIXTURES}
    assert len(kinds) <= 1, f"A test can run on one prepared database, not on {sorted(kinds)}"
    return kinds.pop() if kinds else "empty"


class TestDatabases:
    def __init__(self):
        self.empty_name = None
        self.serialized_contents = None
        self.built = set()
        self.current = None
        self.remake_after_test = False
        # Under pytest-xdist: the test run's id, which names the demo's template shared by the workers.
        self.run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:12]
        self.session_lock = None
        self.migrating_lock = None  # held by the worker that migrates, until its database is kept as a template
        self.copied_migrated = False

    def copy_migrated(self):
        """Under pytest-xdist, before pytest-django makes this worker's test database: if another worker has
        migrated one, copy it and return True (pytest-django keeps it and only checks that it is migrated);
        else return False, and this worker migrates it while the others wait (remember() shares it)."""
        if not self.run_id:
            return False
        test_name = connections["default"].settings_dict["TEST"]["NAME"]
        self.empty_name = test_name  # names the shared template
        server = self._server_connection()
        server.execute("SELECT pg_advisory_lock(%s)", [self._lock_key(self.template("migrated"))])
        if not self._exists(server, self.template("migrated")):
            self.migrating_lock = server
            return False
        server.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{self.template("migrated")}"')
        server.close()
        self.copied_migrated = True
        return True

    def remember(self):
        """Called once pytest-django has made and migrated the test database: keep it as the empty template."""
        connection = connections["default"]
        self.empty_name = connection.settings_dict["NAME"]
        self.serialized_contents = getattr(connection, "_test_serialized_contents", None)
        connection.close()
        self._server(
            f'DROP DATABASE IF EXISTS "{self.template("empty")}" WITH (FORCE)',
            f'CREATE DATABASE "{self.template("empty")}" TEMPLATE "{self.empty_name}"',
        )
        self.current = "empty"
        if self.migrating_lock is not None:
            self._server(f'CREATE DATABASE "{self.template("migrated")}" TEMPLATE "{self.empty_name}"')
            self.migrating_lock.close()  # the other workers copy it now
            self.migrating_lock = None
        if self.run_id:
            # Held while this worker runs: the last to let go drops what the workers share (drop()).
            self.session_lock = self._server_connection()
            self.session_lock.execute("SELECT pg_advisory_lock_shared(%s)", [self._lock_key(self.run_id)])

    def shared(self, kind):
        return kind in ("demo", "migrated") and bool(self.run_id)

    def template(self, kind):
        if self.shared(kind):
            return f"{re.sub(r'_gw[0-9]+$', '', self.empty_name)}_{kind}_{self.run_id}_template"
        return f"{self.empty_name}_{kind}_template"

    def working(self, kind):
        return self.empty_name if kind == "empty" else f"{self.empty_name}_{kind}"

    def _server_connection(self):
        db = connections["default"].settings_dict
        return psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"],
            port=db["PORT"] or None,
            autocommit=True,
        )

    def _server(self, *statements):
        with self._server_connection() as server:
            for statement in statements:
                server.execute(statement)

    @staticmethod
    def _lock_key(name):
        return zlib.crc32(name.encode())

    @contextmanager
    def _locked(self, name):
        """One worker at a time (PostgreSQL's advisory lock on `name`, let go when its connection closes)."""
        with self._server_connection() as server:
            server.execute("SELECT pg_advisory_lock(%s)", [self._lock_key(name)])
            yield server

    def _exists(self, server, name):
        return server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None

    def _point_at(self, name):
        connection = connections["default"]
        if connection.settings_dict["NAME"] == name:
            return
        connection.close()
        connection.settings_dict["NAME"] = name
        settings.DATABASES["default"]["NAME"] = name

    def _copy(self, kind):
        """Make the working copy of `kind` again from its template (nothing may be connected to it)."""
        connections["default"].close()
        self._server(
            f'DROP DATABASE IF EXISTS "{self.working(kind)}" WITH (FORCE)',
            f'CREATE DATABASE "{self.working(kind)}" TEMPLATE "{self.template(kind)}"',
        )

    def _build(self, kind):
        """Make `kind`'s template if no worker has yet, then this worker's copy of it."""
        if self.shared(kind):
            with self._locked(self.template(kind)) as server:
                if not self._exists(server, self.template(kind)):
                    self._build_template(kind)
        else:
            self._build_template(kind)
        if kind == "demo":
            self._restore_demo_files()
        self._copy(kind)
        self.built.add(kind)

    def _build_template(self, kind):
        """Copy the empty template, build `kind` in the copy (for the demo: load it, visit its pages, keep its
        files), and keep it as a template."""
        self._server(
            f'DROP DATABASE IF EXISTS "{self.template(kind)}" WITH (FORCE)',
            f'CREATE DATABASE "{self.template(kind)}" TEMPLATE "{self.template("empty")}"',
        )
        self._point_at(self.template(kind))
        if kind == "demo":
            call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
            self._render_every_page()
        else:
            build_small_site(kind)
        connections["default"].close()
        if kind == "demo":
            shutil.copytree(settings.MEDIA_ROOT, self.demo_files, dirs_exist_ok=True)
        self._point_at(self.working("empty"))

    @staticmethod
    def _render_every_page():
        """Visit every live page once, as the first readers after a deploy do: the pictures' renditions
        (each a Pillow resize and a file) are then made once for the session, not again in every test."""
        client = Client()
        for page in Page.objects.live().exclude(depth=1).specific():
            response = client.get(page.get_url())
            assert response.status_code == 200, f"{page.get_url()} answered {response.status_code} in the demo"

    @property
    def demo_files(self):
        """The demo's pictures and renditions as built, beside the media folder (the workers' media folders)."""
        if self.shared("demo"):
            return Path(settings.MEDIA_ROOT).parent / f"demo-files-{self.run_id}"
        return Path(f"{settings.MEDIA_ROOT}-demo-files")

    def _restore_demo_files(self):
        """A test that deleted a demo picture (a withdrawn tribute's photos are deleted with it) must not
        take it from the tests after it: put back any file the demo's rows name that is gone."""

        def copy_if_missing(source, target):
            if not os.path.exists(target):
                shutil.copy2(source, target)

        shutil.copytree(self.demo_files, settings.MEDIA_ROOT, dirs_exist_ok=True, copy_function=copy_if_missing)

    def use(self, kind):
        """Point the connection at the copy of `kind` ("empty", "demo" or a small site). Call between tests."""
        if kind != "empty" and kind not in self.built:
            self._build(kind)
        elif kind == "demo":
            self._restore_demo_files()
        self._point_at(self.working(kind))
        self.current = kind

    def transactional_test(self):
        """The test about to run commits to its copy: the copy is made again from its template after it, in
        place of Django's flush (TRUNCATE of every table, about 0.3 s, of a database about to be dropped)."""
        self.remake_after_test = True

    def after_transactional_test(self):
        """A transactional test committed to its copy: make the copy again at once."""
        self.remake_after_test = False
        self._copy(self.current)

    def drop(self):
        self._point_at(self.working("empty"))
        connections["default"].close()
        statements = [f'DROP DATABASE IF EXISTS "{self.template("empty")}" WITH (FORCE)']
        if self.copied_migrated:  # pytest-django keeps a database it found made: this worker's copy
            statements.append(f'DROP DATABASE IF EXISTS "{self.empty_name}" WITH (FORCE)')
        for kind in sorted(self.built):
            statements.append(f'DROP DATABASE IF EXISTS "{self.working(kind)}" WITH (FORCE)')
            if not self.shared(kind):
                statements.append(f'DROP DATABASE IF EXISTS "{self.template(kind)}" WITH (FORCE)')
        self._server(*statements)
        if self.session_lock is None:
            shutil.rmtree(self.demo_files, ignore_errors=True)
        elif self._last_worker_out():
            self._server(
                f'DROP DATABASE IF EXISTS "{self.template("demo")}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{self.template("migrated")}" WITH (FORCE)',
            )
            shutil.rmtree(self.demo_files, ignore_errors=True)
        self.built = set()

    def _last_worker_out(self):
        """Let go of this worker's hold; True if no other worker of the run holds on (it drops the shared)."""
        key = self._lock_key(self.run_id)
        with self.session_lock as server:
            server.execute("SELECT pg_advisory_unlock_shared(%s)", [key])
            return server.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]


test_databases = TestDatabases()

_flush_after_test = TransactionTestCase._fixture_teardown


def _flush_unless_remade(test_case):
    """Django's teardown of a transactional test (pytest-django's), without the flush when the copy is made
    again from its template right after (TestDatabases.transactional_test)."""
    if not test_databases.remake_after_test:
        _flush_after_test(test_case)


TransactionTestCase._fixture_teardown = _flush_unless_remade


class DemoCampaignTestCase(TestCase):
    """For tests that read the demo campaign's content (its marathon, 26 miles, runners, press): the class runs
    on the session's copy of the demo, each test in its own rolled-back transaction."""

    @classmethod
    def setUpClass(cls):
        test_databases.use("demo")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            test_databases.use("empty")
