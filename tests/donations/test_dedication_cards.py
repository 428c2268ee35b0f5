"""Dedication e-cards: the donor names someone to tell, the gift is paid, that person gets one email.

The gift is started through the form's endpoint at localstripe, and Stripe's word on it is posted to the
webhook as Stripe sends it (the PaymentIntent or invoice read back from localstripe), so that a test can
deliver it again, fail it or refund it; the email worker production runs sends the card."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from donations.models import DedicationCard, Donation
from tests.support.email import assert_branded, sent_mail
from tests.support.stripe import card_token, event, gift_form, localstripe_call, post_event, refunded_charge

pytestmark = pytest.mark.django_db

START = "/donations/start/"
ANA = "ana.ruiz@example.net"


def ecard_gift(page, **overrides):
    """Jane's $50, in memory of Grandma Rose, with an e-card to Ana."""
    fields = {
        "tribute_kind": "memory",
        "tribute_name": "Grandma Rose",
        "ecard_name": "Ana Ruiz",
        "ecard_email": ANA,
        "ecard_message": "Grandma would have loved this.\nWith love, Jane",
        "display_name": "The Runner family",
    }
    return gift_form(page, **{**fields, **overrides})


def start(client, localstripe_url, data):
    response = client.post(START, {**data, "payment_token": card_token(localstripe_url)})
    assert response.status_code == 200, response.content
    return response.json()


def stripe_says_paid(client, localstripe_url, payment, event_id=None):
    """Post payment_intent.succeeded with the PaymentIntent as localstripe holds it."""
    intent = localstripe_call(localstripe_url, f"/v1/payment_intents/{payment['id']}")
    evt = event("payment_intent.succeeded", intent, event_id=event_id)
    assert post_event(client, evt).status_code == 200
    return evt


def cards_sent_to(address):
    return [email for email in sent_mail() if address in email.to]


def test_the_recipient_gets_one_card_with_the_name_shown_the_dedication_and_the_message_never_the_amount(
    client, campaign, stripe_at_localstripe
):
    payment = start(client, stripe_at_localstripe, ecard_gift(campaign["runner"], amount="26.20"))
    # Nothing is sent when the form is submitted: only once Stripe says the money moved.
    assert cards_sent_to(ANA) == []
    # Stripe is told which card, never the address, the recipient's name or the message.
    metadata = localstripe_call(stripe_at_localstripe, f"/v1/payment_intents/{payment['id']}")["metadata"]
    assert set(metadata) >= {"ecard", "tribute_kind", "tribute_name"}
    assert ANA not in str(metadata) and "Ana Ruiz" not in str(metadata) and "loved" not in str(metadata)

    evt = stripe_says_paid(client, stripe_at_localstripe, payment)

    [card] = cards_sent_to(ANA)
    assert card.subject == "The Runner family made a gift to the NEC Society in memory of Grandma Rose"
    assert card.body.startswith("Dear Ana Ruiz,\n")
    assert "The Runner family has made a gift to the NEC Society in memory of Grandma Rose" in card.body
    assert "Grandma would have loved this.\nWith love, Jane" in card.body
    assert "$" not in card.body + card.subject and "26.20" not in card.body and "26" not in card.subject
    assert "Jane Runner" not in card.body and "jane@example.org" not in card.body  # the receipt's name and address
    assert card.reply_to == ["hello@necsociety.org"]
    # As a mail app shows it: the same words in the organisation's layout, never an amount in either part.
    read = assert_branded(card, "in memory of Grandma Rose", "Grandma would have loved this.")
    assert "$" not in read.html_words
    # The address was kept for this card only: gone once it is sent; staff keep a masked hint.
    stored = DedicationCard.objects.get()
    assert (stored.recipient_email, stored.recipient_hint) == ("", "a•••@example.net")
    assert stored.sent_at is not None and stored.donation.stripe_payment_id == payment["id"]

    # Stripe delivers the event again, and the same payment under another event: nothing more is sent.
    assert post_event(client, evt).status_code == 200
    stripe_says_paid(client, stripe_at_localstripe, payment)
    assert cards_sent_to(ANA) == [card]
    assert Donation.objects.count() == 1


def test_an_anonymous_gifts_card_says_someone_and_names_no_donor(client, campaign, stripe_at_localstripe):
    gift = ecard_gift(campaign["runner"], is_anonymous="on", ecard_message="Thinking of you today.")
    payment = start(client, stripe_at_localstripe, gift)
    stripe_says_paid(client, stripe_at_localstripe, payment)

    [card] = cards_sent_to(ANA)
    assert card.subject == "Someone made a gift to the NEC Society in memory of Grandma Rose"
    assert "Someone has made a gift" in card.body
    assert "Their message to you:" in card.body
    for name in ("Runner family", "Jane", "Runner"):
        assert name not in card.subject + card.body


def test_a_failed_payment_sends_no_card(client, campaign, stripe_at_localstripe):
    # Stripe's Payment Element: the browser confirms the payment, the bank declines it.
    response = client.post(START, {**ecard_gift(campaign["runner"]), "payment_token": ""})
    assert response.status_code == 200, response.content
    intent = localstripe_call(stripe_at_localstripe, f"/v1/payment_intents/{response.json()['id']}")
    assert intent["metadata"]["ecard"] == DedicationCard.objects.get().reference
    intent["last_payment_error"] = {"message": "Your card was declined."}
    assert post_event(client, event("payment_intent.payment_failed", intent)).status_code == 200

    assert sent_mail() == []
    assert DedicationCard.objects.get().donation is None
    assert not Donation.objects.exists()


