"""The family's tribute form as the tests fill it: photos made with Pillow, a filled-in form, the media
files it leaves."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stories.tributes.forms import FORM_STARTED_SALT


@pytest.fixture
def no_minimum_time(settings):
    """Most tests post at once; the timing rule has its own tests."""
    settings.TRIBUTE_FORM_MIN_SECONDS = 0


def photo_bytes(fmt="JPEG", size=(64, 48), exif_gps=False, colour=(200, 120, 160)):
    picture = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    options = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0132] = "2024:05:01 10:00:00"  # DateTime
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (38.0, 34.0, 51.0)
        gps[3] = "W"
        gps[4] = (121.0, 29.0, 40.0)
        options["exif"] = exif
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(name="charlotte.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else photo_bytes(), content_type=content_type)


def started_token():
    return signing.TimestampSigner(salt=FORM_STARTED_SALT).sign("shown")


def form_data(**overrides):
    data = {
        "baby_name": "Charlotte Grace",
        "remembrance": "memory",
        "story": "Charlotte was born at 26 weeks.\n\nShe loved the sound of her big brother's voice.",
        "family_message": "Thank you to the NICU nurses.",
        "is_listed": "0",
        "requested_event": "",
        "submitter_name": "Maria Lopez",
        "submitter_email": "maria@example.org",
        "relationship": "Mother",
        "consent_guardian": "on",
        "consent_publication": "on",
        "website": "",
        "started": started_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
