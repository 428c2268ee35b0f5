"""The photo matrix: only real, whole, reasonably sized JPEG/PNG/WebP photos, stored without EXIF."""

import functools
import importlib
import io
import json
import os
import struct
import subprocess
import sys
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from stories.common.images import clean_photo
from tests.support.servers import PROJECT
from tests.support.tributes import photo_bytes, upload


def png_declaring(width, height):
    """A tiny PNG whose header claims width x height: a pixel bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_photos_are_accepted(fmt, extension):
    photo = clean_photo(upload(f"baby.{extension}", photo_bytes(fmt)))
    assert photo.content.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(photo.content.read())).format == fmt


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", png_declaring(20000, 20000), "more than 25 megapixels"),
        ("wide.png", png_declaring(8000, 6000), "more than 25 megapixels"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a JPEG"),
        ("page.jpg", b"<!doctype html><html><script>alert(1)</script></html>", "not a JPEG"),
        ("cut.jpg", photo_bytes("JPEG", size=(400, 300))[:600], "damaged or incomplete"),
        ("old.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a JPEG"),
        ("empty.jpg", b"", "not a JPEG"),
    ],
)
def test_unsafe_or_broken_files_are_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(name, content))
    assert message in refused.value.messages[0]
    assert name in refused.value.messages[0]


def test_a_photo_over_10_mb_is_refused_before_it_is_read():
    big = upload("big.jpg", b"\xff\xd8" + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        clean_photo(big)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_location_and_camera_data_are_stripped(fmt):
    original = photo_bytes(fmt, exif_gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo does carry GPS
    cleaned = Image.open(io.BytesIO(clean_photo(upload("gps.jpg", original)).content.read()))
    assert dict(cleaned.getexif()) == {}
    assert "exif" not in cleaned.info
    assert "xmp" not in cleaned.info


def test_xmp_packet_is_stripped_and_rotation_is_applied():
    picture = Image.new("RGB", (60, 40), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the phone was held upright
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>38,34.85N</exif:GPSLatitude></x:xmpmeta>'
    picture.save(buffer, "JPEG", exif=exif, xmp=xmp)
    assert b"GPSLatitude" in buffer.getvalue()
    cleaned = clean_photo(upload("upright.jpg", buffer.getvalue())).content.read()
    assert b"GPSLatitude" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).size == (40, 60)


@pytest.mark.django_db
def test_stored_original_and_every_rendition_carry_no_exif(client, share_url, no_minimum_time):
    from wagtail.images import get_image_model

    from tests.support.tributes import form_data

    photo = upload("gps.jpg", photo_bytes("JPEG", size=(800, 600), exif_gps=True))
    response = client.post(share_url, {**form_data(), "photos": [photo]})
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Photo of Charlotte Grace")
    with image.open_file() as stored:
        assert dict(Image.open(stored).getexif()) == {}
    for spec in ["fill-1200x630", "width-800", "max-400x400|format-webp"]:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as rendered:
            rendered_image = Image.open(rendered)
            assert dict(rendered_image.getexif()) == {}
            assert "exif" not in rendered_image.info


def test_a_cut_short_photo_is_refused_even_where_the_process_tolerates_them():
    # WeasyPrint, imported for the giving statements, makes every Pillow in the process tolerant;
    # donations.statements turns that off again at once.
    importlib.import_module("donations.statements")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    truncated = photo_bytes("PNG", size=(400, 300))[:-200]
    with pytest.raises(ValidationError, match="looks damaged or incomplete"):
        clean_photo(upload("cut.png", truncated))


@functools.cache
def webp_bomb():
    """40 megapixels of one colour, lossless WebP: a file of about 1.5 KB that decodes to 160 MB of pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 5000), "#b04a5a").save(buffer, "WEBP", lossless=True)
    return buffer.getvalue()


# Run in a process of its own, so that its peak memory is the photo check's and nothing else's.
MEASURE_CHECK = """
import json, resource, sys, time
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from stories.common.images import clean_photo
upload = SimpleUploadedFile("bomb.webp", open(sys.argv[1], "rb").read(), content_type="image/webp")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    clean_photo(upload)
    message = "accepted"
except ValidationError as refused:
    message = refused.messages[0]
seconds = time.monotonic() - started
grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"message": message, "seconds": seconds, "grew_mb": grew_mb}))
"""


def test_a_40_megapixel_lossless_webp_of_a_few_bytes_is_refused_from_its_header_fast_and_small(tmp_path):
    bomb = tmp_path / "bomb.webp"
    bomb.write_bytes(webp_bomb())
    assert bomb.stat().st_size < 4096

    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE_CHECK, str(bomb)],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "necsociety.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])

    assert measured["message"] == "“bomb.webp” has more than 25 megapixels. Please choose a smaller photo."
    assert measured["seconds"] < 1, measured
    assert measured["grew_mb"] < 100, measured


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_every_accepted_format_is_refused_over_the_cap_from_its_header(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (5001, 5000), "white").save(buffer, fmt)  # 25.005 megapixels
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(f"big.{fmt.lower()}", buffer.getvalue()))
    assert "more than 25 megapixels" in refused.value.messages[0]
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(
    ("fmt", "extension"), [("GIF", "gif"), ("TIFF", "tif"), ("BMP", "bmp"), ("ICO", "ico"), ("PPM", "ppm")]
)
def test_other_formats_pillow_reads_are_refused_without_their_reader_parsing_them(fmt, extension):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buffer, fmt)
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(f"picture.{extension}", buffer.getvalue()))
    assert "is not a JPEG, PNG or WebP photo" in refused.value.messages[0]
