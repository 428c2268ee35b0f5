"""'Email me my link': the same answer for any address, a link only to a monthly donor, rate-limited."""

import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from donations.donor_links import pledge_for_token
from donations.models import MonthlyPledge
from tests.support.email import assert_branded, run_email_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ANSWER = "If this address gives monthly, we have emailed it a private link"


@pytest.fixture
def pledges(campaign):
    runner = campaign["runner"]
    return [
        MonthlyPledge.objects.create(
            stripe_subscription_id="sub_a",
            amount_cents=5000,
            page=runner,
            donor_name="Jane",
            donor_email="jane@example.org",
        ),
        MonthlyPledge.objects.create(
            stripe_subscription_id="sub_b", amount_cents=2620, donor_name="Jane", donor_email="Jane@Example.org"
        ),
        MonthlyPledge.objects.create(
            stripe_subscription_id="sub_ended",
            amount_cents=1000,
            donor_email="jane@example.org",
            ended_at="2026-01-01T00:00:00Z",
        ),
        MonthlyPledge.objects.create(
            stripe_subscription_id="sub_other", amount_cents=9900, donor_name="Other", donor_email="other@example.org"
        ),
    ]


def test_known_and_unknown_addresses_get_the_same_answer_and_only_a_donor_gets_mail(client, pledges):
    known = client.post("/donations/monthly/", {"email": "JANE@example.org"})
    unknown = client.post("/donations/monthly/", {"email": "stranger@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert ANSWER in known.content.decode()
    assert known.content.decode() == unknown.content.decode().replace("stranger@example.org", "JANE@example.org")
    run_email_worker()
    [email] = mail.outbox
    assert email.to == ["jane@example.org"]
    tokens = re.findall(r"/donations/monthly/([^/\s]+)/", email.body)
    opened = {pledge_for_token(token).stripe_subscription_id for token in tokens}
    assert opened == {"sub_a", "sub_b"}  # her open gifts; not the ended one, not another donor's
    assert "$50 a month for Runner0 Name" in email.body and "$26.20 a month for General fund" in email.body
    links = [f"/donations/monthly/{token}/" for token in tokens]
    as_read = assert_branded(email, "$50 a month for Runner0 Name", "$26.20 a month for General fund")
    assert all(any(link in href for href in as_read.links) for link in links)


def queued_jobs():
    """What the requests left for the email worker: task, queue, priority, status, and arguments."""
    return [
        (job.task_path, job.queue_name, job.priority, job.status, job.args_kwargs)
        for job in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_a_known_and_an_unknown_address_queue_the_same_job_which_sends_only_to_the_donor(client, pledges):
    """Constant work: the request never looks the address up; the job does, in the worker."""
    DBTaskResult.objects.all().delete()
    known = client.post("/donations/monthly/", {"email": "jane@example.org"})
    unknown = client.post("/donations/monthly/", {"email": "stranger@example.org"})

    assert known.content.decode() == unknown.content.decode().replace("stranger@example.org", "jane@example.org")
    [for_known, for_unknown] = queued_jobs()
    assert for_known[:4] == for_unknown[:4]
    assert for_known[4] == {"args": ["jane@example.org"], "kwargs": {}}
    assert for_unknown[4] == {"args": ["stranger@example.org"], "kwargs": {}}
    run_email_worker()
    assert [email.to for email in mail.outbox] == [["jane@example.org"]]


def test_the_link_form_is_rate_limited_per_connection_and_per_address(client, pledges, settings):
    settings.MONTHLY_GIFT_LINK_REQUESTS_PER_HOUR = 4
    for _ in range(4):
        assert client.post("/donations/monthly/", {"email": "jane@example.org"}).status_code == 200
    refused = client.post("/donations/monthly/", {"email": "jane@example.org"})
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    run_email_worker()
    assert len(mail.outbox) == 3  # nobody's inbox is flooded: 3 an hour per address


def test_a_malformed_address_gets_a_clear_message(client, pledges):
    response = client.post("/donations/monthly/", {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    run_email_worker()
    assert mail.outbox == []


def test_a_bad_link_page_offers_a_new_link(client):
    response = client.get("/donations/monthly/garbage/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "This link does not work" in body and "Email me my link" in body
    assert response["Cache-Control"] == "private, no-store"
