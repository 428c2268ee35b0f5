"""The campaign report in the admin: an event's gifts per day against the goal, by runner and designation,
one-time against monthly, new and failing monthly gifts, its CSV, who may open it, and its flat query count."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from donations.models import Donation, MonthlyPledge
from tests.factories.stories import RunnerStoryPageFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/campaign/"
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


def at(day, hour=10):
    return datetime.datetime(2026, 11, day, hour, tzinfo=PACIFIC)


@pytest.fixture
def campaign(campaign):
    event, (maya, ben) = campaign["event"], campaign["runners"]
    for page, cents, frequency, when in [
        (maya, 5_000, "one_time", at(2)),
        (maya, 2_620, "one_time", at(2, 23)),  # 23:00 in Sacramento is Nov 3rd in UTC: still Nov 2nd here
        (ben, 10_000, "monthly", at(4)),
        (event, 100_000, "one_time", at(5)),
        (ben, 99_900, "one_time", at(20)),  # after the dates asked for
    ]:
        Donation.objects.create(page=page, amount_cents=cents, frequency=frequency, received_at=when, donor_name="D")
    Donation.objects.create(page=maya, amount_cents=7_000, status="refunded", received_at=at(3), donor_name="R")
    MonthlyPledge.objects.create(
        stripe_subscription_id="sub_new", page=ben, amount_cents=10_000, donor_name="Nora New", started_at=at(4)
    )
    MonthlyPledge.objects.create(
        stripe_subscription_id="sub_failing",
        page=maya,
        amount_cents=2_500,
        donor_name="Fay Failing",
        started_at=at(1) - datetime.timedelta(days=60),
        failing_since=at(6),
        last_failure="Your card was declined.",
    )
    return campaign


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("comms", "comms@example.org", "pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_donation")
    )
    client.force_login(user)
    return client


def report(client, campaign, **params):
    return client.get(REPORT, {"event": campaign["event"].pk, "start": "2026-11-01", "end": "2026-11-10", **params})


def test_the_report_sums_the_events_gifts_per_day_by_runner_and_by_kind(staff_client, campaign):
    response = report(staff_client, campaign)
    assert response.status_code == 200
    html = response.content.decode()
    event, (maya, ben) = campaign["event"], campaign["runners"]
    # $1,176.20 in the dates, $2,175.20 in all of the $26,200 goal (8%); the refunded gift counts nowhere.
    assert "$1,176.20</strong> raised in these dates from 4 gifts" in html
    assert "$2,175.20</strong> in all of the $26,200 goal (8%)" in html
    assert 'role="img" aria-label="Raised per day and in total against the goal' in html
    assert html.count("<rect") == 3  # Nov 2nd, 4th and 5th
    for day, count, amount in [("Mon Nov 2", 2, "$76.20"), ("Wed Nov 4", 1, "$100"), ("Thu Nov 5", 1, "$1,000")]:
        assert f'<tr><th scope="row">{day}</th><td>{count}</td><td>{amount}</td></tr>' in html
    assert f">{ben.title}</a></th><td>1</td><td>$100</td><td>$1,000 (10%)</td>" in html
    assert f">{maya.title}</a></th><td>2</td><td>$76.20</td><td>$1,000 (8%)</td>" in html
    assert "The event's own page</a></th><td>1</td><td>$1,000</td>" in html.replace("&#x27;", "'")
    assert '<th scope="row">One-time</th><td>3</td><td>$1,076.20</td>' in html
    assert '<th scope="row">Monthly payments</th><td>1</td><td>$100</td>' in html
    assert "Nora New: $100 a month" in html and "Fay Failing: $25 a month" in html
    assert "Your card was declined." in html and event.title in html


def test_the_csv_holds_the_same_figures(staff_client, campaign):
    response = report(staff_client, campaign, export="csv")
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows[0] == ["Section", "Item", "Gifts", "Amount", "Goal"]
    assert ["Total in the dates", "2026-11-01 to 2026-11-10", "4", "1176.20", "26200.00"] in rows
    assert ["By day", "2026-11-02", "2", "76.20", ""] in rows
    assert ["One-time or monthly", "Monthly", "1", "100.00", ""] in rows
    assert [row[0] for row in rows].count("By designation") == 3
    assert any(row[0] == "Failing monthly gift" and row[1].startswith("Fay Failing") for row in rows)


def test_only_staff_who_may_see_donations_open_the_report(campaign, staff_client):
    client = Client()
    editor = get_user_model().objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert report(client, campaign).status_code in (302, 403)
    assert "Campaign report" not in client.get("/admin/").content.decode()
    assert "Campaign report" in staff_client.get("/admin/").content.decode()


def test_the_reports_query_count_is_flat_whatever_the_number_of_gifts_and_runners(staff_client, campaign):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert report(staff_client, campaign).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    event = campaign["event"]
    runners = [RunnerStoryPageFactory(parent=event, goal_cents=50_000) for _ in range(10)]
    Donation.objects.bulk_create(
        Donation(page=runners[n % 10], rollup_page=event, amount_cents=1_000 + n, received_at=at(1 + n % 9))
        for n in range(500)
    )
    assert queries() == before
