"""The family's private link: see the state, ask for a change, withdraw; forged or old links refused."""

import base64
import re
import time

import pytest
from django.conf import settings
from django.core import signing
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision, WorkflowState
from wagtail.search.models import IndexEntry

from events.models import EventPage
from stories.models import MileDedication, TributePage, TributeSubmission
from stories.tributes import flow as submissions
from tests.support.email import assert_branded, sent_mail
from tests.support.tributes import form_data, media_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, share_url, no_minimum_time):
    response = client.post(share_url, {**form_data(), "photos": [upload("a.jpg"), upload("b.jpg")]})
    sent_mail().clear()
    return TributeSubmission.objects.get(), response["Location"].removesuffix("?sent=1")


def test_status_page_shows_the_state_without_the_submitters_details(client, submitted):
    submission, link = submitted
    page = client.get(link).content.decode()
    assert "Your tribute for Charlotte Grace" in page
    assert "Waiting for review" in page
    assert "maria@example.org" not in page


def test_family_can_ask_for_a_change_and_the_staff_are_told(client, submitted):
    submission, link = submitted
    response = client.post(link + "change/", {"message": "Please spell it Charlotte Grâce."})
    assert response.status_code == 302
    assert "asked=1" in response["Location"]
    assert submission.change_requests.get().message == "Please spell it Charlotte Grâce."
    (staff,) = sent_mail()
    assert "Please spell it Charlotte Grâce." in staff.body
    assert staff.to == ["hello@necsociety.org"]
    assert_branded(staff, "Please spell it Charlotte Grâce.")


def test_empty_change_request_is_refused(client, submitted):
    submission, link = submitted
    response = client.post(link + "change/", {"message": "  "})
    assert response.status_code == 400
    assert not submission.change_requests.exists()
    # The page shown at .../change/ still leads somewhere: its form and withdraw link are not relative.
    page = response.content.decode()
    change_action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    withdraw_href = re.search(r'href="([^"]+)">Withdraw the tribute', page).group(1)
    assert client.get(withdraw_href).status_code == 200
    assert client.post(change_action, {"message": "Please fix a spelling."}).status_code == 302
    assert submission.change_requests.get().message == "Please fix a spelling."


def test_withdrawal_asks_for_confirmation_first(client, submitted):
    submission, link = submitted
    confirm = client.get(link + "withdraw/")
    assert b"This cannot be undone" in confirm.content
    assert client.post(link + "withdraw/", {}).status_code == 200
    assert TributePage.objects.filter(pk=submission.tribute_id).exists()


def test_withdrawal_removes_page_revisions_photos_renditions_and_search_entries(
    client, submitted, django_capture_on_commit_callbacks
):
    submission, link = submitted
    tribute = submission.tribute
    tribute.save_revision().publish()
    sent_mail().clear()
    public_url = tribute.url
    assert client.get(public_url).status_code == 200
    image_ids = list(tribute.photos.values_list("image_id", flat=True))
    files = []
    for image in get_image_model().objects.filter(pk__in=image_ids):
        files += [image.file.name, image.get_rendition("fill-300x200").file.name]
    assert len(files) == 4 and set(files) <= set(media_files())
    assert IndexEntry.objects.filter(object_id=str(tribute.pk)).exists()
    event = EventPage.objects.get(slug="cim-next")
    MileDedication.objects.create(event=event, mile=7, tribute=tribute)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "withdraw/", {"confirm": "yes"})

    assert response.status_code == 302
    assert not TributePage.objects.filter(pk=tribute.pk).exists()
    assert not Revision.objects.filter(
        object_id=str(tribute.pk), base_content_type=tribute.get_base_content_type()
    ).exists()
    assert not WorkflowState.objects.filter(object_id=str(tribute.pk)).exists()
    assert not PageLogEntry.objects.filter(page_id=tribute.pk).exists()
    assert not get_image_model().objects.filter(pk__in=image_ids).exists()
    assert not set(files) & set(media_files())
    assert not IndexEntry.objects.filter(object_id=str(tribute.pk), content_type__model="tributepage").exists()

    assert not event.miles.exists()  # the mile is free for another family

    gone = client.get(public_url)
    assert gone.status_code == 410
    assert b"This tribute has been withdrawn" in gone.content
    submission.refresh_from_db()
    assert submission.status == TributeSubmission.Status.WITHDRAWN
    status_page = client.get(link).content.decode()
    assert "You withdrew this tribute" in status_page
    assert "Withdraw the tribute…" not in status_page
    assert "withdrew the tribute" in sent_mail()[0].body
    assert_branded(sent_mail()[0], "withdrew the tribute")


def test_other_missing_pages_still_answer_404(client, tribute_site):
    assert client.get("/tributes/never-existed/").status_code == 404


def test_withdrawn_paths_are_looked_up_only_for_missing_pages(client, tribute_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as found:
        assert client.get("/tributes/").status_code == 200
    assert not [q for q in found.captured_queries if "withdrawntribute" in q["sql"]]
    with CaptureQueriesContext(connection) as missing:
        assert client.get("/tributes/never-existed/").status_code == 404
    assert [q for q in missing.captured_queries if "withdrawntribute" in q["sql"]]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
    ],
)
def test_forged_or_altered_link_is_refused(client, submitted, tribute_index, mangle):
    submission, link = submitted
    token = submissions.make_token(submission)
    bad = tribute_index.url + tribute_index.reverse_subpage("tribute_status", args=[mangle(token)])
    response = client.get(bad)
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    assert client.post(bad + "withdraw/", {"confirm": "yes"}).status_code == 404
    assert TributePage.objects.filter(pk=submission.tribute_id).exists()


def test_link_signed_with_another_key_is_refused(client, submitted, tribute_index):
    submission, _ = submitted
    signed = signing.dumps({"s": submission.pk, "k": submission.link_key}, key="another", salt=submissions.LINK_SALT)
    token = base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")
    response = client.get(tribute_index.url + tribute_index.reverse_subpage("tribute_status", args=[token]))
    assert response.status_code == 404


def test_expired_link_is_refused(client, submitted, tribute_index):
    submission, _ = submitted

    class LastYearSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 400 * 24 * 60 * 60)

    signed = LastYearSigner(key=settings.SECRET_KEY, salt=submissions.LINK_SALT).sign_object(
        {"s": submission.pk, "k": submission.link_key}, compress=False
    )
    token = base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")
    assert submissions.submission_for_token(token) is None
    expired = tribute_index.url + tribute_index.reverse_subpage("tribute_status", args=[token])
    response = client.get(expired)
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    # An old link can no longer withdraw the tribute either.
    assert client.post(expired + "withdraw/", {"confirm": "yes"}).status_code == 404
    assert TributePage.objects.filter(pk=submission.tribute_id).exists()


def test_fresh_link_with_the_same_data_opens_the_status_page(client, submitted, tribute_index):
    submission, _ = submitted
    token = submissions.make_token(submission)
    response = client.get(tribute_index.url + tribute_index.reverse_subpage("tribute_status", args=[token]))
    assert response.status_code == 200
