"""Shared fixtures: the demo site (built once per session, tests/support/databases.py), and Chromium kept between
browser tests with a fresh context per test."""

import os
import shutil
from pathlib import Path

import pytest
from pytest_django.django_compat import is_django_unittest

# The shared helpers' asserts report their values like the tests' own.
pytest.register_assert_rewrite("tests.support")

from tests.support.browser import chromium, stop_chromium  # noqa: E402
from tests.support.databases import kind_for, test_databases  # noqa: E402
from tests.support.sites import serve_at  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"

# Fixtures shared by several folders of tests, with the helpers beside them.
pytest_plugins = ["tests.support.stripe", "tests.support.email", "tests.support.sites", "tests.support.tributes"]

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
# tests around it are still synchronous, so Django's async guard would refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def uses_browser(item):
    return "browser" in getattr(item, "fixturenames", ())


# The modules that take longest, handed out first (below).
LONGEST_FIRST = ("upgrade", "browser")


def pytest_collection_modifyitems(items):
    """Under `pytest -n 2 --dist loadscope` (make test) each worker takes the next module as it finishes one:
    the longest (the upgrade test's, whose set-up builds a previous release's database, then the browser
    modules) are given out first, so that no worker is left with a long one at the end while the others wait.
    Each module keeps its own order, and the browser modules run one after another on a worker, which then
    starts Chromium about once."""

    def rank(item):
        if item.get_closest_marker("upgrade"):
            return 0
        return 1 if uses_browser(item) else 2

    module_rank = {}
    for item in items:
        module_rank[item.module] = min(module_rank.get(item.module, 2), rank(item))
    items.sort(key=lambda item: module_rank[item.module])


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Chromium starts before a browser test's fixtures and stops before another test's: while Playwright
    runs, Django hands out another connection object (see tests/support/browser.py), so the switch is made
    between tests, never while a transaction is open. Under `pytest -n 2 --dist loadscope` (make test) a
    module runs whole on one worker, so Chromium starts about once per browser module."""
    if uses_browser(item):
        chromium()
    else:
        stop_chromium()


def pytest_sessionfinish(session):
    stop_chromium()


@pytest.fixture(scope="session")
def django_db_keepdb(django_db_keepdb, django_db_modify_db_settings, django_db_blocker):
    """Under pytest-xdist, a worker whose test database was copied from one another worker migrated has
    pytest-django keep it (it then only checks that it is migrated): tests/support/databases.py."""
    with django_db_blocker.unblock():
        return django_db_keepdb or test_databases.copy_migrated()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, kept as a template (and the demo campaign's, made when a test first
    asks): tests/support/databases.py."""
    with django_db_blocker.unblock():
        test_databases.remember()
    yield
    with django_db_blocker.unblock():
        test_databases.drop()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Before pytest-django opens a test's transaction (or its transactional database): point the connection
    at the copy of the database its fixtures ask for (the demo campaign, a small site: TEMPLATE_FIXTURES in
    tests/support/databases.py), else at the empty one; after a transactional test, make its copy again from
    the template."""
    if fixturedef.argname != "_django_db_helper" or is_django_unittest(request):
        return (yield)  # Django's own TestCase classes: see DemoCampaignTestCase
    from django.db import connections

    with request.getfixturevalue("django_db_blocker").unblock():
        test_databases.use(kind_for(request.fixturenames))  # the first to ask builds it
    connection = connections["default"]
    # The copy is as migrated (or as the demo left it): a serialized rollback would only write it again.
    connection.__dict__.pop("_test_serialized_contents", None)
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        (marker := request.node.get_closest_marker("django_db")) and marker.kwargs.get("transaction")
    )
    if transactional:
        test_databases.transactional_test()
        fixturedef.addfinalizer(test_databases.after_transactional_test)
    try:
        return (yield)
    finally:
        # With it back, the flush after a transactional test skips post_migrate (the copy is remade anyway).
        if test_databases.serialized_contents is not None:
            connection._test_serialized_contents = test_databases.serialized_contents


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test's database is rolled back, so a page kept by an earlier test must not answer in it."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def demo_site(db):
    """The demo campaign of `load_demo_content`, in the test's transaction (a copy made once per session)."""
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def browser():
    """Chromium, started once for the browser tests of the session (tests/support/browser.py)."""
    return chromium()


@pytest.fixture
def browser_page(browser):
    """A fresh browser tab, with cookies and storage of its own."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def close_browser_time_connections(browser):
    """The ORM calls made while Playwright runs use their own connection: close it before the flush."""
    yield
    from django.db import connections

    connections.close_all()


@pytest.fixture(scope="session")
def artifacts_dir():
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def _clean_test_media():
    from django.conf import settings

    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def served_demo_site(django_db_serialized_rollback, live_server, settings):
    """The demo campaign, committed, served by a live server for Chromium (a copy of the session's demo
    database, made again after the test: see tests/support/databases.py)."""
    serve_at(settings, live_server.url)
    return live_server


@pytest.fixture(autouse=True)
def _clear_cache():
    """Caches keyed on content (menus, listings, image renditions) outlive a test's rolled-back database:
    start each test clean."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
