"""Year-end giving statements: the command, the PDF (opened and read), never twice, and the staff's download."""

import datetime
import io

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import OrganisationSettings
from donations.models import Donation, GivingStatement
from tests.support.email import assert_branded, run_email_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at(month, day, year=2026):
    return datetime.datetime(year, month, day, 15, tzinfo=datetime.UTC)


@pytest.fixture
def gifts(campaign):
    """Jane's 2026: two monthly payments, a one-time gift to the event, a refunded gift, a partly refunded
    one; a gift in 2025; and another donor."""
    jane = {"donor_name": "Jane Runner", "donor_email": "jane@example.org", "source": "stripe"}
    Donation.objects.create(
        amount_cents=5000,
        page=campaign["runner"],
        frequency="monthly",
        received_at=at(1, 5),
        stripe_payment_id="in_jan",
        **jane,
    )
    Donation.objects.create(
        amount_cents=5000,
        page=campaign["runner"],
        frequency="monthly",
        received_at=at(2, 5),
        stripe_payment_id="in_feb",
        **jane,
    )
    Donation.objects.create(
        amount_cents=2620,
        page=campaign["event"],
        received_at=at(3, 1),
        stripe_payment_id="pi_march",
        is_anonymous=True,
        **jane,
    )
    Donation.objects.create(
        amount_cents=9999, page=None, received_at=at(4, 1), stripe_payment_id="pi_refunded", status="refunded", **jane
    )
    Donation.objects.create(
        amount_cents=3000,
        refunded_cents=1000,
        received_at=at(5, 1),
        stripe_payment_id="pi_partly",
        **{**jane, "donor_email": "JANE@example.org"},
    )
    Donation.objects.create(amount_cents=7777, received_at=at(6, 1, year=2025), stripe_payment_id="pi_2025", **jane)
    Donation.objects.create(
        amount_cents=1234,
        received_at=at(7, 1),
        stripe_payment_id="pi_ben",
        donor_name="Ben",
        donor_email="ben@example.org",
        source="stripe",
    )
    return campaign


def pdf_text(data):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_each_donor_gets_one_statement_with_the_pdf_listing_their_gifts(gifts):
    organisation = OrganisationSettings.load()
    organisation.ein = "47-4458280"
    organisation.save()

    call_command("send_giving_statements", "--year", "2026", stdout=io.StringIO())
    run_email_worker()

    jane = next(m for m in mail.outbox if m.to == ["jane@example.org"])
    assert "4 gifts, $156.20 in all" in jane.body
    # As her mail app shows it: both parts, and the PDF still attached.
    as_read = assert_branded(jane, "4 gifts, $156.20 in all", "EIN 47-4458280")
    assert [(name, kind) for name, kind, _ in as_read.attachments] == [("giving-statement-2026.pdf", "application/pdf")]
    [(filename, content, mimetype)] = jane.attachments
    assert (filename, mimetype) == ("giving-statement-2026.pdf", "application/pdf")
    text = " ".join(pdf_text(content).split())
    for line in (
        "giving statement for 2026",
        "EIN 47-4458280",
        "January 5, 2026",
        "February 5, 2026",
        "March 1, 2026",
        "May 1, 2026",
        "Runner0 Name",
        "California International Marathon",
        "General fund",
        "$26.20",
        "$30",  # what was kept of the partly refunded gift ($40 charged, $10 refunded)
        "Total for 2026 (4 gifts) $156.20",
        "No goods or services were provided in exchange for these contributions.",
        "501(c)(3)",
    ):
        assert line in text, line
    assert "$99.99" not in text  # refunded
    assert "$77.77" not in text and "2025" not in text.replace("2026", "")  # another year
    assert "Ben" not in text and "$12.34" not in text  # another donor
    ben = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert "$12.34" in pdf_text(ben.attachments[0][1])
    assert GivingStatement.objects.get(donor_email="jane@example.org", year=2026).total_cents == 15620


def test_running_it_again_sends_nothing_twice(gifts):
    call_command("send_giving_statements", "--year", "2026", stdout=io.StringIO())
    out = io.StringIO()
    call_command("send_giving_statements", "--year", "2026", stdout=out)
    run_email_worker()

    assert sorted(m.to[0] for m in mail.outbox) == ["ben@example.org", "jane@example.org"]
    assert "queued 0 statement(s); 2 donor(s) already had theirs" in out.getvalue()
    assert GivingStatement.objects.count() == 2


def test_dry_run_prints_what_it_would_send_and_sends_nothing(gifts):
    out = io.StringIO()
    call_command("send_giving_statements", "--year", "2026", "--dry-run", stdout=out)
    run_email_worker()

    assert "would send jane@example.org: 4 gift(s), $156.20" in out.getvalue()
    assert "would send ben@example.org: 1 gift(s), $12.34" in out.getvalue()
    assert mail.outbox == [] and not GivingStatement.objects.exists()


def test_the_command_reads_every_donors_figures_in_one_query(gifts):
    for n in range(5):
        Donation.objects.create(
            amount_cents=1000, received_at=at(8, 1), stripe_payment_id=f"pi_more{n}", donor_email=f"d{n}@example.org"
        )
    with CaptureQueriesContext(connection) as queries:
        call_command("send_giving_statements", "--year", "2026", "--dry-run", stdout=io.StringIO())
    # The statements already sent, and one grouped query for the year's donors: not two a donor.
    assert len(queries) == 2, [q["sql"] for q in queries]


def test_a_year_not_yet_begun_is_refused(gifts):
    with pytest.raises(CommandError, match="--year must be between"):
        call_command("send_giving_statements", "--year", "2999", stdout=io.StringIO())


def test_staff_download_any_donors_statement_from_the_admin(client, gifts):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))
    assert "Giving statements" in client.get("/admin/").content.decode()

    response = client.get("/admin/donations/giving-statements/", {"email": "Jane@Example.org", "year": "2026"})

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "$156.20" in pdf_text(response.content)
    unknown = client.get("/admin/donations/giving-statements/", {"email": "nobody@example.org", "year": "2026"})
    assert "No gift that counts from nobody@example.org in 2026" in unknown.content.decode()


def test_staff_page_through_every_statement_sent(client, gifts):
    GivingStatement.objects.bulk_create(
        GivingStatement(donor_email=f"donor{n:03}@example.org", year=2025, gift_count=1, total_cents=100)
        for n in range(150)
    )
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))

    first = client.get("/admin/donations/giving-statements/").content.decode()
    second = client.get("/admin/donations/giving-statements/", {"p": "2"}).content.decode()

    assert "donor000@example.org" in first and "donor099@example.org" in first and "donor100@" not in first
    assert "donor100@example.org" in second and "donor149@example.org" in second and "donor000@" not in second
    assert "Page 2 of 2" in second and "This field is required" not in second


def test_an_editor_without_access_to_donations_cannot_download_statements(gifts):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert "Giving statements" not in client.get("/admin/").content.decode()
    response = client.get("/admin/donations/giving-statements/", {"email": "jane@example.org", "year": "2026"})
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"
