"""The amount rules and other bad input: a clear message, nothing created at Stripe or here.

Stripe is unreachable in these tests: a request that got as far as Stripe would answer 503.
"""

import base64
import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import Client

from donations.models import Donation, DonationSettings, MonthlyPledge
from tests.support.stripe import gift_form, solved_challenge

pytestmark = pytest.mark.django_db

START = "/donations/start/"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "smallest gift"),
        ("-5", "smallest gift"),
        ("4.99", "smallest gift"),
        ("25000.01", "limited to $25,000"),
        ("abc", "as a number of dollars"),
        ("10.001", "as a number of dollars"),
        ("1e3", "as a number of dollars"),
        ("1_000", "as a number of dollars"),
        ("\u0661\u0660\u0660", "as a number of dollars"),  # 100 in Arabic-Indic digits
        ("\u0661\u0660\u0660\u0660", "as a number of dollars"),
        ("Infinity", "as a number of dollars"),
        ("1,00", "as a number of dollars"),
        ("", "Enter an amount"),
    ],
)
def test_amounts_outside_the_rules_are_refused_with_a_clear_message(
    client, campaign, stripe_unreachable, amount, message
):
    response = client.post(START, gift_form(campaign["runner"], amount=amount))

    assert response.status_code == 400
    assert message in " ".join(response.json()["fields"]["amount"])
    assert not Donation.objects.exists()


def test_limits_come_from_the_site_settings(client, campaign, stripe_unreachable):
    rules = DonationSettings.load()
    rules.minimum_cents, rules.maximum_cents = 2000, 5000
    rules.save()

    too_small = client.post(START, gift_form(campaign["runner"], amount="19.99"))
    too_big = client.post(START, gift_form(campaign["runner"], amount="50.01"))

    assert "$20" in too_small.json()["fields"]["amount"][0]
    assert "$50" in too_big.json()["fields"]["amount"][0]


def test_covering_the_fee_cannot_take_a_gift_above_the_maximum(client, campaign, stripe_unreachable):
    # $25,000 is the maximum; with the 2.2 % + $0.30 fee covered the card would be charged $25,562.68.
    response = client.post(START, gift_form(campaign["runner"], amount="25000", cover_fee="on"))

    assert response.status_code == 400
    assert "limited to $25,000" in " ".join(response.json()["fields"]["amount"])
    assert "$25,562.68" in " ".join(response.json()["fields"]["amount"])


def test_plain_amounts_with_dollar_sign_and_commas_are_accepted(client, campaign, stripe_unreachable):
    for amount in ("$1,000", "26.20", " 50 "):
        response = client.post(START, gift_form(campaign["runner"], amount=amount))
        assert response.status_code == 503, (amount, response.content)  # valid: it went as far as Stripe


def test_another_currency_is_refused(client, campaign, stripe_unreachable):
    response = client.post(START, gift_form(campaign["runner"], currency="eur"))

    assert response.status_code == 400
    assert response.json()["fields"]["currency"] == ["Gifts are accepted in USD only."]


def test_designation_must_be_a_live_page_that_takes_gifts(client, campaign, stripe_unreachable):
    draft = campaign["runners"][1]
    draft.unpublish()

    for page_id in (campaign["home"].pk, draft.pk, 999999):
        response = client.post(START, gift_form(page_id=page_id))
        assert response.status_code == 400
        assert "cannot receive gifts" in response.json()["fields"]["page_id"][0]
    assert not MonthlyPledge.objects.exists()


def test_valid_form_reaches_stripe_and_stripe_down_is_a_friendly_503(client, campaign, stripe_unreachable):
    response = client.post(START, gift_form(campaign["tribute"], amount="26.20", frequency="monthly"))

    assert response.status_code == 503
    assert "Nothing was charged" in response.json()["error"]


def test_form_without_csrf_token_is_refused(campaign, stripe_unreachable):
    client = Client(enforce_csrf_checks=True)
    response = client.post(START, gift_form(campaign["runner"]))

    assert response.status_code == 403
    assert b"CSRF" in response.content


