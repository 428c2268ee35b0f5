"""The photo matrix: only real, whole, reasonably sized JPEG/PNG/WebP photos, stored without EXIF."""

import importlib
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from stories.common.images import clean_photo
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
        ("bomb.png", png_declaring(20000, 20000), "more than 40 megapixels"),
        ("wide.png", png_declaring(8000, 6000), "more than 40 megapixels"),
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
