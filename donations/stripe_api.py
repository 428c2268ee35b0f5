"""One configured Stripe client: pinned API version, retries, a short timeout, and
STRIPE_API_BASE so that the same code talks to localstripe in development and tests."""

from urllib.parse import urlsplit

import stripe
from django.conf import settings

# Pinned for our own requests and for the webhook endpoint `manage.py setup_stripe_webhook` creates.
# The ledger also reads events of every version since basil (donations/ledger.py).
STRIPE_API_VERSION = "2024-06-20"
FIRST_BASIL_VERSION = "2025-03-31"
# A donor waits while a web worker waits: a silent Stripe is given up on within about 7 s
# (3 s, half a second's pause, one retry of 3 s), and the form says to try again shortly.
STRIPE_TIMEOUT_SECONDS = 3
STRIPE_RETRIES = 1


def stripe_client(timeout=None):
    """`timeout` (seconds, no retry) for a page that must not wait, e.g. the thank-you page."""
    options = {
        "stripe_version": STRIPE_API_VERSION,
        "max_network_retries": STRIPE_RETRIES if timeout is None else 0,
        "http_client": stripe.RequestsClient(timeout=timeout or STRIPE_TIMEOUT_SECONDS),
    }
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE.rstrip("/")}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def stripe_js_url():
    """localstripe serves its Stripe.js stand-in under /js.stripe.com/v3/."""
    if settings.STRIPE_API_BASE:
        return settings.STRIPE_API_BASE.rstrip("/") + "/js.stripe.com/v3/"
    return "https://js.stripe.com/v3/"


def stripe_csp_sources():
    """What a page with the donation form must allow in its Content-Security-Policy for Stripe.js."""
    if settings.STRIPE_API_BASE:
        # localstripe serves its Stripe.js stand-in and its API from the one origin.
        parts = urlsplit(settings.STRIPE_API_BASE)
        origin = [f"{parts.scheme}://{parts.netloc}"]
        return {"script_src": origin, "connect_src": origin, "frame_src": origin}
    # Stripe's published list for Stripe.js and the Payment Element.
    return {
        "script_src": ["https://js.stripe.com", "https://*.js.stripe.com"],
        "connect_src": ["https://api.stripe.com", "https://merchant-ui-api.stripe.com"],
        "frame_src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
        "img_src": ["https://*.stripe.com"],
    }
