"""A served demo site with production's security settings in force, for the browser tests of public forms."""

import importlib
import sys

import pytest
from django.utils.crypto import get_random_string

from tests.support.sites import serve_at

# Production settings that decide what a browser may send back: security middleware options,
# cookie flags, framing, referrer policy, trusted origins, and the middleware list itself.
SECURITY_PREFIXES = (
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY",
    "CSP_",
    "PERMISSIONS",
)


def production_security_settings(monkeypatch):
    """The security settings of necsociety/settings/production.py, read from the module itself, so
    that a header added there is in force here too."""
    monkeypatch.setenv("SECRET_KEY", get_random_string(60))
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    monkeypatch.setenv("SITE_URL", "https://necsociety.org")
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    sys.modules.pop("necsociety.settings.production", None)
    try:
        production = importlib.import_module("necsociety.settings.production")
    finally:
        sys.modules.pop("necsociety.settings.production", None)
    values = {name: getattr(production, name) for name in dir(production) if name.startswith(SECURITY_PREFIXES)}
    values["MIDDLEWARE"] = production.MIDDLEWARE
    return values


@pytest.fixture
def production_served_site(django_db_serialized_rollback, settings, monkeypatch):
    """The demo campaign served with production's security middleware, headers and cookie flags.

    Two production settings cannot hold on a loopback server without TLS, and only these two differ:
    SECURE_SSL_REDIRECT would send Chromium to https://localhost, where nothing listens, and HSTS is
    only sent over HTTPS. Everything else is as production has it: Secure cookies (Chromium keeps them
    for http://localhost, a secure context), the CSRF check of the Origin header, the Referrer-Policy,
    X-Frame-Options and nosniff headers. The server is started here, after the settings change,
    because Django's middleware reads its settings once, when the server's handler is built.
    """
    from pytest_django.live_server_helper import LiveServer

    for name, value in production_security_settings(monkeypatch).items():
        setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = False
    server = LiveServer("localhost:0")
    serve_at(settings, server.url)
    yield server
    server.stop()
