"""Checks and cleans the photos families upload with a tribute, and runners with their page.

Every photo is decoded in full (a truncated or disguised file fails here), then re-encoded from its
pixels alone, so no EXIF, GPS position, XMP or comment reaches storage or any rendition.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.crypto import get_random_string
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# What one photo may cost to decode and clean: a 25-megapixel photo (a 24-megapixel camera's, or a
# phone's at its largest) takes about 1.5 s and, as WebP, 260 MB while it is cleaned; 40 took 2 s and
# 410 MB. The header says how many pixels a file will decode to: it is read before any pixel is.
MAX_PHOTO_PIXELS = 25_000_000
# Pillow format name -> (stored extension, save options)
ALLOWED_FORMATS = {
    "JPEG": ("jpg", {"quality": 90}),
    "PNG": ("png", {"compress_level": 3}),
    "WEBP": ("webp", {"quality": 90, "method": 2}),
}


@dataclass
class CleanPhoto:
    original_name: str
    content: ContentFile
    width: int
    height: int


def too_many_pixels(name):
    return f"“{name}” has more than {MAX_PHOTO_PIXELS // 1_000_000} megapixels. Please choose a smaller photo."


def open_photo(upload):
    """Pillow's `Image.open` reads only the header; `formats` lets only the accepted formats' readers
    look at the file, so no other format's reader (GIF, TIFF, PSD, ...) ever parses a family's upload."""
    upload.seek(0)
    return Image.open(upload, formats=list(ALLOWED_FORMATS))


@contextmanager
def pillow_errors_as_messages(name):
    """Pillow's ways of refusing a file, as one sentence for the family each.

    A cut-short photo fails to decode: Pillow's `LOAD_TRUNCATED_IMAGES` stays off in this process
    (donations.statements turns it back off right after WeasyPrint turns it on).
    """
    try:
        yield
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(too_many_pixels(name)) from None
    except UnidentifiedImageError:
        raise ValidationError(f"“{name}” is not a JPEG, PNG or WebP photo.") from None
    except (OSError, SyntaxError, ValueError):
        # Pillow raises these for truncated or corrupt files.
        raise ValidationError(f"“{name}” could not be read: the file looks damaged or incomplete.") from None


def check_photo(upload):
    """Read only the file's header: refuse what is too big or not a photo, before any pixel is decoded.

    Returns the declared (width, height).
    """
    name = upload.name or "photo"
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(f"“{name}” is larger than 10 MB. Please choose a smaller photo.")
    with pillow_errors_as_messages(name), open_photo(upload) as probe:
        if probe.format not in ALLOWED_FORMATS:
            raise ValidationError(f"“{name}” is not a JPEG, PNG or WebP photo.")
        width, height = probe.size
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(too_many_pixels(name))
    return width, height


def clean_photo(upload, prefix="tribute"):
    """Return a CleanPhoto for an uploaded file, or raise ValidationError with a message for the family
    (or the runner: `prefix` starts the stored name)."""
    name = upload.name or "photo"
    check_photo(upload)
    with pillow_errors_as_messages(name), open_photo(upload) as probe:
        image_format = probe.format
        probe.load()
        upright = ImageOps.exif_transpose(probe)
        if upright.mode not in {"RGB", "RGBA", "L", "LA"}:
            upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
        if image_format == "JPEG" and upright.mode in {"RGBA", "LA"}:
            upright = upright.convert("RGB")
        icc_profile = probe.info.get("icc_profile")
        # exif_transpose and convert return new images; dropping their info leaves the pixels alone.
        pixels_only = upright if upright is not probe else probe.copy()
        pixels_only.info = {}

    extension, options = ALLOWED_FORMATS[image_format]
    if icc_profile:
        options = {**options, "icc_profile": icc_profile}  # colour only, no personal data
    buffer = io.BytesIO()
    pixels_only.save(buffer, image_format, **options)
    # A random stored name: the family's file name never reaches a URL or the file system.
    stored_name = f"{prefix}-{get_random_string(12).lower()}.{extension}"
    return CleanPhoto(
        original_name=name[:200],
        content=ContentFile(buffer.getvalue(), name=stored_name),
        width=pixels_only.width,
        height=pixels_only.height,
    )
