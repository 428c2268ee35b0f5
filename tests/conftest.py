"""Shared fixtures: the demo site, and a real Chromium for browser tests."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# The shared helpers' asserts report their values like the tests' own.
pytest.register_assert_rewrite("tests.support")

from tests.support.sites import serve_at  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Fixtures shared by several folders of tests, with the helpers beside them.
pytest_plugins = ["tests.support.stripe", "tests.support.email", "tests.support.sites", "tests.support.tributes"]

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
# tests around it are still synchronous, so Django's async guard would refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test's database is rolled back, so a page kept by an earlier test must not answer in it."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def demo_site(db):
    """The demo campaign of `load_demo_content`, built inside the test's transaction."""
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def browser():
    """Chromium, started for each test.

    Playwright's sync API runs the test in a greenlet with its own context, in which Django
    hands out a different connection object; stopping Playwright before Django's teardown
    lets the database be flushed and restored on the connection that set it up.
    """
    if not Path(CHROMIUM).exists():
        # Not a skip: a browser test that did not run must not look like one that passed.
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run `make test` as root (it installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


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
    yield
    shutil.rmtree(ARTIFACTS / "media", ignore_errors=True)


@pytest.fixture
def served_demo_site(django_db_serialized_rollback, live_server, settings):
    """The demo campaign committed to the database and served by a live server for Chromium.

    Browser tests run in a transactional database restored from its serialized state after each
    test, so Wagtail's root page and locale created by migrations survive between tests.
    """
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    serve_at(settings, live_server.url)
    return live_server


@pytest.fixture(autouse=True)
def _clear_cache():
    """Caches keyed on content (menus, listings, image renditions) outlive a test's rolled-back database:
    start each test clean."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
