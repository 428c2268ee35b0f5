"""Milestones: the runner hears of their first gift and of 25, 50, 75 and 100% of their goal once each,
whatever order Stripe delivers the webhooks in and however often it repeats them."""

import pytest

from donations.models import Donation
from stories.models import RunnerMilestone, RunnerSignup
from stories.runners.flow import set_goal
from tests.support.email import assert_branded, sent_mail
from tests.support.runners import approved_signup, links_in, named_in
from tests.support.stripe import event as stripe_event
from tests.support.stripe import payment_intent, post_event

pytestmark = pytest.mark.django_db

ALL = {"First gift", "25% of the goal", "50% of the goal", "75% of the goal", "Goal reached"}


@pytest.fixture
def runner(client, join_url, moderator):
    """Maya, approved, with a $1,000 goal."""
    signup, _ = approved_signup(client, join_url, moderator)
    return signup.runner


def milestone_emails():
    return [m for m in sent_mail() if m.to == ["maya@example.org"] and "milestone" in m.subject.lower()]


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1], [1, 2, 0]], ids=["in order", "big first", "shuffled"])
def test_each_milestone_is_emailed_once_with_webhooks_reordered_and_replayed(client, runner, order):
    intents = [payment_intent(amount=cents, page_id=runner.pk) for cents in (10_000, 20_000, 70_000)]
    events = [stripe_event("payment_intent.succeeded", intent) for intent in intents]
    for n in order:
        assert post_event(client, events[n]).status_code == 200
    for evt in events:  # Stripe repeats each event...
        post_event(client, evt)
    for intent in intents:  # ...and the same payment may come under another event id
        post_event(client, stripe_event("payment_intent.succeeded", intent))

    kinds = list(RunnerMilestone.objects.filter(runner=runner).values_list("milestone", flat=True))
    assert sorted(kinds) == [0, 25, 50, 75, 100]
    names = named_in(milestone_emails())
    assert sorted(names) == sorted(ALL)  # each once, none twice
    assert "Milestone reached:" in client.get(runner.url).content.decode()
    assert "100% of Maya Okafor's goal" in client.get(runner.url).content.decode()


def test_the_first_gift_alone_sends_one_email_and_a_refund_undoes_nothing(client, runner):
    intent = payment_intent(amount=5_000, page_id=runner.pk)
    post_event(client, stripe_event("payment_intent.succeeded", intent))
    assert named_in(milestone_emails()) == ["First gift"]
    assert_branded(milestone_emails()[0], "Dear Maya Okafor,", "First gift", links=links_in(milestone_emails()[0]))
    charge = {
        "id": "ch_" + intent["id"][3:],
        "object": "charge",
        "amount": 5_000,
        "amount_refunded": 5_000,
        "refunded": True,
        "payment_intent": intent["id"],
        "created": intent["created"],
    }
    post_event(client, stripe_event("charge.refunded", charge))
    post_event(client, stripe_event("payment_intent.succeeded", payment_intent(amount=5_000, page_id=runner.pk)))
    assert named_in(milestone_emails()) == ["First gift"]
    assert RunnerMilestone.objects.filter(runner=runner).count() == 1


def test_gifts_to_other_pages_reach_no_runner_milestone(client, runner, event):
    post_event(client, stripe_event("payment_intent.succeeded", payment_intent(amount=500_000, page_id=event.pk)))
    post_event(client, stripe_event("payment_intent.succeeded", payment_intent(amount=500_000)))
    assert not RunnerMilestone.objects.exists()
    assert milestone_emails() == []


def test_lowering_the_goal_reaches_milestones_at_once(client, runner):
    post_event(client, stripe_event("payment_intent.succeeded", payment_intent(amount=30_000, page_id=runner.pk)))
    assert sorted(named_in(milestone_emails())) == ["25% of the goal", "First gift"]
    sent_mail().clear()
    set_goal(RunnerSignup.objects.get(), 30_000)
    assert sorted(named_in(milestone_emails())) == sorted(ALL - {"First gift", "25% of the goal"})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_gift_staff_record_outside_a_transaction_reaches_its_milestone(client, runner):
    # A cheque saved on its own (autocommit, as a script or a form without a transaction does).
    Donation.objects.create(page=runner, amount_cents=30_000, donor_name="Cheque Giver", source="cheque")
    assert set(RunnerMilestone.objects.filter(runner=runner).values_list("milestone", flat=True)) == {
        RunnerMilestone.Kind.FIRST_GIFT,
        RunnerMilestone.Kind.QUARTER,
    }


def test_raising_the_goal_forgets_the_milestones_it_no_longer_reaches_and_emails_new_ones(
    client, runner, django_capture_on_commit_callbacks
):
    post_event(client, stripe_event("payment_intent.succeeded", payment_intent(amount=100_000, page_id=runner.pk)))
    assert "100% of Maya Okafor's goal" in client.get(runner.url).content.decode()
    sent_mail().clear()
    with django_capture_on_commit_callbacks(execute=True):  # the new goal's commit refreshes the page's cache
        set_goal(RunnerSignup.objects.get(), 400_000)  # $1,000 of $4,000: 25%
    kinds = set(RunnerMilestone.objects.filter(runner=runner).values_list("milestone", flat=True))
    assert kinds == {RunnerMilestone.Kind.FIRST_GIFT, RunnerMilestone.Kind.QUARTER}
    html = client.get(runner.url).content.decode()
    assert "25% of Maya Okafor's goal" in html and "100%" not in html
    assert milestone_emails() == []
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, stripe_event("payment_intent.succeeded", payment_intent(amount=100_000, page_id=runner.pk)))
    assert named_in(milestone_emails()) == ["50% of the goal"]
    assert "50% of Maya Okafor's goal" in client.get(runner.url).content.decode()
