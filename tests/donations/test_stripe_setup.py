"""`manage.py setup_stripe_webhook` against localstripe (which the site's run_localstripe teaches
Stripe's webhook endpoints API): the endpoint it makes delivers signed events the ledger records."""

import io
import re
import time
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from donations.ledger import HANDLERS
from donations.models import Donation
from tests.support.sites import build_campaign
from tests.support.stripe import card_token, gift_form, localstripe_call

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def setup_webhook():
    out, err = io.StringIO(), io.StringIO()
    call_command("setup_stripe_webhook", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def endpoints_for(localstripe_url, url):
    return [e for e in localstripe_call(localstripe_url, "/v1/webhook_endpoints?limit=100")["data"] if e["url"] == url]


def test_the_command_makes_one_endpoint_with_the_ledgers_events_and_pinned_version(
    settings, stripe_at_localstripe, live_server, client
):
    settings.SITE_URL = live_server.url
    url = live_server.url + "/donations/stripe/webhook/"

    first, _ = setup_webhook()
    again, _ = setup_webhook()

    [endpoint] = endpoints_for(stripe_at_localstripe, url)
    assert endpoint["api_version"] == "2024-06-20"
    assert sorted(endpoint["enabled_events"]) == sorted(HANDLERS)
    secret = re.search(r"^STRIPE_WEBHOOK_SECRET=(whsec_\w+)$", first, re.MULTILINE).group(1)
    assert "up to date" in again and "whsec_" not in again

    # The printed secret is the one Stripe signs with: a real gift is recorded through this endpoint.
    settings.STRIPE_WEBHOOK_SECRET = secret
    runner = build_campaign()["runner"]
    payment = client.post("/donations/start/", gift_form(runner, payment_token=card_token(stripe_at_localstripe)))
    deadline = time.monotonic() + 15
    while not Donation.objects.filter(stripe_payment_id=payment.json()["id"]).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Donation.objects.get(stripe_payment_id=payment.json()["id"]).page_id == runner.pk
    localstripe_call_delete(stripe_at_localstripe, endpoint["id"])


def test_the_command_puts_back_events_someone_changed_in_the_dashboard(settings, stripe_at_localstripe):
    settings.SITE_URL = "https://necsociety.example"
    setup_webhook()
    [endpoint] = endpoints_for(stripe_at_localstripe, "https://necsociety.example/donations/stripe/webhook/")
    localstripe_call(
        stripe_at_localstripe, f"/v1/webhook_endpoints/{endpoint['id']}", {"enabled_events[0]": "charge.refunded"}
    )

    out, _ = setup_webhook()

    [fixed] = endpoints_for(stripe_at_localstripe, "https://necsociety.example/donations/stripe/webhook/")
    assert "Updated" in out and sorted(fixed["enabled_events"]) == sorted(HANDLERS)
    localstripe_call_delete(stripe_at_localstripe, endpoint["id"])


@pytest.mark.parametrize("site_url", ["", "http://necsociety.org"])
def test_the_command_refuses_a_missing_or_plain_http_site_url(settings, stripe_at_localstripe, site_url):
    settings.SITE_URL = site_url
    with pytest.raises(CommandError, match="SITE_URL"):
        setup_webhook()


def localstripe_call_delete(localstripe_url, endpoint_id):
    request = urllib.request.Request(
        f"{localstripe_url}/v1/webhook_endpoints/{endpoint_id}",
        method="DELETE",
        headers={"Authorization": "Bearer sk_test_localstripe"},
    )
    urllib.request.urlopen(request, timeout=5).close()
