"""The staff's side: moderators approve, ask for changes or decline; the family hears each time."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState

from events.models import EventPage
from stories.models import MileDedication, TributeSubmission
from tests.support.email import assert_branded, sent_mail
from tests.support.tributes import form_data, photo_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("eddie", "eddie@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def submission(client, share_url, no_minimum_time):
    event = EventPage.objects.get(slug="cim-next")
    client.post(share_url, form_data(requested_event=event.pk))
    sent_mail().clear()
    return TributeSubmission.objects.get()


def act(client, user, submission, action, comment=""):
    client.force_login(user)
    state = WorkflowState.objects.get(object_id=str(submission.tribute_id), status="in_progress")
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[submission.tribute_id, action, state.current_task_state.pk]
    )
    return client.post(url, {"comment": comment})


def test_moderator_approval_publishes_and_emails_the_link_and_share_links(client, moderator, submission):
    response = act(client, moderator, submission, "approve")
    assert response.status_code == 302
    submission.refresh_from_db()
    tribute = submission.tribute
    assert tribute.live
    assert submission.status == TributeSubmission.Status.PUBLISHED
    client.logout()
    assert client.get(tribute.url).status_code == 200
    (email,) = sent_mail()
    assert email.to == ["maria@example.org"]
    assert tribute.full_url in email.body
    assert "facebook.com/sharer" in email.body and "x.com/intent/post" in email.body
    as_read = assert_branded(email, "Dear ", links=[tribute.full_url])
    assert any("facebook.com/sharer" in link for link in as_read.links)


def test_the_familys_email_and_the_published_page_offer_the_same_share_links(client, moderator, submission):
    act(client, moderator, submission, "approve")
    client.logout()
    submission.refresh_from_db()

    page = BeautifulSoup(client.get(submission.tribute.url).content, "html.parser")
    on_page = {a.find(string=True, recursive=False).strip(): a["href"] for a in page.select(".share a")}
    (email,) = sent_mail()

    assert on_page["X"].startswith("https://x.com/intent/post?")
    for label in ("Email", "Facebook", "X", "WhatsApp"):
        assert f"{label}: {on_page[label]}\n" in email.body


def test_approval_publishes_the_photos_the_family_sent(client, moderator, share_url, no_minimum_time):
    # Approval publishes the submitted revision: the photos must be in it, or publishing drops them.
    photos = [upload("one.jpg"), upload("two.png", photo_bytes("PNG"), "image/png")]
    client.post(share_url, {**form_data(), "photos": photos})
    submission = TributeSubmission.objects.get()
    act(client, moderator, submission, "approve")
    submission.refresh_from_db()
    assert submission.tribute.live
    assert submission.tribute.photos.count() == 2
    client.logout()
    assert client.get(submission.tribute.url).content.decode().count('<figure class="figure">') == 2


def test_request_changes_emails_the_family_the_comment_and_their_link(client, moderator, submission):
    act(client, moderator, submission, "reject", "Could you tell us the month Charlotte was born?")
    submission.refresh_from_db()
    assert submission.status == TributeSubmission.Status.CHANGES_REQUESTED
    assert not submission.tribute.live
    (email,) = sent_mail()
    assert "Could you tell us the month Charlotte was born?" in email.body
    assert "/tributes/your-tribute/" in email.body
    as_read = assert_branded(email, "Could you tell us the month Charlotte was born?")
    assert any("/tributes/your-tribute/" in link for link in as_read.links)
    client.logout()
    link = email.body.split("http://", 1)[1].split()[0]
    status_page = client.get("http://" + link)
    assert "Could you tell us the month Charlotte was born?" in status_page.content.decode()


def test_resubmitting_after_changes_shows_waiting_again(client, moderator, submission):
    act(client, moderator, submission, "reject", "Which hospital?")
    state = WorkflowState.objects.get(object_id=str(submission.tribute_id))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    state.resume(user=moderator)
    submission.refresh_from_db()
    assert submission.status == TributeSubmission.Status.PENDING


def test_decline_cancels_the_review_and_tells_the_family(client, moderator, submission):
    act(client, moderator, submission, "decline", "We cannot publish photos of other families' children.")
    submission.refresh_from_db()
    assert submission.status == TributeSubmission.Status.DECLINED
    assert not submission.tribute.live
    assert not WorkflowState.objects.filter(object_id=str(submission.tribute_id), status="in_progress").exists()
    (email,) = sent_mail()
    assert "We cannot publish photos of other families' children." in email.body
    assert_branded(email, "We cannot publish photos of other families' children.")


def assert_denied(response):
    # Wagtail answers a view the user may not use by sending them to the dashboard with a message.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_editors_cannot_approve_a_family_tribute(client, editor, submission):
    response = act(client, editor, submission, "approve")
    assert_denied(response)
    submission.refresh_from_db()
    assert not submission.tribute.live
    assert submission.status == TributeSubmission.Status.PENDING


def test_admin_edit_view_shows_submitter_contact_and_consents(client, moderator, submission):
    client.force_login(moderator)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[submission.tribute_id])).content.decode()
    assert "Sent by the family (admin only)" in page
    assert "Maria Lopez" in page and "maria@example.org" in page and "Mother" in page
    assert "Parent or guardian, or has their permission: given" in page
    assert "California International Marathon next" in page


def test_submitter_details_never_reach_the_public_page(client, moderator, submission):
    act(client, moderator, submission, "approve")
    client.logout()
    submission.refresh_from_db()
    public = client.get(submission.tribute.url).content.decode()
    assert "maria@example.org" not in public and "Maria Lopez" not in public


def test_requested_mile_appears_as_pending_on_the_events_admin_page_until_dedicated(client, moderator, submission):
    client.force_login(moderator)
    event = EventPage.objects.get(slug="cim-next")
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    page = client.get(edit_url).content.decode()
    assert "Miles requested by families (pending)" in page
    assert "Charlotte Grace" in page
    other_event = EventPage.objects.get(slug="cim-2018")
    assert (
        "Charlotte Grace" not in client.get(reverse("wagtailadmin_pages:edit", args=[other_event.pk])).content.decode()
    )

    MileDedication.objects.create(event=event, mile=5, tribute=submission.tribute)
    page = client.get(edit_url).content.decode()
    assert "No pending requests from families." in page


def test_moderators_see_submissions_in_a_read_only_admin_list(client, moderator, editor, submission):
    client.force_login(moderator)
    listing = client.get(reverse("tribute_submissions:index"))
    assert listing.status_code == 200
    assert "maria@example.org" in listing.content.decode()
    inspect = client.get(reverse("tribute_submissions:inspect", args=[submission.pk])).content.decode()
    assert "Mother" in inspect and "Consent guardian at" in inspect
    assert_denied(client.get(reverse("tribute_submissions:add")))
    assert_denied(client.get(reverse("tribute_submissions:edit", args=[submission.pk])))
    client.force_login(editor)
    assert_denied(client.get(reverse("tribute_submissions:index")))
