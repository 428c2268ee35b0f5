"""Prints what six 40-megapixel PNGs (under 1 MB together) cost a web worker sending the tribute form.

Each case runs in a fresh process, so its peak memory is its own:
  decode-each   every photo checked and cleaned one by one (what the form did before it had a pixel cap)
  form-valid    the whole form, otherwise valid, with the six photos (refused by the pixel cap)
  form-invalid  the same with one field wrong (photos are only decoded for an otherwise valid form)
  form-phone    the whole form with six 12-megapixel phone-sized PNGs (accepted, each decoded and cleaned)

Run: DJANGO_SETTINGS_MODULE=necsociety.settings.test .venv/bin/python scripts/bench_tribute_submission.py
"""

import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CASES = ["decode-each", "form-valid", "form-invalid", "form-phone"]


def make_pngs(folder):
    from PIL import Image

    for name, size in [("big", (7300, 5479)), ("phone", (4032, 3024))]:
        buffer = io.BytesIO()
        Image.new("RGB", size, (200, 120, 160)).save(buffer, "PNG", compress_level=9)
        (folder / f"{name}.png").write_bytes(buffer.getvalue())


def run_case(case, folder):
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.core import signing
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stories.common.images import clean_photo
    from stories.tributes.forms import FORM_STARTED_SALT, TributeSubmissionForm

    name = "phone" if case == "form-phone" else "big"
    data = (folder / f"{name}.png").read_bytes()
    uploads = [SimpleUploadedFile(f"{name}-{n}.png", data, "image/png") for n in range(6)]
    fields = {
        "baby_name": "Charlotte",
        "story": "A story.",
        "is_listed": "0",
        "submitter_name": "Maria",
        "submitter_email": "not an address" if case == "form-invalid" else "maria@example.org",
        "relationship": "Mother",
        "consent_guardian": "on",
        "consent_publication": "on",
        "started": signing.TimestampSigner(salt=FORM_STARTED_SALT).sign("shown"),
    }
    started = time.perf_counter()
    if case == "decode-each":
        outcome = f"{len([clean_photo(upload) for upload in uploads])} photos cleaned"
    else:
        from django.utils.datastructures import MultiValueDict

        form = TributeSubmissionForm(fields, MultiValueDict({"photos": uploads}))
        photo_errors = " ".join(form.errors.get("photos", ["(another field)"]))
        outcome = "accepted" if form.is_valid() else "refused: " + photo_errors
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{case:13} {elapsed:6.2f} s  peak RSS {peak:5.0f} MB  {len(data) * 6 / 1e6:.2f} MB sent  {outcome[:90]}")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        run_case(sys.argv[1], Path(sys.argv[2]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            make_pngs(Path(folder))
            for case in CASES:
                subprocess.run([sys.executable, __file__, case, folder], check=True)  # noqa: S603
