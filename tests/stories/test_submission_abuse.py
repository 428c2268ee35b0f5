"""The share form and the private link used the way an abuser would: repeated, oversized, aimed at others."""

import io
import time

import pytest
from PIL import Image

from stories.models import TributeSubmission
from tests.support.email import sent_mail
from tests.support.tributes import form_data, photo_bytes, upload

pytestmark = pytest.mark.django_db


def big_png(width, height):
    """A PNG of many pixels that weighs little: one colour compresses to almost nothing."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 160)).save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()


def test_invalid_sendings_count_in_an_hourly_allowance_of_their_own(client, share_url, no_minimum_time, settings):
    settings.TRIBUTE_SENDINGS_PER_HOUR = 6
    # A family correcting their form four times (no consent ticked), a photo each time, still gets through.
    for _ in range(4):
        response = client.post(share_url, {**form_data(consent_guardian=None), "photos": [upload()]})
        assert response.status_code == 400
    assert client.post(share_url, form_data()).status_code == 302
    # A script repeating it is stopped all the same, with the family's words kept.
    assert client.post(share_url, form_data(consent_guardian=None)).status_code == 400
    refused = client.post(share_url, form_data(baby_name="Seventh Try"))
    assert refused.status_code == 429
    assert "sent many times from your connection" in refused.content.decode()
    assert 'value="Seventh Try"' in refused.content.decode()
    assert TributeSubmission.objects.count() == 1


def test_photos_are_not_decoded_while_the_rest_of_the_form_is_invalid(client, share_url, no_minimum_time):
    # Its header is sound, its pixels are cut short: only decoding finds out.
    truncated = photo_bytes("PNG", size=(400, 300))[:-200]
    damaged = "could not be read: the file looks damaged"

    invalid_elsewhere = {**form_data(submitter_email="not an address"), "photos": [upload("cut.png", truncated)]}
    response = client.post(share_url, invalid_elsewhere)
    assert response.status_code == 400
    assert damaged not in response.content.decode()

    response = client.post(share_url, {**form_data(), "photos": [upload("cut.png", truncated)]})
    assert response.status_code == 400
    assert damaged in response.content.decode()


def test_one_submission_may_not_carry_more_pixels_than_the_cap(client, share_url, no_minimum_time, settings):
    settings.TRIBUTE_PHOTOS_MAX_PIXELS = 2_000_000
    photos = [upload(f"p{n}.png", big_png(1200, 1000), "image/png") for n in range(2)]  # 1.2 MP each
    response = client.post(share_url, {**form_data(), "photos": photos})
    assert response.status_code == 400
    assert "Together these photos have more than 2 megapixels" in response.content.decode()
    assert not TributeSubmission.objects.exists()


def test_two_40_megapixel_webp_bombs_are_refused_by_the_share_form_from_their_headers(
    client, share_url, no_minimum_time
):
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 5000), (200, 120, 160)).save(buffer, "WEBP", lossless=True)
    bombs = [upload(f"bomb{n}.webp", buffer.getvalue(), "image/webp") for n in range(2)]  # 1.5 KB each

    started = time.monotonic()
    response = client.post(share_url, {**form_data(), "photos": bombs})

    assert time.monotonic() - started < 1  # decoding and cleaning them took 5.9 s and a worker at 991 MB
    assert response.status_code == 400
    assert "“bomb0.webp” has more than 25 megapixels. Please choose a smaller photo." in response.content.decode()
    assert not TributeSubmission.objects.exists()


def test_a_body_larger_than_the_form_can_take_is_refused_before_it_is_read(client, share_url, settings):
    settings.PUBLIC_REQUEST_MAX_BYTES = 1000
    body = b"x" * 5000

    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST", share_url, body, content_type="multipart/form-data; boundary=xyz", **{"wsgi.input": Unreadable(body)}
    )
    assert response.status_code == 413
    assert "Too much to send at once" in response.content.decode()


def test_the_familys_confirmation_carries_none_of_the_senders_words(client, share_url, no_minimum_time):
    words = "Win a prize at http://phish.example now"
    client.post(
        share_url,
        form_data(baby_name=words, submitter_name=words, story=words, family_message=words, relationship=words),
    )
    family = next(m for m in sent_mail() if m.to == ["maria@example.org"])
    assert "phish" not in family.subject and "phish" not in family.body
    assert "/tributes/your-tribute/" in family.body


def test_a_private_link_accepts_a_few_change_requests_a_day(client, share_url, no_minimum_time, settings):
    response = client.post(share_url, form_data())
    link = response["Location"].removesuffix("?sent=1")
    sent_mail().clear()
    statuses = [client.post(link + "change/", {"message": f"Change number {n}"}).status_code for n in range(20)]
    limit = settings.TRIBUTE_CHANGE_REQUESTS_PER_DAY
    assert statuses == [302] * limit + [429] * (20 - limit)
    assert len(sent_mail()) == limit
    assert TributeSubmission.objects.get().change_requests.count() == limit
    refused = client.post(link + "change/", {"message": "Words kept for later"})
    assert "Words kept for later" in refused.content.decode()
    assert "already received several requests" in refused.content.decode()
