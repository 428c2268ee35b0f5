"""Tests: PostgreSQL from DATABASE_URL (make test starts a throwaway cluster), fast hashing,
plain static storage, locmem email and cache."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# locmem in the test process; the email worker the tests start (tests/donations/conftest.py) is
# given the SMTP backend and a local SMTP server through the environment, as production is.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per pytest-xdist worker (and for the servers a test starts, which inherit the variable).
MEDIA_ROOT = BASE_DIR / "tests" / "artifacts" / "media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY") or "sk_test_localstripe"
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY") or "pk_test_localstripe"
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET") or "whsec_test_secret"
# The address the tests' Sites use (tests/conftest.py and the factories); a test of another address sets its own.
SITE_URL = "http://localhost"
WAGTAILADMIN_BASE_URL = SITE_URL
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The same proof of work as production, made cheap: tests solve it in Python on every gift they post.
DONATION_CHALLENGE_DIFFICULTY = 4
# The email worker's heartbeat and lease as production has them, shortened so that a test sees a job of a
# killed worker given back in seconds rather than a minute.
EMAIL_WORKER_HEARTBEAT_SECONDS = 0.5
EMAIL_WORKER_LEASE_SECONDS = 4