def test_a_monthly_gift_sends_its_card_at_the_first_payment_only(client, campaign, stripe_at_localstripe):
    payment = start(client, stripe_at_localstripe, ecard_gift(campaign["runner"], frequency="monthly"))
    subscription = localstripe_call(stripe_at_localstripe, f"/v1/subscriptions/{payment['subscription']}")
    assert ANA not in str(subscription["metadata"])
    first = localstripe_call(stripe_at_localstripe, f"/v1/invoices/{subscription['latest_invoice']}")
    assert post_event(client, event("invoice.paid", first)).status_code == 200
    assert len(cards_sent_to(ANA)) == 1

    # A month later Stripe bills it again: the renewal is recorded, no second card.
    renewal = localstripe_call(
        stripe_at_localstripe,
        "/v1/invoices",
        {"customer": subscription["customer"], "subscription": subscription["id"]},
    )
    renewal = localstripe_call(stripe_at_localstripe, f"/v1/invoices/{renewal['id']}/pay", {})
    assert post_event(client, event("invoice.paid", renewal)).status_code == 200

    assert Donation.objects.filter(stripe_subscription_id=subscription["id"]).count() == 2
    assert len(cards_sent_to(ANA)) == 1


def test_a_gift_refunded_before_its_card_went_sends_none_and_keeps_no_address(client, campaign, stripe_at_localstripe):
    payment = start(client, stripe_at_localstripe, ecard_gift(campaign["runner"]))
    stripe_says_paid(client, stripe_at_localstripe, payment)
    # Refunded in Stripe's dashboard before the email worker ran.
    refund = event("charge.refunded", refunded_charge(payment["id"], 5000, 5000))
    assert post_event(client, refund).status_code == 200

    assert cards_sent_to(ANA) == []
    assert DedicationCard.objects.get().recipient_email == ""


def test_the_card_is_in_the_admin_record_of_the_gift_and_the_address_is_nowhere_public(
    client, campaign, stripe_at_localstripe
):
    runner = campaign["runner"]
    payment = start(client, stripe_at_localstripe, ecard_gift(runner))
    stripe_says_paid(client, stripe_at_localstripe, payment)
    donation = Donation.objects.get()
    public = [
        client.get(runner.url).content.decode(),
        client.get(f"/donations/totals/{runner.pk}/").content.decode(),
        client.get(campaign["event"].url).content.decode(),
    ]
    # Before it is sent, the address is only in the card's own row.
    assert not any(ANA in text or "Ana Ruiz" in text for text in public)
    sent_mail()

    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    record = client.get(f"/admin/donations/donation/inspect/{donation.pk}/").content.decode()
    assert "E-card" in record and "Ana Ruiz (a•••@example.net)" in record and "Sent on " in record
    assert ANA not in record
    export = client.get("/admin/donations/donation/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode(), newline="")))
    assert len(rows) == 2 and "Grandma Rose" in rows[1]
    assert not any(ANA in cell or "Ana Ruiz" in cell or "loved this" in cell for cell in rows[1])


def test_hostile_text_on_the_card_is_shown_to_staff_as_text(client, campaign, stripe_at_localstripe):
    hostile = '<script>alert("x")</script>'
    gift = ecard_gift(campaign["runner"], ecard_name=f"Ana {hostile}", ecard_message=hostile)
    payment = start(client, stripe_at_localstripe, gift)
    stripe_says_paid(client, stripe_at_localstripe, payment)
    [card] = cards_sent_to(ANA)
    assert card.body.startswith(f"Dear Ana {hostile},")  # plain text: written as typed

    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))
    record = client.get(f"/admin/donations/donation/inspect/{Donation.objects.get().pk}/").content.decode()
    assert hostile not in record
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in record


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"ecard_email": "ana@"},
            {"ecard_email": ["Enter their email address as name@example.org, so that the card reaches them."]},
        ),
        (
            {"ecard_message": "x" * 501},
            {"ecard_message": ["Keep your message to 500 characters: it has 501."]},
        ),
        (
            {"ecard_name": "  "},
            {"ecard_name": ["Enter the name of the person who will receive the card."]},
        ),
        (
            {"ecard_email": "", "ecard_message": "Thinking of you"},
            {"ecard_email": ["Enter their email address, so that we can send them the card."]},
        ),
    ],
)
def test_bad_ecard_input_gets_a_clear_message_and_creates_nothing(client, campaign, stripe_unreachable, fields, errors):
    response = client.post(START, ecard_gift(campaign["runner"], **fields))

    assert response.status_code == 400
    assert response.json()["fields"] == errors
    assert not DedicationCard.objects.exists() and not Donation.objects.exists()


def test_a_message_of_exactly_500_characters_is_taken(client, campaign, stripe_at_localstripe):
    start(client, stripe_at_localstripe, ecard_gift(campaign["runner"], ecard_message="x" * 500))

    assert len(DedicationCard.objects.get().message) == 500


def test_ecard_fields_without_a_dedication_are_not_kept(client, campaign, stripe_at_localstripe):
    payment = start(
        client, stripe_at_localstripe, ecard_gift(campaign["runner"], tribute_kind="", ecard_email="not-an-address")
    )
    stripe_says_paid(client, stripe_at_localstripe, payment)

    assert not DedicationCard.objects.exists()
    assert [email.to for email in sent_mail()] == [["jane@example.org"]]  # the receipt alone
    assert mail.outbox[0].subject.startswith("Your receipt")
