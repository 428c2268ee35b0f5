"""Gifts end to end over HTTP: the server talks to localstripe, which delivers signed webhooks
to a live server, which records the Donation."""

import time

import pytest
from django.core import mail
from django.test import Client

from donations.models import Donation, MonthlyPledge
from tests.support.email import assert_branded
from tests.support.servers import wait_until
from tests.support.sites import build_campaign
from tests.support.stripe import WEBHOOK_URL, card_token, gift_form, localstripe_call

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def delivering(stripe_at_localstripe, live_server, stripe_webhook):
    stripe_webhook(live_server.url + WEBHOOK_URL)
    return stripe_at_localstripe


def wait_for(query, count=1, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if query().count() >= count:
            return list(query())
        time.sleep(0.2)
    return list(query())


def test_one_time_gift_is_charged_then_recorded_by_the_webhook(client, delivering, email_worker):
    runner = build_campaign()["runner"]
    response = client.post("/donations/start/", gift_form(runner, payment_token=card_token(delivering), cover_fee="on"))

    assert response.status_code == 200, response.content
    payment = response.json()
    assert payment["status"] == "succeeded"
    assert payment["client_secret"].startswith(payment["id"])
    assert not Donation.objects.exists()  # Stripe's word, through the webhook, records the gift

    [donation] = wait_for(lambda: Donation.objects.filter(stripe_payment_id=payment["id"]))
    # Covering the fee: (50.00 + 0.30) / (1 - 0.022) = 51.432..., rounded up so that $50 arrives.
    assert donation.fee_covered_cents == 144
    assert (donation.amount_cents, donation.page_id, donation.frequency) == (5144, runner.pk, "one_time")
    assert client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"] == 5144
    # The receipt went out through the email worker (its own process, SMTP), not the webhook request.
    assert wait_until(lambda: any("jane@example.org" in m and "Your receipt" in m for m in email_worker.messages))
    assert mail.outbox == []
    # As Jane's mail app reads what the SMTP server received: both parts, the fee she chose to cover shown.
    [receipt] = [m for m in email_worker.messages if "Your receipt" in m]
    assert_branded(
        receipt,
        "Dear Jane Runner,",
        "Gift: $50 USD Processing fee you covered: $1.44 USD Total charged: $51.44 USD",
        f"Designation: {runner.title}",
    )

    thanks = client.get("/donations/thank-you/", {"payment_intent": payment["id"]}).content.decode()
    assert "Thank you for your gift" in thanks
    assert runner.title in thanks and "Share it" in thanks
    # Another browser sending the same id learns nothing of it: only gifts this browser started are looked up.
    elsewhere = Client().get("/donations/thank-you/", {"payment_intent": payment["id"]}).content.decode()
    assert "We could not confirm your gift" in elsewhere
    assert "Thank you for your gift" not in elsewhere and runner.title not in elsewhere


def test_payment_element_gift_waits_for_the_browser_and_thank_you_page_offers_a_retry(client, delivering):
    runner = build_campaign()["runner"]
    response = client.post("/donations/start/", gift_form(runner, payment_token=""))

    assert response.status_code == 200
    payment = response.json()
    assert payment["status"] == "requires_payment_method"  # the Payment Element confirms it in the browser
    thanks = client.get("/donations/thank-you/", {"payment_intent": payment["id"]}).content.decode()
    assert "Your gift did not go through" in thanks
    assert "Try again" in thanks
    time.sleep(1.5)
    assert not Donation.objects.filter(page=runner).exists()


def test_double_submission_creates_one_payment(client, delivering):
    runner = build_campaign()["runner"]
    form = gift_form(runner, payment_token=card_token(delivering))
    first = client.post("/donations/start/", form).json()
    second = client.post("/donations/start/", {**form, "payment_token": card_token(delivering)}).json()

    assert first["id"] == second["id"]
    wait_for(lambda: Donation.objects.filter(stripe_payment_id=first["id"]))
    time.sleep(1.5)
    assert Donation.objects.filter(page=runner).count() == 1


def test_payment_element_gift_lets_stripe_offer_the_wallets_the_charity_enabled(client, delivering):
    response = client.post("/donations/start/", gift_form(build_campaign()["runner"], payment_token=""))

    intent = localstripe_call(delivering, f"/v1/payment_intents/{response.json()['id']}")
    assert intent["automatic_payment_methods"] == {"enabled": True}


def test_monthly_gifts_share_one_product_and_one_plan_per_amount_and_keep_the_card_for_renewals(client, delivering):
    runner = build_campaign()["runner"]
    subscriptions = []
    for _ in range(2):
        response = client.post(
            "/donations/start/",
            gift_form(runner, payment_token=card_token(delivering), frequency="monthly", amount="31"),
        )
        subscriptions.append(localstripe_call(delivering, f"/v1/subscriptions/{response.json()['subscription']}"))

    plans = {subscription["items"]["data"][0]["plan"]["id"] for subscription in subscriptions}
    assert plans == {"necsociety-monthly-usd-3100"}
    products = [p for p in localstripe_call(delivering, "/v1/products?limit=100")["data"] if "NEC" in p["name"]]
    assert [p["id"] for p in products] == ["necsociety-monthly-gift"]
    for subscription in subscriptions:
        assert subscription["payment_settings"] == {"save_default_payment_method": "on_subscription"}


def test_monthly_gift_records_one_donation_per_paid_invoice(client, delivering):
    runner = build_campaign()["runner"]
    response = client.post(
        "/donations/start/", gift_form(runner, payment_token=card_token(delivering), frequency="monthly")
    )

    assert response.status_code == 200, response.content
    subscription_id = response.json()["subscription"]
    pledge = MonthlyPledge.objects.get(stripe_subscription_id=subscription_id)
    monthly = lambda: Donation.objects.filter(stripe_subscription_id=subscription_id)  # noqa: E731
    assert len(wait_for(monthly)) == 1

    # A month later Stripe bills the subscription again.
    invoice = localstripe_call(
        delivering, "/v1/invoices", {"customer": pledge.stripe_customer_id, "subscription": subscription_id}
    )
    localstripe_call(delivering, f"/v1/invoices/{invoice['id']}/pay", {})

    gifts = wait_for(monthly, count=2)
    time.sleep(1.5)  # payment_intent.succeeded of the invoice must not add a third
    assert monthly().count() == 2
    assert {gift.frequency for gift in gifts} == {"monthly"}
    assert {gift.amount_cents for gift in gifts} == {5000}
    assert client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"] == 10000


def test_declined_card_gets_a_clear_message_and_records_nothing(client, delivering):
    runner = build_campaign()["runner"]
    response = client.post(
        "/donations/start/", gift_form(runner, payment_token=card_token(delivering, "4000000000000002"))
    )

    assert response.status_code == 402
    assert "declined" in response.json()["error"]
    time.sleep(2)  # localstripe's payment_intent.payment_failed has been delivered by now
    assert not Donation.objects.filter(page=runner).exists()


def test_stripe_down_gets_a_friendly_message_and_records_nothing(client, stripe_unreachable):
    runner = build_campaign()["runner"]
    started = time.monotonic()
    response = client.post("/donations/start/", gift_form(runner, payment_token="tok_visa"))

    assert response.status_code == 503
    assert "Nothing was charged" in response.json()["error"]
    assert time.monotonic() - started < 10
    assert not Donation.objects.exists()
    assert not MonthlyPledge.objects.exists()
