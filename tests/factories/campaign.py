"""Small builders for campaign pages: runners, tributes and images, added under existing pages."""

import io
import itertools

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.images.models import Image

from stories.models import MileDedication, RunnerStoryPage, TributePage, TributePhoto

_sequence = itertools.count(1)


def make_image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), (107, 44, 122)).save(buffer, format="JPEG")
    image = Image(title=title, file=ImageFile(buffer, name=f"test-{next(_sequence)}.jpg"))
    image.save()
    return image


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_runner(event, name, photo=None, **fields):
    slug = f"runner-{next(_sequence)}"
    page = RunnerStoryPage(title=f"{name}: why I run", slug=slug, runner_name=name, photo=photo, **fields)
    return publish_child(event, page)


def add_tribute(index, baby_name, listed=True, photo=None, **fields):
    slug = f"tribute-{next(_sequence)}"
    # The photo goes in with the page, so that the published revision holds it too, as in the demo content.
    photos = [TributePhoto(image=photo)] if photo is not None else []
    page = TributePage(title=baby_name, slug=slug, baby_name=baby_name, is_listed=listed, photos=photos, **fields)
    return publish_child(index, page)


def dedicate(event, mile, tribute, runner=None):
    return MileDedication.objects.create(event=event, mile=mile, tribute=tribute, runner=runner, sort_order=mile)


class DemoCampaignTestCase(TestCase):
    """The demo campaign loaded once per test class; each test runs in its own rolled-back transaction."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=io.StringIO())
