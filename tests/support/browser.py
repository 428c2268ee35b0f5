"""One Chromium for the session's browser tests; each test gets a fresh context (cookies, storage) of its own.

While Playwright's sync API runs, its event loop is marked as running in this thread, so Django hands out
another connection object (asgiref's thread-critical local keys it by context then). Chromium is therefore
started and stopped between tests (tests/conftest.py's `pytest_runtest_setup`), never while a test holds a
transaction; under pytest-xdist a module runs whole on one worker, so it starts about once per browser module.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_running = {}


def chromium():
    """The session's Chromium, started if it is not running."""
    if "browser" in _running:
        return _running["browser"]
    if not Path(CHROMIUM).exists():
        # Not a skip: a browser test that did not run must not look like one that passed.
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run `make test` as root (it installs it).")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    connections.close_all()  # this mode's connection objects are not seen again until Chromium stops
    playwright = sync_playwright().start()
    _running["playwright"] = playwright
    _running["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    return _running["browser"]


def stop_chromium():
    browser, playwright = _running.pop("browser", None), _running.pop("playwright", None)
    if browser is None:
        return
    from django.db import connections

    connections.close_all()
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()
