"""A family shares a tribute: it reaches the moderators as a draft, and bad input stores nothing."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from events.models import EventPage
from stories.models import TributePage, TributeSubmission
from tests.support.email import assert_branded, sent_mail
from tests.support.tributes import form_data, media_files, photo_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    # Counting stored files must not see another test run writing to the shared media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_counts():
    return (
        TributePage.objects.count(),
        TributeSubmission.objects.count(),
        get_image_model().objects.count(),
        len(media_files()),
        len(sent_mail()),
    )


def test_form_page_offers_every_field_and_starts_unlisted(client, share_url):
    response = client.get(share_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for name in ["baby_name", "story", "photos", "family_message", "requested_event", "submitter_name",
                 "submitter_email", "relationship", "consent_guardian", "consent_publication"]:  # fmt: skip
        assert f'name="{name}"' in html
    checked = BeautifulSoup(html, "html.parser").select('input[name="is_listed"][checked]')
    assert [radio["value"] for radio in checked] == ["0"]  # unlisted unless the family chooses otherwise
    # Only upcoming events can be asked for.
    assert "California International Marathon 2018" not in html
    assert EventPage.objects.filter(slug="cim-next").get().title in html


def test_submission_creates_a_draft_in_the_family_tribute_review_workflow(client, share_url, no_minimum_time):
    event = EventPage.objects.get(slug="cim-next")
    photos = [upload("one.jpg"), upload("two.png", photo_bytes("PNG"), "image/png")]
    response = client.post(share_url, {**form_data(requested_event=event.pk), "photos": photos})

    assert response.status_code == 302
    tribute = TributePage.objects.get(baby_name="Charlotte Grace")
    assert not tribute.live
    assert not tribute.is_listed
    assert tribute.get_parent().slug == "tributes"
    assert [block.block_type for block in tribute.story] == ["paragraph", "paragraph"]
    assert tribute.photos.count() == 2
    state = WorkflowState.objects.get(object_id=str(tribute.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Family tribute review"

    submission = tribute.submission
    assert submission.submitter_email == "maria@example.org"
    assert submission.requested_event == event
    assert submission.consent_guardian_at and submission.consent_publication_at
    assert submission.photo_names == ["one.jpg", "two.png"]

    family, staff = sent_mail()
    assert family.to == ["maria@example.org"]
    assert response["Location"].removesuffix("?sent=1") in family.body
    assert "Charlotte Grace" in staff.subject
    private_link = "http://localhost" + response["Location"].removesuffix("?sent=1")
    assert_branded(family, "Thank you for sharing your baby's story", links=[private_link])
    assert_branded(staff, "Charlotte Grace")
    # The draft is not public.
    assert client.get(tribute.url_path.removeprefix("/home")).status_code == 404


def test_confirmation_page_shows_the_state_and_private_link_is_not_indexed(client, share_url, no_minimum_time):
    response = client.post(share_url, form_data())
    status_page = client.get(response["Location"])
    assert status_page.status_code == 200
    assert b"We have received your tribute" in status_page.content
    assert b"Waiting for review" in status_page.content
    assert status_page["X-Robots-Tag"] == "noindex, nofollow"
    assert status_page["Referrer-Policy"] == "same-origin"


def test_story_paragraphs_are_kept_and_html_is_not_accepted(client, share_url, no_minimum_time):
    story = "First line\nsecond line\n\n<b>bold?</b> <a href='javascript:alert(1)'>x</a>"
    client.post(share_url, form_data(story=story))
    tribute = TributePage.objects.get(baby_name="Charlotte Grace")
    first, second = (block.value.source for block in tribute.story)
    assert first == "<p>First line<br/>second line</p>"
    assert "<b>" not in second and "&lt;b&gt;bold?&lt;/b&gt;" in second
    assert "<a " not in second


def test_extra_post_fields_are_ignored(client, share_url, no_minimum_time):
    other = TributePage.objects.live().filter(is_listed=False).first() or TributePage.objects.live().first()
    other_listed = other.is_listed
    extra = {
        "live": "on",
        "owner": "1",
        "is_listed": "0",
        "tribute-is_listed": "1",
        f"page-{other.pk}-is_listed": str(int(not other_listed)),
        "consent_guardian_at": "2001-01-01T00:00:00Z",
        "consent_publication_at": "2001-01-01T00:00:00Z",
        "status": "published",
        "link_key": "chosen",
        "show_amount_raised": "on",
        "slug": "chosen-slug",
    }
    response = client.post(share_url, form_data(**extra))
    assert response.status_code == 302
    tribute = TributePage.objects.get(baby_name="Charlotte Grace")
    assert not tribute.live
    assert tribute.owner is None
    assert not tribute.is_listed and not tribute.show_amount_raised
    assert tribute.slug != "chosen-slug"
    submission = tribute.submission
    assert submission.status == TributeSubmission.Status.PENDING
    assert submission.link_key != "chosen"
    assert submission.consent_guardian_at.year > 2001
    other.refresh_from_db()
    assert other.is_listed == other_listed


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_guardian": None}, "parent or guardian"),
        ({"consent_publication": None}, "agree to publication"),
        ({"submitter_email": "not-an-address"}, "valid email"),
        ({"baby_name": ""}, "This field is required"),
    ],
)
def test_invalid_submission_stores_nothing_even_with_valid_photos(
    client, share_url, no_minimum_time, overrides, message
):
    before = stored_counts()
    response = client.post(
        share_url, {**form_data(**overrides), "photos": [upload(), upload("b.webp", photo_bytes("WEBP"))]}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored_counts() == before


def test_one_bad_photo_refuses_the_whole_submission(client, share_url, no_minimum_time):
    before = stored_counts()
    photos = [upload("good.jpg"), upload("evil.jpg", b"<html><script>alert(1)</script></html>")]
    response = client.post(share_url, {**form_data(), "photos": photos})
    assert response.status_code == 400
    assert "is not a JPEG, PNG or WebP photo" in response.content.decode()
    assert stored_counts() == before


def test_more_than_six_photos_are_refused(client, share_url, no_minimum_time):
    before = stored_counts()
    response = client.post(share_url, {**form_data(), "photos": [upload(f"{i}.jpg") for i in range(7)]})
    assert response.status_code == 400
    assert "at most 6 photos" in response.content.decode()
    assert stored_counts() == before


def test_filled_honeypot_is_refused_with_a_message_and_stores_nothing(client, share_url, no_minimum_time):
    before = stored_counts()
    response = client.post(share_url, {**form_data(website="http://spam.example"), "photos": [upload()]})
    assert response.status_code == 400
    assert "meant to stay empty" in response.content.decode()
    assert stored_counts() == before


def test_form_sent_seconds_after_it_was_shown_is_refused_and_keeps_the_words(client, share_url):
    form_page = client.get(share_url)
    started = form_page.context["form"].initial["started"]
    before = stored_counts()
    event = EventPage.objects.get(slug="cim-next")
    data = form_data(started=started, story="Our words, kept for a second try.", is_listed="1")
    response = client.post(share_url, {**data, "requested_event": event.pk, "photos": [upload()]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "quicker than we expected" in html and "choose any photos again" in html
    assert "Our words, kept for a second try." in html
    # The family's choices are kept too: listed, and the mile they asked for.
    form = BeautifulSoup(html, "html.parser")
    assert [radio["value"] for radio in form.select('input[name="is_listed"][checked]')] == ["1"]
    assert form.select_one('select[name="requested_event"] option[selected]')["value"] == str(event.pk)
    assert stored_counts() == before


def test_form_without_a_valid_start_time_is_refused(client, share_url, no_minimum_time):
    before = stored_counts()
    response = client.post(share_url, form_data(started="forged:value"))
    assert response.status_code == 400
    assert "reload the page" in response.content.decode()
    assert stored_counts() == before


def test_fifth_submission_within_an_hour_from_one_address_gets_429(client, share_url, no_minimum_time):
    for number in range(4):
        assert client.post(share_url, form_data(baby_name=f"Baby {number}")).status_code == 302
    before = stored_counts()
    response = client.post(
        share_url, {**form_data(baby_name="Baby five", story="Words we must not lose."), "photos": [upload()]}
    )
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert "Words we must not lose." in response.content.decode()  # the family's story is kept
    assert stored_counts() == before
    # Another address is not affected.
    other = client.post(share_url, form_data(baby_name="Baby six"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def spam(**overrides):
    """A post the honeypot refuses: it counts against the address like a submission, and is quick."""
    return form_data(website="http://spam.example", **overrides)


def test_tribute_limit_counts_the_address_the_trusted_proxy_reports(client, share_url, no_minimum_time, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(4):
        # Through a different proxy each time: the address the proxy appended is the family's.
        client.post(share_url, spam(), REMOTE_ADDR=f"10.0.0.{n}", HTTP_X_FORWARDED_FOR="203.0.113.7")

    # A first entry written by the visitor is not believed.
    refused = client.post(
        share_url, form_data(), REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.50, 203.0.113.7"
    )
    another_family = client.post(share_url, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert (refused.status_code, another_family.status_code) == (429, 302)
    assert "try again in an hour" in refused.content.decode()


def test_without_a_trusted_proxy_the_tribute_limit_counts_the_connecting_address(client, share_url, no_minimum_time):
    for n in range(4):
        client.post(share_url, spam(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    again = client.post(share_url, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    another_address = client.post(share_url, form_data(), REMOTE_ADDR="10.0.0.9")

    assert (again.status_code, another_address.status_code) == (429, 302)


def test_tribute_submissions_are_counted_in_the_cache_every_worker_shares(client, share_url, no_minimum_time):
    for _ in range(4):
        client.post(share_url, spam())
    assert client.post(share_url, form_data()).status_code == 429

    # Another client of the default cache (another worker's) empties it: the allowance is back.
    caches.create_connection("default").clear()

    assert client.post(share_url, form_data()).status_code == 302


def test_form_sent_back_with_errors_lists_them_as_links_to_their_fields(client, share_url, no_minimum_time):
    response = client.post(share_url, form_data(baby_name="", consent_guardian=None))

    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('class="notice notice--error error-summary"')[1].split("</div>")[0]
    assert "autofocus" in summary and 'role="alert"' in summary
    assert '<a href="#id_baby_name">Your baby&#x27;s name: This field is required.</a>' in summary
    assert 'href="#id_consent_guardian">Please confirm you are the baby' in summary
    # Each field says it is invalid and is described by its message.
    assert 'aria-invalid="true" aria-describedby="id_baby_name_helptext id_baby_name_error" id="id_baby_name"' in html
    assert 'id="id_baby_name_error"' in html
