"""Prints how long checking and cleaning a family's photo takes, and the process's peak memory.

Run: DJANGO_SETTINGS_MODULE=necsociety.settings.test .venv/bin/python scripts/bench_tribute_photos.py
"""

import io
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from stories.common.images import clean_photo  # noqa: E402


def phone_photo(fmt, size):
    # A smooth gradient with a little grain compresses like a real photo.
    grain = Image.effect_noise(size, 12)
    gradient = Image.linear_gradient("L").resize(size)
    picture = Image.merge("RGB", (gradient, grain, Image.radial_gradient("L").resize(size)))
    buffer = io.BytesIO()
    picture.save(buffer, fmt, quality=85)
    return buffer.getvalue()


for fmt, size in [("JPEG", (4032, 3024)), ("JPEG", (7000, 5700)), ("PNG", (2000, 1500)), ("WEBP", (4032, 3024))]:
    data = phone_photo(fmt, size)
    upload = SimpleUploadedFile(f"photo.{fmt.lower()}", data)
    started = time.perf_counter()
    cleaned = clean_photo(upload)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(
        f"{fmt:4} {size[0]}x{size[1]} ({size[0] * size[1] / 1e6:.1f} MP, {len(data) / 1e6:.1f} MB in, "
        f"{cleaned.content.size / 1e6:.1f} MB stored): {elapsed * 1000:.0f} ms, process peak RSS so far {peak:.0f} MB"
    )
