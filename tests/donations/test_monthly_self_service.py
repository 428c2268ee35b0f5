"""A monthly donor manages their own gift through their private link, end to end: the site asks
localstripe (a real HTTP server), localstripe's signed webhooks reach a live server, the ledger
records each change once, and the email worker tells the donor."""

import re
import time
import urllib.error
import urllib.request

import pytest
from django.core import mail
from django.test import Client

from donations.donor_links import make_token, manage_path, pledge_for_token
from donations.models import Donation, MonthlyPledge, StripeEvent
from tests.support.email import run_email_worker
from tests.support.servers import wait_until
from tests.support.sites import build_campaign
from tests.support.stripe import WEBHOOK_URL, card_token, gift_form, localstripe_call

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def delivering(stripe_at_localstripe, live_server, stripe_webhook):
    stripe_webhook(live_server.url + WEBHOOK_URL)
    return stripe_at_localstripe


@pytest.fixture
def monthly(client, delivering, campaign):
    """Jane gives $50 a month to a runner; her first payment is recorded and its receipt sent."""
    response = client.post(
        "/donations/start/",
        gift_form(campaign["runner"], payment_token=card_token(delivering), frequency="monthly"),
    )
    assert response.status_code == 200, response.content
    pledge = MonthlyPledge.objects.get(stripe_subscription_id=response.json()["subscription"])
    assert wait_until(lambda: Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id).exists())
    run_email_worker()
    mail.outbox.clear()
    return {"pledge": pledge, "campaign": campaign, "url": manage_path(pledge), "stripe": delivering}


def subscription(stripe_url, pledge):
    return localstripe_call(stripe_url, f"/v1/subscriptions/{pledge.stripe_subscription_id}")


def bill_next_month(stripe_url, pledge):
    """What Stripe does a month later: an invoice for the subscription, paid with the default card."""
    invoice = localstripe_call(
        stripe_url,
        "/v1/invoices",
        {"customer": pledge.stripe_customer_id, "subscription": pledge.stripe_subscription_id},
    )
    return localstripe_call(stripe_url, f"/v1/invoices/{invoice['id']}/pay", {})


def emails_to(address):
    run_email_worker()
    return [m for m in mail.outbox if address in m.to]


def test_every_monthly_receipt_carries_the_private_link(client, delivering):
    runner = build_campaign()["runner"]
    started = client.post(
        "/donations/start/", gift_form(runner, payment_token=card_token(delivering), frequency="monthly")
    )
    assert wait_until(lambda: Donation.objects.filter(frequency="monthly").exists())
    # The thank-you page already says where the gift is managed, and how to get the link again.
    thanks = client.get("/donations/thank-you/", {"payment_intent": started.json()["id"]}).content.decode()
    assert "Thank you for your gift" in thanks
    assert 'change or end your monthly gift at any time. Lost it? <a href="/donations/monthly/">' in thanks

    [receipt] = emails_to("jane@example.org")
    link = re.search(r"https?://\S+/donations/monthly/(\S+)/", receipt.body)
    assert link, receipt.body
    assert "Lost the link? Ask for a new one: http://localhost/donations/monthly/\n" in receipt.body
    assert pledge_for_token(link.group(1)) == MonthlyPledge.objects.get()
    page = client.get(f"/donations/monthly/{link.group(1)}/")
    assert page.status_code == 200
    assert "$50 a month" in page.content.decode()


def test_donor_changes_the_amount_and_the_next_payment_is_the_new_amount(client, monthly):
    pledge, stripe_url = monthly["pledge"], monthly["stripe"]
    page = client.get(monthly["url"]).content.decode()
    assert "$50 a month" in page and "Runner0 Name" in page

    response = client.post(monthly["url"] + "amount/", {"amount": "75"})

    assert response.status_code == 302 and response["Location"].endswith("?done=amount")
    assert subscription(stripe_url, pledge)["items"]["data"][0]["plan"]["amount"] == 7500  # Stripe first
    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).amount_cents == 7500)  # then the webhook
    [confirmation] = emails_to("jane@example.org")
    assert "now $75 a month (it was $50)" in confirmation.body
    assert "$75" in client.get(monthly["url"]).content.decode()

    bill_next_month(stripe_url, pledge)
    gifts = Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id)
    assert wait_until(lambda: gifts.count() == 2)
    assert sorted(gifts.values_list("amount_cents", flat=True)) == [5000, 7500]  # no proration of the old amount


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("2", "The smallest gift we can accept online is $5."),
        ("30000", "Online gifts are limited to $25,000"),
        ("1e3", "Enter the amount as a number of dollars"),
        ("", "Enter an amount."),
    ],
)
def test_an_amount_the_donation_form_refuses_is_refused_and_changes_nothing(client, monthly, amount, message):
    pledge = monthly["pledge"]
    response = client.post(monthly["url"] + "amount/", {"amount": amount})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert subscription(monthly["stripe"], pledge)["items"]["data"][0]["plan"]["amount"] == 5000
    assert MonthlyPledge.objects.get(pk=pledge.pk).amount_cents == 5000


