"""Create or update the site's webhook endpoint at Stripe: SITE_URL's webhook address, exactly the
events the ledger reads, and the API version the code pins. Run it on every deploy; it is idempotent.

A webhook endpoint receives events in its own API version, fixed when it is created; an endpoint
made in the Dashboard gets the account's version. So this command makes the endpoint, and when an
existing one has another version it makes a new one beside it (Stripe cannot change an endpoint's
version) and says how to retire the old one.
"""

import stripe
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from donations.ledger import HANDLERS
from donations.stripe_api import STRIPE_API_VERSION, stripe_client

DESCRIPTION = "NEC Society donations ledger (manage.py setup_stripe_webhook)"
LOOPBACK_HOSTS = ("http://127.0.0.1", "http://localhost")


def webhook_url():
    site = settings.SITE_URL.rstrip("/")
    if not site:
        raise CommandError("Set SITE_URL to the site's public address, e.g. https://necsociety.org.")
    if not site.startswith("https://") and not site.startswith(LOOPBACK_HOSTS):
        raise CommandError(f"SITE_URL must start with https:// (Stripe delivers only over TLS), not {site!r}.")
    return site + reverse("donations:stripe_webhook")


class Command(BaseCommand):
    help = "Create or update the Stripe webhook endpoint for SITE_URL (events the ledger reads, pinned API version)."

    def handle(self, *args, **options):
        url = webhook_url()
        events = sorted(HANDLERS)
        client = stripe_client()
        try:
            existing = [
                endpoint.to_dict()
                for endpoint in client.v1.webhook_endpoints.list({"limit": 100}).auto_paging_iter()
                if endpoint.url == url
            ]
            current = next((e for e in existing if e.get("api_version") == STRIPE_API_VERSION), None)
            if current is None:
                self._create(client, url, events, existing)
            else:
                self._update(client, current, events)
        except stripe.StripeError as error:
            raise CommandError(f"Stripe refused: {error.user_message or error}") from error

    def _create(self, client, url, events, others):
        endpoint = client.v1.webhook_endpoints.create(
            {"url": url, "enabled_events": events, "api_version": STRIPE_API_VERSION, "description": DESCRIPTION}
        )
        self.stdout.write(f"Created webhook endpoint {endpoint.id} for {url}")
        self.stdout.write(f"  API version {STRIPE_API_VERSION}; events: {', '.join(events)}")
        self.stdout.write("Put this signing secret in the site's environment, then restart it:")
        self.stdout.write(f"STRIPE_WEBHOOK_SECRET={endpoint.secret}")
        for other in others:
            self.stderr.write(
                f"Endpoint {other['id']} also points at {url}, in API version "
                f"{other.get('api_version') or 'of the account'} (Stripe cannot change it)."
                " Once the new secret is live, delete it in the Dashboard"
                " (Developers → Webhooks); until then its events are recorded once and flagged if unreadable."
            )

    def _update(self, client, endpoint, events):
        changes = {}
        if sorted(endpoint.get("enabled_events") or []) != events:
            changes["enabled_events"] = events
        if endpoint.get("status") != "enabled":
            changes["disabled"] = False
        if changes:
            client.v1.webhook_endpoints.update(endpoint["id"], changes)
            self.stdout.write(f"Updated webhook endpoint {endpoint['id']}: {', '.join(sorted(changes))}.")
        else:
            self.stdout.write(f"Webhook endpoint {endpoint['id']} for {endpoint['url']} is up to date.")
        self.stdout.write(
            "Its signing secret is unchanged (Stripe shows it only when an endpoint is created; "
            "the Dashboard reveals it under Developers → Webhooks)."
        )
