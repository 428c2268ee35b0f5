"""Refunds asked from the gift's page in the admin, against localstripe: who may, what is refused, what
Stripe is asked (once, whatever the retries), and what the ledger records from its webhook. The same flow
in Chromium under production's headers is tests/browser/test_refund_gift.py."""

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from donations.models import Donation, MonthlyPledge, RefundRequest
from tests.support.email import run_email_worker
from tests.support.servers import free_port, wait_until
from tests.support.sites import build_campaign
from tests.support.stripe import (
    WEBHOOK_URL,
    card_token,
    charge_of,
    localstripe_call,
    paid_gift,
    register_webhook,
)

pytestmark = pytest.mark.django_db(transaction=True)


def staff(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, f"{username}@necsociety.org", "pw")
    group, _ = Group.objects.get_or_create(name=f"{username} group")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="donations", codename__in=codenames),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def delivering(stripe_at_localstripe, live_server, stripe_webhook):
    stripe_webhook(live_server.url + WEBHOOK_URL)
    return stripe_at_localstripe


def confirm(client, donation, amount, reason="requested_by_customer", note=""):
    """Fill in the form, read the confirmation page, and send back what it holds. Returns (page, answer)."""
    url = f"/admin/donations/gifts/{donation.pk}/refund/"
    page = client.post(url, {"amount": amount, "reason": reason, "note": note})
    html = page.content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html))
    return html, fields, url