def test_donor_changes_the_designation_to_another_page_that_takes_gifts(client, monthly):
    pledge, event = monthly["pledge"], monthly["campaign"]["event"]
    response = client.post(monthly["url"] + "designation/", {"page_id": str(event.pk)})

    assert response.status_code == 302
    assert subscription(monthly["stripe"], pledge)["metadata"]["page_id"] == str(event.pk)
    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).page_id == event.pk)
    [confirmation] = emails_to("jane@example.org")
    assert "now supports California International Marathon (it supported Runner0 Name" in confirmation.body

    bill_next_month(monthly["stripe"], pledge)
    assert wait_until(
        lambda: Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id).count() == 2
    )
    assert (
        Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id).latest("pk").page_id == event.pk
    )

    # And back to the general fund.
    client.post(monthly["url"] + "designation/", {"page_id": ""})
    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).page_id is None)


def test_an_unlisted_tribute_or_a_page_that_takes_no_gifts_is_refused(client, monthly):
    pledge, campaign = monthly["pledge"], monthly["campaign"]
    page = client.get(monthly["url"]).content.decode()
    assert "Remembering Baby Ava" not in page  # the family chose not to list it

    for page_id in (campaign["tribute"].pk, campaign["home"].pk, 999999):
        response = client.post(monthly["url"] + "designation/", {"page_id": str(page_id)})
        assert response.status_code == 400
        assert "This page cannot receive gifts" in response.content.decode()
    assert "page_id" not in subscription(monthly["stripe"], pledge)["metadata"] or subscription(
        monthly["stripe"], pledge
    )["metadata"]["page_id"] == str(campaign["runner"].pk)


def test_donor_cancels_and_is_thanked(client, monthly):
    pledge = monthly["pledge"]
    confirm = client.get(monthly["url"] + "cancel/")
    assert "End your monthly gift?" in confirm.content.decode()

    response = client.post(monthly["url"] + "cancel/")

    assert response.status_code == 302
    assert subscription(monthly["stripe"], pledge)["status"] == "canceled"
    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).ended_at is not None)
    pledge.refresh_from_db()
    assert pledge.end_reason == "donor"
    [ended] = emails_to("jane@example.org")
    assert "has ended, as you asked" in ended.body
    # The page now says so, and a further change is refused without asking Stripe.
    assert "This monthly gift ended on" in client.get(monthly["url"]).content.decode()
    refused = client.post(monthly["url"] + "amount/", {"amount": "80"})
    assert refused.status_code == 409
    assert MonthlyPledge.objects.get(pk=pledge.pk).amount_cents == 5000


def confirm_setup_intent(stripe_url, client_secret, number):
    """What Stripe.js's confirmCardSetup does with the card the donor typed."""
    setup_intent = client_secret.split("_secret_")[0]
    return localstripe_call(
        stripe_url,
        f"/v1/setup_intents/{setup_intent}/confirm",
        {
            "client_secret": client_secret,
            "payment_method_data[type]": "card",
            "payment_method_data[card][number]": number,
            "payment_method_data[card][exp_month]": "12",
            "payment_method_data[card][exp_year]": "2032",
            "payment_method_data[card][cvc]": "123",
        },
    )


def test_donor_updates_the_card_and_renewals_are_charged_to_it(client, monthly):
    pledge, stripe_url = monthly["pledge"], monthly["stripe"]
    response = client.post(monthly["url"] + "card/")
    assert response.status_code == 200
    confirmed = confirm_setup_intent(stripe_url, response.json()["client_secret"], "5555555555554444")
    assert confirmed["status"] == "succeeded"

    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).card_description == "Visa ending 4444")
    assert subscription(stripe_url, pledge)["default_payment_method"] == confirmed["payment_method"]
    [confirmation] = emails_to("jane@example.org")
    assert "charged to your new card (Visa ending 4444)" in confirmation.body

    paid = bill_next_month(stripe_url, pledge)
    intent = localstripe_call(stripe_url, f"/v1/payment_intents/{paid['payment_intent']}")
    assert intent["payment_method"] == confirmed["payment_method"]


def fail_next_month(stripe_url, pledge):
    """The donor's card is now one that Stripe declines; a month later the renewal fails."""
    declining = localstripe_call(
        stripe_url,
        "/v1/payment_methods",
        {
            "type": "card",
            "card[number]": "4000000000000341",
            "card[exp_month]": "12",
            "card[exp_year]": "2032",
            "card[cvc]": "123",
        },
    )
    localstripe_call(
        stripe_url, f"/v1/payment_methods/{declining['id']}/attach", {"customer": pledge.stripe_customer_id}
    )
    localstripe_call(
        stripe_url,
        f"/v1/customers/{pledge.stripe_customer_id}",
        {"invoice_settings[default_payment_method]": declining["id"]},
    )
    try:
        bill_next_month(stripe_url, pledge)
    except urllib.error.HTTPError as declined:  # Stripe answers 402 and announces the failure
        assert declined.code == 402
    else:
        pytest.fail("the renewal was not declined")