def test_too_many_attempts_from_one_address_get_429(client, campaign, stripe_unreachable):
    statuses = [client.post(START, gift_form(campaign["runner"], amount="0")).status_code for _ in range(6)]

    assert statuses == [400] * 5 + [429]
    assert "Too many attempts" in client.post(START, gift_form(campaign["runner"])).json()["error"]
    other_address = client.post(START, gift_form(campaign["runner"], amount="0"), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 400


def test_rate_limit_counts_the_address_the_trusted_proxy_reports(client, campaign, stripe_unreachable, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(5):
        # Through a different proxy each time: the address the proxy appended is the donor's.
        client.post(
            START,
            gift_form(campaign["runner"], amount="0"),
            REMOTE_ADDR=f"10.0.0.{n}",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    # A first entry written by the donor is not believed.
    blocked = client.post(
        START,
        gift_form(campaign["runner"], amount="0"),
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="198.51.100.50, 203.0.113.7",
    )
    other_donor = client.post(START, gift_form(campaign["runner"], amount="0"), HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert (blocked.status_code, other_donor.status_code) == (429, 400)
    assert "Too many attempts" in blocked.json()["error"]


def test_without_a_trusted_proxy_the_forwarded_header_cannot_dodge_the_limit(client, campaign, stripe_unreachable):
    for n in range(5):
        client.post(START, gift_form(campaign["runner"], amount="0"), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    again = client.post(START, gift_form(campaign["runner"], amount="0"), HTTP_X_FORWARDED_FOR="198.51.100.2")
    another_address = client.post(START, gift_form(campaign["runner"], amount="0"), REMOTE_ADDR="10.0.0.9")

    assert (again.status_code, another_address.status_code) == (429, 400)


def test_the_attempts_are_counted_in_the_cache_every_worker_shares(client, campaign, stripe_unreachable):
    for _ in range(5):
        client.post(START, gift_form(campaign["runner"], amount="0"))
    assert client.post(START, gift_form(campaign["runner"], amount="0")).status_code == 429

    # Another client of the default cache (another worker's) empties it: the allowance is back.
    caches.create_connection("default").clear()

    assert client.post(START, gift_form(campaign["runner"], amount="0")).status_code == 400


def test_a_link_can_preselect_amount_and_frequency(client, campaign):
    page = client.get(campaign["runner"].url + "?amount=50&frequency=monthly").content.decode()

    assert 'name="preset" value="5000" checked' in page
    assert 'name="frequency" value="monthly" checked' in page
    assert 'value="50"' in page
    assert "data-monthly-note >" in page or "data-monthly-note>" in page  # the monthly wording shows


def test_preselection_outside_the_rules_is_ignored(client, campaign):
    response = client.get(campaign["runner"].url + "?amount=1000000&frequency=weekly")

    assert response.status_code == 200
    page = response.content.decode()
    assert " checked" not in page.split('name="frequency" value="one_time"')[0].split("data-donation-form")[-1]
    assert 'name="frequency" value="one_time" checked' in page
    assert "checked> $" not in page  # no preset chosen
    assert "data-monthly-note hidden" in page


def test_tribute_page_form_is_prefilled_in_the_babys_honour(client, campaign):
    page = client.get(campaign["tribute"].url).content.decode()

    assert '<option value="honour" selected>' in page
    assert 'name="tribute_name" type="text" maxlength="120" value="Ava"' in page


def test_donation_form_block_is_designated_to_its_chosen_page_or_the_page_it_stands_on(rf, campaign):
    from donations.blocks import DonationFormBlock

    block = DonationFormBlock()
    request = rf.get("/")
    chosen = block.render(
        block.to_python({"heading": "Give for Ava", "designation": campaign["tribute"].pk}),
        {"request": request, "page": campaign["home"]},
    )
    on_runner = block.render(block.to_python({"heading": "Give"}), {"request": request, "page": campaign["runner"]})
    general = block.render(block.to_python({"heading": "Give"}), {"request": request, "page": campaign["home"]})

    assert f'name="page_id" value="{campaign["tribute"].pk}"' in chosen and "Give for Ava" in chosen
    assert f'name="page_id" value="{campaign["runner"].pk}"' in on_runner
    assert 'name="page_id"' not in general and "general fund" in general


@pytest.mark.django_db
def test_thank_you_page_without_a_checkable_payment_does_not_claim_nothing_was_charged(client):
    page = client.get("/donations/thank-you/", {"payment_intent": "not-an-intent"}).content.decode()

    assert "We could not confirm your gift" in page
    assert "nothing was charged" not in page and "Try again" not in page


def test_without_javascript_the_form_is_hidden_behind_a_note_on_other_ways_to_give(client, campaign):
    from core.models import OrganisationSettings

    organisation = OrganisationSettings.load()
    organisation.postal_address = "PO Box 77\nSacramento, CA 95814"
    organisation.contact_email = "gifts@necsociety.org"
    organisation.save()

    page = client.get(campaign["event"].url).content.decode()

    soup = BeautifulSoup(page, "html.parser")
    note = soup.select_one(".donation-form__no-js")
    assert not note.has_attr("hidden")
    assert "Giving online needs JavaScript for the secure card step." in note.get_text()
    assert "PO Box 77<br/>Sacramento, CA 95814" in str(note)
    assert note.select_one('a[href="mailto:gifts@necsociety.org"]')
    # The form (and its Give button) stays hidden until donation-form.js shows it and hides the note.
    form = soup.select_one("form[data-donation-form]")
    assert note["id"] == f"{form['id']}-fallback"
    assert form.has_attr("hidden") and form.select_one("[data-submit]")


@pytest.mark.django_db
@pytest.mark.parametrize("solution", ["", "not-a-solution", "forged"])
def test_a_gift_without_its_proof_of_work_never_reaches_stripe(client, campaign, stripe_unreachable, solution):
    if solution == "forged":
        # Well formed, but not signed by this site.
        solution = base64.b64encode(
            json.dumps(
                {"algorithm": "SHA-256", "challenge": "x", "number": 1, "salt": "s", "signature": "0" * 64}
            ).encode()
        ).decode()
    response = client.post("/donations/start/", gift_form(campaign["runner"], altcha=solution))
    assert response.status_code == 403
    assert "security check did not finish" in response.json()["error"]


@pytest.mark.django_db
def test_a_proof_of_work_is_good_for_one_attempt_only(client, campaign, stripe_unreachable):
    solution = solved_challenge()
    first = client.post("/donations/start/", gift_form(campaign["runner"], altcha=solution))
    assert first.status_code == 503  # it reached (an unreachable) Stripe
    again = client.post("/donations/start/", gift_form(campaign["runner"], altcha=solution))
    assert again.status_code == 403
