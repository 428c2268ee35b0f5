"""A family who shared a tribute and asked to be told hears of each gift made in their baby's name:
the giver's name and message unless anonymous, never the amount; after the gift is committed."""

import pytest
from bs4 import BeautifulSoup

from core.models import OrganisationSettings
from stories.models import TributePage, TributeSubmission
from tests.support.email import assert_branded, sent_mail
from tests.support.stripe import event, payment_intent, post_event, subscription_invoice
from tests.support.tributes import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_tribute(client, share_url, no_minimum_time):
    def share(**fields):
        assert client.post(share_url, form_data(**fields)).status_code == 302
        tribute = TributePage.objects.get(baby_name="Charlotte Grace")
        tribute.save_revision().publish()
        TributeSubmission.objects.filter(tribute=tribute).update(status="published")
        sent_mail().clear()
        return tribute

    return share


def give(client, tribute, django_capture_on_commit_callbacks, **donor):
    intent = payment_intent(page_id=tribute.pk, amount=7300, frequency="one_time", **donor)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event("payment_intent.succeeded", intent)).status_code == 200
    return [message for message in sent_mail() if "maria@example.org" in message.to]


def test_the_share_form_asks_and_says_yes_by_default(client, share_url):
    soup = BeautifulSoup(client.get(share_url).content, "html.parser")
    assert soup.find("input", attrs={"name": "notify_of_gifts"}).has_attr("checked")


def test_the_family_is_told_the_givers_name_and_message_never_the_amount(
    client, shared_tribute, django_capture_on_commit_callbacks
):
    tribute = shared_tribute(notify_of_gifts="on", remembrance="memory")
    [notice] = give(client, tribute, django_capture_on_commit_callbacks, donor_name="Ana Silva", message="With love")
    assert "Ana has just made a gift" in notice.body and "With love" in notice.body  # her shown (first) name
    assert "in memory of Charlotte Grace" in notice.body
    assert "Ana gave to the NEC Society" in notice.subject
    assert "73" not in notice.body and "73" not in notice.subject
    assert tribute.full_url in notice.body
    assert_branded(
        notice, "Ana has just made a gift", "in memory of Charlotte Grace", "With love", links=[tribute.full_url]
    )


def test_an_anonymous_giver_stays_anonymous_to_the_family(client, shared_tribute, django_capture_on_commit_callbacks):
    tribute = shared_tribute(notify_of_gifts="on")
    [notice] = give(
        client, tribute, django_capture_on_commit_callbacks, donor_name="Ana Silva", message="Hugs", anonymous="true"
    )
    assert "Ana" not in notice.body + notice.subject and "Hugs" not in notice.body
    assert "anonymous" in notice.body


def test_a_family_who_said_no_is_not_emailed(client, shared_tribute, django_capture_on_commit_callbacks):
    tribute = shared_tribute()  # the box left unticked
    assert give(client, tribute, django_capture_on_commit_callbacks, donor_name="Ana Silva") == []


def test_the_family_sees_the_name_shown_with_the_gift_never_the_receipt_name(
    client, shared_tribute, django_capture_on_commit_callbacks
):
    tribute = shared_tribute(notify_of_gifts="on")
    [notice] = give(
        client, tribute, django_capture_on_commit_callbacks, donor_name="Ana Beatriz Silva", display_name="The Silvas"
    )
    assert "The Silvas has just made a gift" in notice.body and notice.subject.startswith("The Silvas gave")
    assert "Ana Beatriz Silva" not in notice.body + notice.subject
    # How to stop them, plainly; a reply reaches the staff.
    assert "reply to this email and we will stop them" in notice.body
    assert notice.reply_to == [OrganisationSettings.load().contact_email]


def test_a_monthly_gift_is_told_at_its_first_payment_only(client, shared_tribute, django_capture_on_commit_callbacks):
    tribute = shared_tribute(notify_of_gifts="on")
    metadata = {"page_id": str(tribute.pk), "donor_name": "Ana Silva", "donor_email": "ana@example.org"}
    for month in (1, 2, 3):
        invoice = subscription_invoice(f"in_month{month}", "sub_family", 2000, f"pi_month{month}", metadata=metadata)
        with django_capture_on_commit_callbacks(execute=True):
            assert post_event(client, event("invoice.paid", invoice)).json()["outcome"] == "recorded"
    notices = [message for message in sent_mail() if "maria@example.org" in message.to]
    assert len(notices) == 1 and "Ana has just made a gift" in notices[0].body
