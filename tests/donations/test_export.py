"""The donations export as a CRM imports it: read back with `csv` and openpyxl, cell by cell."""

import csv
import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from donations.models import Donation

pytestmark = pytest.mark.django_db

INDEX = "/admin/donations/donation/"
HEADINGS = [
    "Received",
    "Date",
    "Donor name",
    "Donor email",
    "Name shown",
    "Anonymous",
    "Amount",
    "Currency",
    "Fee covered",
    "Fee covered amount",
    "Refunded amount",
    "Designation",
    "Designation page id",
    "Counts toward",
    "Frequency",
    "Status",
    "Source",
    "Dedication",
    "Dedicated to",
    "Message",
    "Refunded",
    "Stripe payment id",
    "Stripe customer id",
    "Stripe subscription id",
]
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
# Race morning (standard time) and a summer day (daylight time): each with its own offset.
RACE_MORNING = datetime.datetime(2018, 12, 2, 16, 17, tzinfo=datetime.UTC)  # 08:17 in Sacramento
SUMMER = datetime.datetime(2018, 7, 4, 2, 30, tzinfo=datetime.UTC)  # 19:30 on July 3rd in Sacramento
# What a donor may type that a spreadsheet would run: at a cell's start, or after a separator.
FORMULAS = [
    "=HYPERLINK(A1)",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "Ann;=HYPERLINK(A1&A2);x",
    'Ann, "=1+1"',
    "Ann|+cmd",
    "Ann\n@SUM(A1)",
]


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))
    return client


@pytest.fixture
def two_gifts(campaign):
    """A monthly Stripe gift to a runner, covering the fee, in honour of someone; and an anonymous cheque to
    the general fund with nothing optional filled in."""
    online = Donation.objects.create(
        page=campaign["runner"],
        amount_cents=2620,
        fee_covered_cents=87,
        refunded_cents=500,
        frequency="monthly",
        source="stripe",
        donor_name="Ana Runner",
        donor_email="ana@example.org",
        display_name="The Runner family",
        message="Go, go!",
        tribute_kind="honour",
        tribute_name="My sister Ana",
        stripe_payment_id="in_123",
        stripe_customer_id="cus_123",
        stripe_subscription_id="sub_123",
        received_at=RACE_MORNING,
    )
    cheque = Donation.objects.create(
        amount_cents=100_000, source="cheque", donor_name="", is_anonymous=True, received_at=SUMMER
    )
    return campaign, online, cheque


def csv_rows(client, **params):
    response = client.get(INDEX, {"export": "csv", **params})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))


def xlsx_sheet(client, **params):
    response = client.get(INDEX, {"export": "xlsx", **params})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content)).active


def expected(campaign, gift):
    """Each cell of a gift's row, as text (what the CSV holds)."""
    runner, event = campaign["runner"], campaign["event"]
    if gift.source == "stripe":
        return [
            "2018-12-02T08:17:00-08:00",
            "2018-12-02",
            "Ana Runner",
            "ana@example.org",
            "The Runner family",
            "no",
            "26.20",
            "USD",
            "yes",
            "0.87",
            "5.00",
            runner.title,
            str(runner.pk),
            event.title,
            "Monthly",
            "Paid",
            "Online (Stripe)",
            "In honour of",
            "My sister Ana",
            "Go, go!",
            "",
            "in_123",
            "cus_123",
            "sub_123",
        ]
    return [
        "2018-07-03T19:30:00-07:00",
        "2018-07-03",
        "",
        "",
        "",
        "yes",
        "1000.00",
        "USD",
        "no",
        "0.00",
        "0.00",
        "General fund",
        "",
        "",
        "One-time",
        "Paid",
        "Cheque (offline)",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def test_the_csv_reads_back_cell_by_cell(staff_client, two_gifts):
    campaign, online, cheque = two_gifts
    header, *rows = csv_rows(staff_client)
    assert header == HEADINGS
    assert rows == [expected(campaign, online), expected(campaign, cheque)]  # newest first


def test_the_xlsx_reads_back_cell_by_cell_with_amounts_as_numbers(staff_client, two_gifts):
    campaign, online, cheque = two_gifts
    sheet = xlsx_sheet(staff_client)
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header] == HEADINGS
    for cells, gift in zip(rows, (online, cheque), strict=True):
        for cell, heading, text in zip(cells, HEADINGS, expected(campaign, gift), strict=True):
            if heading in ("Amount", "Fee covered amount", "Refunded amount"):
                assert cell.data_type == "n" and f"{cell.value:.2f}" == text and cell.number_format == "0.00"
            elif heading == "Designation page id" and text:
                assert cell.value == int(text)
            else:
                assert (cell.value or "") == text, heading  # an empty cell reads back as None: nothing in it
                assert cell.data_type in ("s", "n")


def test_times_are_in_the_organisations_time_zone_with_their_offset(staff_client, two_gifts):
    _, online, cheque = two_gifts
    received = [row[0] for row in csv_rows(staff_client)[1:]]
    assert [datetime.datetime.fromisoformat(value) for value in received] == [online.received_at, cheque.received_at]
    assert [datetime.datetime.fromisoformat(value).utcoffset() for value in received] == [
        RACE_MORNING.astimezone(PACIFIC).utcoffset(),
        SUMMER.astimezone(PACIFIC).utcoffset(),
    ]


def runs_as_a_formula(text, separators=",;|\t\r\n"):
    """Whether a spreadsheet would run some part of the cell: the cell itself, or any piece of it once split
    on a separator (a semicolon locale, a CRM that splits on pipes), leading spaces and double quotes dropped
    (an apostrophe is what makes the rest text)."""
    if text.startswith(("=", "+", "-", "@", "\t", "\r")):
        return True
    return any(piece.lstrip(' "').startswith(("=", "+", "-", "@")) for piece in re.split(f"[{separators}]", text))


def test_no_cell_runs_as_a_formula_however_a_spreadsheet_splits_it(staff_client, campaign):
    for n, text in enumerate(FORMULAS):
        Donation.objects.create(
            page=campaign["runner"],
            amount_cents=1000 + n,
            donor_name=text,
            display_name=text[:60],
            message=text,
            tribute_name=text,
            source="stripe",
            stripe_payment_id=f"pi_formula_{n}",
        )
    assert all(runs_as_a_formula(text) for text in FORMULAS)
    header, *rows = csv_rows(staff_client)
    sheet = [[cell.value or "" for cell in row] for row in xlsx_sheet(staff_client).iter_rows(min_row=2)]
    assert len(rows) == len(sheet) == len(FORMULAS)
    typed = [HEADINGS.index(name) for name in ("Donor name", "Name shown", "Message", "Dedicated to")]
    for row in rows + sheet:
        for column in typed:
            assert not runs_as_a_formula(row[column]), row[column]
            # What the donor typed stays readable: only apostrophes were added (XML reads a CR as a line feed).
            readable = [text.replace("'", "").replace("\r", "\n") for text in FORMULAS]
            assert row[column].replace("'", "").replace("\r", "\n") in readable
        assert not any(isinstance(value, str) and runs_as_a_formula(value) for value in row)
    assert "Ann;'=HYPERLINK(A1&A2);x" in [row[HEADINGS.index("Message")] for row in rows]
