"""The test databases: the empty one as migrated, and the demo campaign of `load_demo_content`, each kept as a
PostgreSQL template and copied for the tests that use it.

Building the demo takes 6 to 10 seconds (about 50 pages published, 45 pictures drawn); a test that reads it
gets it in milliseconds instead. Per test session (per xdist worker):

- `<test db>_empty_template` is the test database right after pytest-django migrated it;
- `<test db>_demo_template` is a copy of that with the demo loaded and committed and every page visited
  once (so that its pictures' renditions exist), made the first time a test asks for the demo;
- the tests run on `<test db>` (empty) or `<test db>_demo`, copies of those templates. A test in a
  transaction (the `db` fixture, Django's `TestCase`) is rolled back and leaves its copy as it was. A
  transactional test (`transactional_db`, `live_server`) commits and is flushed: its copy is made again
  from the template right after (`CREATE DATABASE ... TEMPLATE`, a file copy of well under a second), so
  the next test finds Wagtail's root page, the groups and collections (or the demo) whatever ran before
  it, in whatever order pytest-xdist hands tests out. Django's serialized rollback is then never needed.

The connection is pointed at one copy or the other between tests, before any fixture opens a transaction
(tests/conftest.py decides which, from the fixtures a test asks for).
"""

import os

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client, TestCase
from wagtail.models import Page

# The fixtures that give a test the demo campaign (tests/conftest.py).
DEMO_FIXTURES = frozenset({"demo_site", "served_demo_site", "production_served_site"})


class TestDatabases:
    def __init__(self):
        self.empty_name = None
        self.serialized_contents = None
        self.demo_built = False
        self.current = None

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

    def template(self, kind):
        return f"{self.empty_name}_{kind}_template"

    def working(self, kind):
        return self.empty_name if kind == "empty" else f"{self.empty_name}_demo"

    def _server(self, *statements):
        db = connections["default"].settings_dict
        with psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"],
            port=db["PORT"] or None,
            autocommit=True,
        ) as server:
            for statement in statements:
                server.execute(statement)

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

    def _build_demo(self):
        """Copy the empty template, load the demo into the copy, visit its pages, and keep it as a template."""
        self._server(
            f'DROP DATABASE IF EXISTS "{self.template("demo")}" WITH (FORCE)',
            f'CREATE DATABASE "{self.template("demo")}" TEMPLATE "{self.template("empty")}"',
        )
        self._point_at(self.template("demo"))
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        self._render_every_page()
        connections["default"].close()
        self._point_at(self.working("empty"))
        self._copy("demo")
        self.demo_built = True

    @staticmethod
    def _render_every_page():
        """Visit every live page once, as the first readers after a deploy do: the pictures' renditions
        (each a Pillow resize and a file) are then made once for the session, not again in every test."""
        client = Client()
        for page in Page.objects.live().exclude(depth=1).specific():
            response = client.get(page.get_url())
            assert response.status_code == 200, f"{page.get_url()} answered {response.status_code} in the demo"

    def use(self, wants_demo):
        """Point the connection at the demo's copy or the empty one. Call between tests."""
        kind = "demo" if wants_demo else "empty"
        if wants_demo and not self.demo_built:
            self._build_demo()
        self._point_at(self.working(kind))
        self.current = kind

    def after_transactional_test(self):
        """A transactional test committed to its copy and flushed it: make the copy again at once."""
        self._copy(self.current)

    def drop(self):
        self._point_at(self.working("empty"))
        connections["default"].close()
        statements = [f'DROP DATABASE IF EXISTS "{self.template("empty")}" WITH (FORCE)']
        if self.demo_built:
            statements += [
                f'DROP DATABASE IF EXISTS "{self.working("demo")}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{self.template("demo")}" WITH (FORCE)',
            ]
        self._server(*statements)
        self.demo_built = False


test_databases = TestDatabases()


class DemoCampaignTestCase(TestCase):
    """For tests that read the demo campaign's content (its marathon, 26 miles, runners, press): the class runs
    on the session's copy of the demo, each test in its own rolled-back transaction."""

    @classmethod
    def setUpClass(cls):
        test_databases.use(True)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            test_databases.use(False)
