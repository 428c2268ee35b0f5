"""The demo campaign of `load_demo_content`, built once per test session into a PostgreSQL database of its own.

Building the demo takes 6 to 10 seconds (about 50 pages published, 45 pictures drawn); a test that reads it
gets it in milliseconds instead:

- `demo_template` is the test database as migrated, with the demo loaded and committed and every page
  visited once (so that its pictures' renditions exist), built the first time a test asks for the demo
  (once per session, once per xdist worker). Nothing connects to it after.
- `demo` is a copy of it that tests use. A test in a transaction (the `db` fixture, Django's `TestCase`) is
  rolled back, which leaves `demo` as it was; a transactional test (`transactional_db`, `live_server`)
  commits and is flushed, after which `demo` is made again from the template (`CREATE DATABASE ...
  TEMPLATE`, a file copy) before the next test that asks for it.

The connection is pointed at `demo` or back at the empty test database between tests, before any fixture
opens a transaction (tests/conftest.py decides which, from the fixtures a test asks for).
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


class DemoDatabase:
    def __init__(self):
        self.clean_name = None
        self.serialized_contents = None
        self.original_connection = None
        self.built = False
        self.dirty = False
        self.in_use = False

    def remember_test_database(self):
        """Called once pytest-django has made the test database: its name, and the data Django serialized
        from it for the transactional tests that ask for a serialized rollback."""
        connection = connections["default"]
        self.clean_name = connection.settings_dict["NAME"]
        self.serialized_contents = getattr(connection, "_test_serialized_contents", None)
        self.original_connection = connection

    @property
    def template_name(self):
        return f"{self.clean_name}_demo_template"

    @property
    def demo_name(self):
        return f"{self.clean_name}_demo"

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

    def _build(self):
        """Copy the empty migrated test database, load the demo into the copy, and copy that for the tests."""
        for connection in {connections["default"], self.original_connection} - {None}:
            connection.close()
        self._server(
            f'DROP DATABASE IF EXISTS "{self.demo_name}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)',
            f'CREATE DATABASE "{self.template_name}" TEMPLATE "{self.clean_name}"',
        )
        self._point_at(self.template_name)
        call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        self._render_every_page()
        connections["default"].close()
        self._point_at(self.clean_name)
        self._server(f'CREATE DATABASE "{self.demo_name}" TEMPLATE "{self.template_name}"')
        self.built = True

    @staticmethod
    def _render_every_page():
        """Visit every live page once, as the first readers after a deploy do: the pictures' renditions
        (each a Pillow resize and a file) are then made once for the session, not again in every test."""
        client = Client()
        for page in Page.objects.live().exclude(depth=1).specific():
            response = client.get(page.get_url())
            assert response.status_code == 200, f"{page.get_url()} answered {response.status_code} in the demo"

    def use(self, wants_demo):
        """Point the connection at the demo copy (made fresh if a transactional test left it flushed) or at
        the empty test database. Call between tests, before a transaction opens."""
        if not wants_demo:
            self._point_at(self.clean_name)
            self.in_use = False
            return
        if not self.built:
            self._build()
        elif self.dirty:
            self._point_at(self.clean_name)
            self._server(
                f'DROP DATABASE "{self.demo_name}" WITH (FORCE)',
                f'CREATE DATABASE "{self.demo_name}" TEMPLATE "{self.template_name}"',
            )
        self.dirty = False
        self._point_at(self.demo_name)
        self.in_use = True

    def done(self, transactional):
        """After a test on the demo copy: a transactional test committed to it (and flushed it)."""
        if self.in_use and transactional:
            self.dirty = True

    def drop(self):
        if not self.built:
            return
        self._point_at(self.clean_name)
        self._server(
            f'DROP DATABASE IF EXISTS "{self.demo_name}" WITH (FORCE)',
            f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)',
        )
        self.built = False


demo_database = DemoDatabase()


class DemoCampaignTestCase(TestCase):
    """For tests that read the demo campaign's content (its marathon, 26 miles, runners, press): the class runs
    on the session's copy of the demo, each test in its own rolled-back transaction."""

    @classmethod
    def setUpClass(cls):
        demo_database.use(True)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            demo_database.use(False)