def ask_for_refund(localstripe_url, data, key):
    """POST /v1/refunds as the site's Stripe client sends it, with its Idempotency-Key."""
    request = urllib.request.Request(
        localstripe_url + "/v1/refunds",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Authorization": "Bearer sk_test_localstripe", "Idempotency-Key": key},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response), response.headers.get("Idempotent-Replayed")


def test_a_partial_refund_is_asked_once_however_often_it_is_confirmed_and_recorded_from_the_webhook(
    client, delivering, django_user_model
):
    runner = build_campaign()["runner"]
    donation = paid_gift(client, delivering, runner)
    client.force_login(staff(django_user_model, "robin", "view_donation", "refund_donation"))
    raised = client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"]

    html, fields, url = confirm(client, donation, "20", note="Gave twice by mistake, asked by phone")
    assert "Stripe will give <strong>$20</strong> back to Jane Runner (jane@example.org)" in html
    assert "$30 will still count" in html and "This cannot be undone." in html
    first = client.post(url, fields, follow=True).content.decode()
    again = client.post(url, fields, follow=True).content.decode()  # the same confirmation sent again

    assert "Stripe accepted the refund of $20." in first
    assert "This refund of $20 was already accepted by Stripe." in again
    assert wait_until(lambda: Donation.objects.get(pk=donation.pk).refunded_cents == 2000)
    charge = charge_of(delivering, donation)
    assert charge["amount_refunded"] == 2000 and len(charge["refunds"]["data"]) == 1
    assert charge["refunds"]["data"][0]["reason"] == "requested_by_customer"
    [request] = RefundRequest.objects.all()
    assert (request.status, request.amount_cents, request.note) == (
        "accepted",
        2000,
        "Gave twice by mistake, asked by phone",
    )
    assert request.stripe_refund_id == charge["refunds"]["data"][0]["id"]
    assert client.get(f"/donations/totals/{runner.pk}/").json()["raised_cents"] == raised - 2000
    mail.outbox.clear()
    run_email_worker()
    assert [m.subject for m in mail.outbox if "refunded" in m.subject] == [
        "$20 of your gift to the NEC Society is refunded"
    ]


def test_a_gift_refunded_as_fraudulent_is_refunded_whole_and_nobody_is_emailed(client, delivering, django_user_model):
    """A stolen card's gift: the address typed with it may be the thief's, so the refund tells no one."""
    runner = build_campaign()["runner"]
    donation = paid_gift(client, delivering, runner)
    client.force_login(staff(django_user_model, "robin", "view_donation", "refund_donation"))

    html, fields, url = confirm(client, donation, "50", reason="fraudulent")
    assert "Reason given to Stripe: Fraudulent (a stolen card)." in html
    assert "no one is emailed" in html and "the donor is emailed" not in html
    assert "Stripe accepted the refund of $50." in client.post(url, fields, follow=True).content.decode()

    assert wait_until(lambda: Donation.objects.get(pk=donation.pk).status == Donation.Status.REFUNDED)
    assert charge_of(delivering, donation)["refunds"]["data"][0]["reason"] == "fraudulent"
    mail.outbox.clear()
    run_email_worker()
    assert [m.subject for m in mail.outbox if "refunded" in m.subject] == []


def test_an_amount_above_what_is_left_or_not_an_amount_is_refused_with_a_message(client, delivering, django_user_model):
    donation = paid_gift(client, delivering, build_campaign()["runner"])
    client.force_login(staff(django_user_model, "robin", "view_donation", "refund_donation"))

    for amount, message in (
        ("50.01", "At most $50 is left to refund on this gift: enter $50 or less."),
        ("0", "Enter an amount more than $0."),
        ("1e3", "Enter an amount in US dollars, e.g. 26,200 or 26.20."),
        ("", "Enter the amount to refund, in dollars."),
    ):
        html, fields, _url = confirm(client, donation, amount)
        assert message in html
        assert "confirm" not in fields
    assert not RefundRequest.objects.exists()
    assert charge_of(delivering, donation)["amount_refunded"] == 0


def test_staff_without_the_permission_see_no_refund_button_and_are_refused(client, delivering, django_user_model):
    donation = paid_gift(client, delivering, build_campaign()["runner"])
    client.force_login(staff(django_user_model, "sam", "view_donation", "change_donation"))

    gift_page = client.get(f"/admin/donations/donation/inspect/{donation.pk}/").content.decode()
    assert "Jane Runner" in gift_page and "Refund this gift" not in gift_page
    # Wagtail's admin turns the refusal (PermissionDenied) into its dashboard with a message.
    refused = client.get(f"/admin/donations/gifts/{donation.pk}/refund/", follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in refused.content.decode()
    response = client.post(f"/admin/donations/gifts/{donation.pk}/refund/", {"amount": "50", "reason": "duplicate"})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not RefundRequest.objects.exists()


def test_stripe_refusing_a_refund_says_why_and_changes_nothing(client, delivering, django_user_model):
    donation = paid_gift(client, delivering, build_campaign()["runner"])
    client.force_login(staff(django_user_model, "robin", "view_donation", "refund_donation"))
    # Refunded meanwhile in Stripe's dashboard, its webhook not arrived: the ledger still shows it all.
    register_webhook(delivering, f"http://127.0.0.1:{free_port()}/closed/")
    localstripe_call(delivering, "/v1/refunds", {"payment_intent": donation.stripe_payment_intent_id})

    _html, fields, url = confirm(client, donation, "10")
    page = client.post(url, fields, follow=True).content.decode()

    assert "Stripe refused the refund, so nothing was refunded: Charge ch_" in page
    assert "has already been refunded." in page
    assert RefundRequest.objects.get().status == "refused"


def test_stripe_unreachable_says_so_changes_nothing_and_the_same_request_is_sent_again_later(
    client, delivering, django_user_model, settings
):
    donation = paid_gift(client, delivering, build_campaign()["runner"])
    client.force_login(staff(django_user_model, "robin", "view_donation", "refund_donation"))
    _html, fields, url = confirm(client, donation, "15")

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens
    page = client.post(url, fields, follow=True).content.decode()
    assert "Stripe could not be reached: the ledger is unchanged" in page
    request = RefundRequest.objects.get()
    assert request.status == "sending"
    assert "Send again" in page
    donation.refresh_from_db()
    assert (donation.amount_cents, donation.refunded_cents) == (5000, 0)

    settings.STRIPE_API_BASE = delivering  # Stripe is back: "Send again" posts the request's token
    page = client.post(url, {"token": str(request.token), "confirm": "yes"}, follow=True).content.decode()
    assert "Stripe accepted the refund of $15." in page
    assert wait_until(lambda: Donation.objects.get(pk=donation.pk).refunded_cents == 1500)


def test_refunding_a_monthly_payment_leaves_the_subscription_going(client, delivering, django_user_model):
    runner = build_campaign()["runner"]
    donation = paid_gift(client, delivering, runner, frequency="monthly", amount="31")
    client.force_login(staff(django_user_model, "robin", "view_donation", "refund_donation"))

    html, fields, url = confirm(client, donation, "31")
    assert "Only this payment is refunded: the monthly gift goes on." in html
    client.post(url, fields)

    assert wait_until(lambda: Donation.objects.get(pk=donation.pk).status == Donation.Status.REFUNDED)
    time.sleep(1.5)  # any later event of the subscription has arrived
    pledge = MonthlyPledge.objects.get(stripe_subscription_id=donation.stripe_subscription_id)
    assert pledge.ended_at is None
    subscription = localstripe_call(delivering, f"/v1/subscriptions/{donation.stripe_subscription_id}")
    assert subscription["status"] == "active"


def test_localstripe_refunds_as_stripe_does(delivering):
    customer = localstripe_call(delivering, "/v1/customers", {"source": card_token(delivering)})
    intent = localstripe_call(
        delivering,
        "/v1/payment_intents",
        {
            "amount": 5000,
            "currency": "usd",
            "customer": customer["id"],
            "payment_method": customer["default_source"],
            "confirm": "true",
        },
    )
    assert intent["status"] == "succeeded"
    refund = {"payment_intent": intent["id"], "amount": 2000, "reason": "duplicate"}

    def refused(data, key="another-key"):
        with pytest.raises(urllib.error.HTTPError) as error:
            ask_for_refund(delivering, data, key)
        return error.value.code, json.loads(error.value.read())["error"]

    assert refused({**refund, "reason": "changed_mind"})[0] == 400
    assert "greater than unrefunded amount on charge ($50.00)" in refused({**refund, "amount": 5001})[1]["message"]
    made, replayed = ask_for_refund(delivering, refund, "request-1")
    assert (made["amount"], made["reason"], made["status"], replayed) == (2000, "duplicate", "succeeded", None)
    again, replayed = ask_for_refund(delivering, refund, "request-1")  # a retry: the first answer, nothing more
    assert (again["id"], replayed) == (made["id"], "true")
    code, error = refused({**refund, "amount": 1000}, key="request-1")
    assert (code, error["type"]) == (400, "idempotency_error")
    charge = localstripe_call(delivering, f"/v1/charges/{made['charge']}")
    assert (charge["amount_refunded"], charge["refunded"]) == (2000, False)
    assert "refunds" not in charge  # since 2022-11-15, only when expanded
    ask_for_refund(delivering, {"payment_intent": intent["id"]}, "request-2")
    code, error = refused({"payment_intent": intent["id"], "amount": 1})
    assert (code, error.get("code")) == (400, "charge_already_refunded")
