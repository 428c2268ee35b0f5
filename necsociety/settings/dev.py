"""Local development: `make run`. DEBUG on, console email, localstripe on loopback."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-key-for-make-run"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# No page cache while editing templates (turn it on with PAGE_CACHE_SECONDS=300).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

# localstripe accepts any key; these match what `make run` configures.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY") or "sk_test_localstripe"
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY") or "pk_test_localstripe"
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET") or "whsec_localstripe_dev"
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE") or "http://127.0.0.1:8420"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Trying the demo: the test card 4242 (and one's own email and address) give as often as anyone likes.
# Card testing is no risk against localstripe; production keeps base.py's limits, and the per-minute
# limit of one address (donations/views.py) still stands here.
DONATION_ATTEMPTS_PER_CARD_PER_HOUR = 1_000_000
DONATION_ATTEMPTS_PER_EMAIL_PER_HOUR = 1_000_000
DONATION_ATTEMPTS_PER_ADDRESS_PER_HOUR = 1_000_000
