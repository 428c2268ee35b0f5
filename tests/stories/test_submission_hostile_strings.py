"""Whatever a submitter types, in every field and file name, reaches readers, editors and inboxes as text."""

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import WorkflowState

from stories.models import TributeSubmission
from tests.support.email import assert_branded, sent_mail
from tests.support.tributes import form_data, upload

pytestmark = pytest.mark.django_db

CORPUS = [
    '<script>alert("tribute")</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "' onmouseover='alert(1)' data-x='",
    "</textarea><svg onload=alert(2)>",
]


def assert_shown_as_text(html, payload):
    if any(c in payload for c in "<>\"'"):
        assert payload not in html
    assert 'href="javascript:' not in html and "href='javascript:" not in html
    assert "<script>alert(" not in html and "<img src=x" not in html and "<svg onload" not in html


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_superuser("morgan", "morgan@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_strings_are_text_on_public_page_admin_and_emails(
    client, share_url, no_minimum_time, moderator, payload
):
    fields = {name: payload for name in ["baby_name", "story", "family_message", "submitter_name", "relationship"]}
    email = '"' + payload.replace('"', "").replace(" ", "")[:40] + '"@example.org'  # a quoted local part
    photo = upload(f"{payload}.jpg")
    response = client.post(share_url, {**form_data(submitter_email=email, **fields), "photos": [photo]})
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = TributeSubmission.objects.get()
    tribute = submission.tribute

    # The family's private status page.
    status_page = client.get(response["Location"]).content.decode()
    assert escape(submission.baby_name) in status_page
    assert_shown_as_text(status_page, payload)

    # The moderators' side: dashboard, edit view with the submitter panel, the request-changes comment.
    client.force_login(moderator)
    for url in [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[tribute.pk]),
        reverse("tribute_submissions:index"),
        reverse("tribute_submissions:inspect", args=[submission.pk]),
    ]:
        html = client.get(url).content.decode()
        assert_shown_as_text(html, payload)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[tribute.pk])).content.decode()
    assert escape(payload) in edit  # submitter name, relationship and file name in the panel
    state = WorkflowState.objects.get(object_id=str(tribute.pk))
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[tribute.pk, "reject", state.current_task_state.pk]),
        {"comment": payload},
    )
    client.logout()
    status_page = client.get(response["Location"]).content.decode()
    assert escape(payload) in status_page
    assert_shown_as_text(status_page, payload)

    # Change request, shown to staff in the admin.
    client.post(response["Location"].split("?")[0] + "change/", {"message": payload})
    client.force_login(moderator)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[tribute.pk])).content.decode()
    assert_shown_as_text(edit, payload)

    # The public page, once published.
    tribute.refresh_from_db()
    tribute.save_revision().publish()
    client.logout()
    public = client.get(tribute.url).content.decode()
    assert escape(payload) in public
    assert_shown_as_text(public, payload)
    story_html = Template("{% load wagtailcore_tags %}{% include_block page.story %}").render(
        Context({"page": tribute})
    )
    assert escape(payload) in story_html
    assert_shown_as_text(story_html, payload)

    # Emails: the words arrive as typed in the plain-text part, and as text, never markup, in the HTML part.
    assert sent_mail()
    for message in sent_mail():
        assert "\n" not in message.subject
        # Wagtail's own notice of the review to the moderator too, in the same layout (its words, escaped).
        as_read = assert_branded(message)
        assert_shown_as_text(as_read.html, payload)
    # The confirmation goes to an address anyone can type: it carries none of the sender's words.
    family = [m for m in sent_mail() if m.to == [submission.submitter_email]]
    assert family and payload.strip() not in family[0].body and payload.strip() not in family[0].subject
