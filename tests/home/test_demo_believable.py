"""The demo campaign reads as a real one: each runner, family and outlet says something of its own, every
picture is its own illustration (a valid image of the size its page shows), and the gifts came in before the race."""

import datetime
import hashlib
import io
import re
from collections import defaultdict

from bs4 import BeautifulSoup
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images.models import Image

from donations.models import Donation
from events.models import EventPage
from home.demo import illustrations
from stories.models import PressCoveragePage, RunnerStoryPage, TributePage
from tests.support.databases import DemoCampaignTestCase


def sentences(text, names):
    """The page's sentences of some length, with the page's own names taken out (so "I'm Maya, I run because..."
    and "I'm Tom, I run because..." count as the same sentence)."""
    for name in names:
        text = text.replace(name, "NAME")
    return {s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if len(s.strip()) > 25}


class DemoWordsTests(DemoCampaignTestCase):
    def body(self, page, selectors):
        response = self.client.get(page.url)
        assert response.status_code == 200, page.url
        html = BeautifulSoup(response.content, "html.parser")
        parts = [element.get_text(" ", strip=True) for selector in selectors for element in html.select(selector)]
        assert parts, f"{page.url} shows nothing for {selectors}"
        return " ".join(parts)

    def assert_no_sentence_shared(self, pages, selectors, names):
        seen = defaultdict(list)
        for page in pages:
            for sentence in sentences(self.body(page, selectors), names(page)):
                seen[sentence].append(page.slug)
        shared = {sentence: slugs for sentence, slugs in seen.items() if len(slugs) > 1}
        assert not shared, shared

    def test_no_two_runners_tell_the_same_story(self):
        runners = RunnerStoryPage.objects.live()
        assert runners.count() == 8
        self.assert_no_sentence_shared(
            runners, [".stream"], lambda page: [page.runner_name, page.runner_name.split()[0]]
        )
        assert len({runner.summary for runner in runners}) == 8

    def test_no_two_families_tell_the_same_story(self):
        tributes = TributePage.objects.live()
        assert tributes.count() == 26
        self.assert_no_sentence_shared(
            tributes,
            [".stream", ".family-message blockquote"],
            lambda page: [page.baby_name, page.baby_name.split()[0]],
        )
        assert len({tribute.summary for tribute in tributes}) == 26

    def test_no_two_press_items_give_the_same_angle(self):
        press = PressCoveragePage.objects.live()
        self.assert_no_sentence_shared(press, [".lead"], lambda page: [page.outlet])

    def test_a_familys_words_match_whether_their_baby_came_home(self):
        for tribute in TributePage.objects.live():
            text = " ".join(str(block.value) for block in tribute.story).lower()
            if tribute.in_memory:
                assert "died" in text or "took" in text or "lived for" in text, tribute.slug
            else:
                assert "died" not in text and "died" not in tribute.summary.lower(), tribute.slug


class DemoPicturesTests(DemoCampaignTestCase):
    EXPECTED_SIZES = {"runner": (800, 800), "tribute": (800, 800), "press": (1200, 630), "hero": (1600, 700)}

    def demo_images(self):
        """Every picture a demo page shows, by the kind of page it is on."""
        images = defaultdict(list)
        for runner in RunnerStoryPage.objects.live().select_related("photo"):
            images["runner"].append(runner.photo)
        for tribute in TributePage.objects.live():
            images["tribute"].extend(photo.image for photo in tribute.photos.all())
        for item in PressCoveragePage.objects.live().select_related("image"):
            images["press"].append(item.image)
        images["hero"].extend(event.hero_image for event in EventPage.objects.live())
        images["hero"].append(self.home().hero_image)
        return images

    def home(self):
        from home.models import HomePage

        return HomePage.objects.get()

    def test_every_picture_is_a_valid_image_of_its_pages_size(self):
        images = self.demo_images()
        assert [len(images[kind]) for kind in ("runner", "tribute", "press", "hero")] == [8, 26, 7, 3]
        for kind, pictures in images.items():
            for image in pictures:
                assert image is not None, kind
                with image.open_file() as f:
                    content = f.read()
                picture = PILImage.open(io.BytesIO(content))
                picture.verify()
                assert (picture.format, picture.size) == ("JPEG", self.EXPECTED_SIZES[kind]), image.title
                assert (image.width, image.height) == self.EXPECTED_SIZES[kind], image.title

    def test_no_two_pictures_are_the_same(self):
        digests = {}
        for pictures in self.demo_images().values():
            for image in pictures:
                with image.open_file() as f:
                    digests.setdefault(hashlib.sha256(f.read()).hexdigest(), []).append(image.title)
        assert all(len(titles) == 1 for titles in digests.values()), [t for t in digests.values() if len(t) > 1]
        assert len(digests) == 8 + 26 + 7 + 3

    def test_each_picture_says_what_it_shows(self):
        for image in Image.objects.all():
            assert image.description.startswith("An illustration of "), image.title
        assert len(set(Image.objects.values_list("description", flat=True))) > 20

    def test_a_tribute_photos_alt_text_describes_the_illustration(self):
        tribute = TributePage.objects.live().get(slug="aria-hollis")
        html = BeautifulSoup(self.client.get(tribute.url).content, "html.parser")
        alt = html.select_one(".gallery img")["alt"]
        assert alt == tribute.photos.get().image.description and alt.startswith("An illustration of ")

    def test_a_runners_picture_is_described_as_the_illustration_it_is(self):
        runner = RunnerStoryPage.objects.live().order_by("path").first()
        for url, selector in ((runner.url, "header img"), (runner.get_parent().url, "ul.cards img")):
            html = BeautifulSoup(self.client.get(url).content, "html.parser")
            alts = [img["alt"] for img in html.select(selector)]
            assert runner.photo.description in alts, (url, alts)
            assert not any(alt.startswith("Photo of ") for alt in alts), (url, alts)


class DemoGiftsTests(DemoCampaignTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("load_demo_gifts", stdout=io.StringIO())

    def test_gifts_came_in_during_the_six_weeks_before_the_race(self):
        event = EventPage.objects.get(slug="cim-2018")
        gifts = Donation.objects.all()
        assert gifts.count() >= 15
        for gift in gifts:
            assert event.start - gift.received_at < datetime.timedelta(weeks=6), gift
            assert gift.received_at < event.start, gift
        assert len({gift.received_at.date() for gift in gifts}) >= 10

    def test_the_event_lists_its_most_recent_gifts_first(self):
        event = EventPage.objects.get(slug="cim-2018")
        html = BeautifulSoup(self.client.get(event.url).content, "html.parser")
        names = [strong.get_text() for strong in html.select("section.giving .donor-list strong")]
        # The nurses gave two days before the race: the newest gift, so first on the list.
        assert names[0] == "Northern California NICU Nurses"


def test_the_same_seed_draws_the_same_picture_and_another_seed_another():
    first = illustrations.illustrate("tribute", 4, (200, 200))
    assert illustrations.illustrate("tribute", 4, (200, 200)) == first
    assert illustrations.illustrate("tribute", 5, (200, 200)).content != first.content
    for kind, options in [("runner", {}), ("press", {"coverage": "radio"}), ("course", {"runners": 2})]:
        drawn = illustrations.illustrate(kind, 1, (320, 180), **options)
        assert PILImage.open(io.BytesIO(drawn.content)).size == (320, 180)
        assert drawn.description.startswith("An illustration of ")