def test_failed_payment_email_links_to_the_card_update_which_pays_the_missed_month(client, monthly):
    pledge, stripe_url = monthly["pledge"], monthly["stripe"]
    fail_next_month(stripe_url, pledge)

    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).failing_since is not None)
    [failed] = emails_to("jane@example.org")
    link = re.search(r"https?://\S+(/donations/monthly/\S+/)#card", failed.body)
    assert link, failed.body
    page = client.get(link.group(1)).content.decode()
    assert "Your last monthly payment did not go through" in page
    mail.outbox.clear()

    secret = client.post(link.group(1) + "card/").json()["client_secret"]
    confirm_setup_intent(stripe_url, secret, "4242424242424242")

    gifts = Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id)
    assert wait_until(lambda: gifts.count() == 2)  # the missed month, charged to the new card
    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).failing_since is None)
    subjects = [m.subject for m in emails_to("jane@example.org")]
    assert any("card for your monthly gift" in s for s in subjects)
    assert any("Your receipt" in s for s in subjects)


def test_when_stripe_gives_up_the_pledge_ends_and_the_donor_is_told_kindly(client, monthly):
    pledge, stripe_url = monthly["pledge"], monthly["stripe"]
    fail_next_month(stripe_url, pledge)
    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).failing_since is not None)
    mail.outbox.clear()
    run_email_worker()
    mail.outbox.clear()

    # After its last retry Stripe cancels the subscription (Settings > Billing > Subscriptions).
    localstripe_call(stripe_url, f"/v1/subscriptions/{pledge.stripe_subscription_id}", method="DELETE")

    assert wait_until(lambda: MonthlyPledge.objects.get(pk=pledge.pk).ended_at is not None)
    assert MonthlyPledge.objects.get(pk=pledge.pk).end_reason == "payment_failed"
    [ended] = emails_to("jane@example.org")
    assert "the payments did not go through" in ended.body
    assert "Thank you, truly, for every month you gave" in ended.body
    assert "/donations/monthly/" not in ended.body  # nothing left to manage
    time.sleep(1)
    assert StripeEvent.objects.filter(type="customer.subscription.deleted").count() == 1


def test_a_tampered_expired_or_other_pledges_link_shows_a_clear_page_and_changes_nothing(client, monthly, settings):
    pledge = monthly["pledge"]
    other = MonthlyPledge.objects.create(
        stripe_subscription_id="sub_other", amount_cents=9900, donor_name="Other Donor", donor_email="other@example.org"
    )
    token = make_token(pledge)
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    # A link signed for the other pledge's number but naming this one's subscription: refused.
    forged = make_token(MonthlyPledge(pk=other.pk, stripe_subscription_id=pledge.stripe_subscription_id))
    for bad in (tampered, "not-a-token", forged):
        for method, suffix, data in (("get", "", None), ("post", "amount/", {"amount": "80"}), ("post", "cancel/", {})):
            response = getattr(client, method)(f"/donations/monthly/{bad}/{suffix}", data or {})
            assert response.status_code == 404
            body = response.content.decode()
            assert "This link does not work" in body and "Nothing has been changed" in body
            assert "Other Donor" not in body and "$99" not in body and "Jane" not in body

    settings.MONTHLY_GIFT_LINK_MAX_AGE_DAYS = 0
    time.sleep(1.1)
    assert client.post(monthly["url"] + "cancel/").status_code == 404
    assert subscription(monthly["stripe"], pledge)["status"] == "active"
    assert MonthlyPledge.objects.get(pk=pledge.pk).ended_at is None


def test_the_manage_page_shows_only_its_own_pledge_and_is_private(client, monthly):
    MonthlyPledge.objects.create(
        stripe_subscription_id="sub_other", amount_cents=9900, donor_name="Other Donor", donor_email="other@example.org"
    )
    response = client.get(monthly["url"])
    body = response.content.decode()
    assert "Other Donor" not in body and "$99" not in body
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="csrfmiddlewaretoken"' in body
    assert body.count("<form") == 3 and body.count('name="csrfmiddlewaretoken"') == 3


def test_every_form_needs_its_csrf_token(monthly):
    browser = Client(enforce_csrf_checks=True)
    for suffix, data in (
        ("amount/", {"amount": "80"}),
        ("designation/", {"page_id": ""}),
        ("cancel/", {}),
        ("card/", {}),
    ):
        assert browser.post(monthly["url"] + suffix, data).status_code == 403
    assert browser.post("/donations/monthly/", {"email": "jane@example.org"}).status_code == 403
    assert subscription(monthly["stripe"], monthly["pledge"])["status"] == "active"
    assert MonthlyPledge.objects.get(pk=monthly["pledge"].pk).amount_cents == 5000
