"""Gifts to one runner recorded at the same moment (their own connections, on PostgreSQL): the milestone
their sum reaches is recorded and emailed once, never missed because each saw only its own gift."""

import json

import pytest
from django.utils import timezone

from stories.models import RunnerMilestone, RunnerSignup
from tests.donations.test_concurrency import deliver_concurrently
from tests.support.email import sent_mail
from tests.support.runners import named_in
from tests.support.sites import build_campaign
from tests.support.stripe import event, payment_intent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_simultaneous_gifts_reach_the_milestone_of_their_sum_once():
    runner = build_campaign(runner_count=1)["runner"]  # a $1,000 goal
    RunnerSignup.objects.create(
        runner=runner,
        runner_name=runner.runner_name,
        email="runner@example.org",
        why_i_run="For the babies.",
        consent_publication_at=timezone.now(),
    )
    # Twenty gifts of $30: together $600, so 50% is reached only by counting the others' gifts too.
    payloads = [
        json.dumps(event("payment_intent.succeeded", payment_intent(amount=3_000, page_id=runner.pk))).encode()
        for _ in range(20)
    ]
    statuses = deliver_concurrently(payloads)
    assert statuses == [200] * 20
    kinds = sorted(RunnerMilestone.objects.filter(runner=runner).values_list("milestone", flat=True))
    assert kinds == [0, 25, 50]
    # Each milestone named in exactly one queued email to the runner, whichever gift reached it.
    emails = [m for m in sent_mail() if m.to == ["runner@example.org"] and "milestone" in m.subject.lower()]
    assert sorted(named_in(emails)) == ["25% of the goal", "50% of the goal", "First gift"]
