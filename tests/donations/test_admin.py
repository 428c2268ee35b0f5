"""The staff's side: the donations list, export, offline gifts, the inspect view and the dashboard."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from donations.models import Donation, StripeEvent
from tests.factories.donations import StripeDonationFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/donations/donation/"


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def gifts(campaign):
    online = StripeDonationFactory(page=campaign["runner"], stripe_payment_id="pi_admin")
    StripeEvent.objects.create(
        event_id="evt_admin_1", type="payment_intent.succeeded", donation=online, outcome="recorded"
    )
    refunded = StripeDonationFactory(
        page=campaign["event"],
        amount_cents=2620,
        donor_name="Refunded Person",
        donor_email="",
        stripe_payment_id="pi_refunded",
        status="refunded",
    )
    return online, refunded


def test_donations_list_filters_and_searches(staff_client, gifts):
    page = staff_client.get(INDEX).content.decode()
    assert "Jane Runner" in page and "$50" in page and "Refunded Person" in page

    refunded_only = staff_client.get(INDEX, {"status": "refunded"}).content.decode()
    assert "Refunded Person" in refunded_only and "Jane Runner" not in refunded_only

    by_stripe_id = staff_client.get(INDEX, {"q": "pi_admin"}).content.decode()
    assert "Jane Runner" in by_stripe_id and "Refunded Person" not in by_stripe_id


def test_csv_export_lists_the_gifts_with_their_designation(staff_client, gifts, campaign):
    response = staff_client.get(INDEX, {"export": "csv"})

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    jane = next(row for row in rows if row["Donor name"] == "Jane Runner")
    assert jane["Amount"] == "50.00"
    assert jane["Designation"] == campaign["runner"].title
    assert jane["Stripe payment id"] == "pi_admin"
    assert len(rows) == 2


def test_xlsx_export_opens_as_a_spreadsheet(staff_client, gifts):
    response = staff_client.get(INDEX, {"export": "xlsx"})

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "Donor name" in values[0]
    assert any("Jane Runner" in row for row in values[1:])


def test_staff_can_record_an_offline_gift_that_counts_in_totals(staff_client, campaign, client):
    response = staff_client.post(
        INDEX + "create/",
        {
            "page": campaign["runner"].pk,
            "amount_cents": "$100",  # staff type dollars; the ledger keeps cents
            "currency": "usd",
            "fee_covered_cents": "0",
            "frequency": "one_time",
            "status": "paid",
            "source": "cheque",
            "donor_name": "Grandma Rose",
            "donor_email": "",
            "message": "",
            "tribute_kind": "",
            "tribute_name": "",
            "received_at": "2026-11-01 10:00:00",
        },
    )

    assert response.status_code == 302, response.content.decode()[-2000:]
    donation = Donation.objects.get(donor_name="Grandma Rose")
    assert donation.is_offline
    assert donation.rollup_page_id == campaign["event"].pk
    assert staff_client.get(f"/donations/totals/{campaign['event'].pk}/").json()["raised_cents"] == 10000


def test_offline_gift_marked_as_online_is_refused(staff_client, campaign):
    response = staff_client.post(
        INDEX + "create/",
        {
            "amount_cents": "100",
            "currency": "usd",
            "fee_covered_cents": "0",
            "frequency": "one_time",
            "status": "paid",
            "source": "stripe",
            "received_at": "2026-11-01 10:00:00",
        },
    )

    assert response.status_code == 200
    assert "A gift recorded by hand is offline" in response.content.decode()
    assert not Donation.objects.exists()


def test_inspect_view_shows_stripe_ids_and_event_history(staff_client, gifts):
    online, _ = gifts
    page = staff_client.get(f"{INDEX}inspect/{online.pk}/").content.decode()

    assert "pi_admin" in page
    assert "evt_admin_1" in page and "payment_intent.succeeded" in page


def test_dashboard_shows_raised_against_goal_and_latest_gifts(staff_client, gifts, campaign):
    page = staff_client.get("/admin/").content.decode()

    assert "Current campaign" in page
    assert campaign["event"].title in page
    # The runner's $50 rolls up into the event; the refunded gift is left out.
    assert "<strong>$50</strong> raised" in page and "of the $26,200 goal" in page
    assert "Jane Runner" in page


def test_staff_set_the_gift_limits_in_dollars_and_too_small_a_minimum_is_refused(staff_client, db):
    from donations.models import DonationSettings

    # Settings → Donation form (the bare address redirects to the one settings record's form).
    url = staff_client.get("/admin/settings/donations/donationsettings/", follow=True).redirect_chain[-1][0]
    form = {
        "preset_amounts": "26.20, 50, 100",
        "minimum_cents": "10",
        "maximum_cents": "30,000",
        "fee_percent": "2.20",
        "fee_fixed_cents": "0.30",
        "currency": "usd",
    }
    assert staff_client.post(url, form).status_code == 302
    limits = DonationSettings.load()
    assert (limits.minimum_cents, limits.maximum_cents, limits.fee_fixed_cents) == (1000, 3_000_000, 30)

    refused = staff_client.post(url, form | {"minimum_cents": "0.10"})
    assert "Stripe takes no payment under $0.50." in refused.content.decode()
    assert DonationSettings.load().minimum_cents == 1000


def inspected_fields(staff_client, donation):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(staff_client.get(f"{INDEX}inspect/{donation.pk}/").content, "html.parser")
    return {
        dt.get_text(strip=True).lower(): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select("dt")
    }


def test_inspect_view_shows_amounts_in_dollars(staff_client, gifts):
    online, _ = gifts
    fields = inspected_fields(staff_client, online)
    assert fields["amount (us dollars)"] == "$50"
    assert fields["fee covered (us dollars)"] == "$0"


def test_designation_filter_lists_only_pages_that_take_gifts(staff_client, gifts, campaign):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(staff_client.get(INDEX).content, "html.parser")
    offered = {a.get_text(strip=True) for a in soup.select("a[href*='page__id__exact']")}
    assert {campaign["runner"].title, campaign["event"].title, campaign["tribute"].title} <= offered
    assert not {"NEC Society", "Events", "Family tributes", "Root"} & offered


def edit_form(donation, **changes):
    data = {
        "page": donation.page_id or "",
        "amount_cents": "50",
        "currency": "usd",
        "fee_covered_cents": "0",
        "frequency": "one_time",
        "status": "paid",
        "source": donation.source,
        "donor_name": donation.donor_name,
        "donor_email": donation.donor_email,
        "display_name": "",
        "message": "",
        "tribute_kind": "",
        "tribute_name": "",
        "received_at": donation.received_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    return data | changes


def test_the_amount_and_donor_of_a_stripe_gift_cannot_be_changed_here(staff_client, gifts):
    online, _ = gifts
    form = staff_client.get(f"{INDEX}edit/{online.pk}/").content.decode()
    assert "Recorded from Stripe: refund it with “Refund” on the gift&#x27;s page" in form
    response = staff_client.post(
        f"{INDEX}edit/{online.pk}/",
        edit_form(online, amount_cents="5", donor_name="Someone Else", status="refunded", message="Go Jane!"),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    online.refresh_from_db()
    assert (online.amount_cents, online.donor_name, online.status) == (5000, "Jane Runner", "paid")
    assert online.message == "Go Jane!"  # what the public sees stays in staff's hands


def test_an_offline_gift_stays_editable(staff_client, campaign):
    cheque = Donation.objects.create(page=campaign["runner"], amount_cents=10000, donor_name="Grandma Rose")
    response = staff_client.post(
        f"{INDEX}edit/{cheque.pk}/", edit_form(cheque, amount_cents="120", donor_name="Grandma Rose Lee")
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    cheque.refresh_from_db()
    assert (cheque.amount_cents, cheque.donor_name) == (12000, "Grandma Rose Lee")
