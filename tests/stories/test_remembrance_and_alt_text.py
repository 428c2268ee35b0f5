"""The family's choice, in memory of a baby who died or in honour of a baby who lived, carried by every
wording of their tribute; and photos described in words for people who cannot see them."""

import datetime
import importlib
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps

from stories.models import TributeIndexPage, TributePage
from tests.factories.stories import TributePageFactory
from tests.support.tributes import form_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def publish_submitted(client, share_url, **fields):
    response = client.post(share_url, {**form_data(**fields), "photos": [upload("one.jpg")]})
    assert response.status_code == 302, response.content.decode()[:2000]
    tribute = TributePage.objects.get(baby_name="Charlotte Grace")
    tribute.is_listed = True
    tribute.save_revision().publish()
    return tribute


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def words(html):
    return " ".join(html.get_text(" ").split())


def test_a_baby_who_lived_is_honoured_everywhere_and_never_remembered(client, share_url, no_minimum_time):
    tribute = publish_submitted(client, share_url, remembrance="honour")
    assert tribute.remembrance == "honour"
    page = soup(client, tribute.url)
    text = words(page)
    # Under the <h1> (the baby's name), the family's choice without the name again.
    assert page.select_one("h1").get_text(strip=True) == "Charlotte Grace"
    assert page.select_one(".page-header__meta").get_text(strip=True) == "In honour"
    assert page.find("section", class_="giving").find("h2").get_text(strip=True) == "Give in honour of Charlotte Grace"
    assert "Be the first to give in honour of Charlotte Grace." in text
    assert page.select_one('select[name="tribute_kind"] option[selected]')["value"] == "honour"
    shares = [unquote(a["href"]) for a in page.select("nav.share a")]
    assert any("Honouring Charlotte Grace" in href for href in shares)
    assert "memory" not in text.lower().replace("in memory of", "") and "Remembering" not in str(page)
    card = soup(client, TributeIndexPage.objects.get().url).find("a", string="Charlotte Grace").find_parent("li")
    assert "In honour" in words(card) and "memory" not in words(card)


def test_a_baby_who_died_is_remembered_in_every_wording(client, share_url, no_minimum_time):
    tribute = publish_submitted(client, share_url, remembrance="memory")
    page = soup(client, tribute.url)
    text = words(page)
    assert page.select_one(".page-header__meta").get_text(strip=True) == "In loving memory"
    assert page.find("section", class_="giving").find("h2").get_text(strip=True) == "Give in memory of Charlotte Grace"
    assert "Be the first to give in memory of Charlotte Grace." in text
    assert page.select_one('select[name="tribute_kind"] option[selected]')["value"] == "memory"
    assert "honour" not in text.replace("In honour of", "")  # the donation form's own option stays offered
    shares = [unquote(a["href"]) for a in page.select("nav.share a")]
    assert any("Remembering Charlotte Grace" in href for href in shares)
    card = soup(client, TributeIndexPage.objects.get().url).find("a", string="Charlotte Grace").find_parent("li")
    assert "In loving memory" in words(card)


def test_the_family_must_choose_and_is_told_so(client, share_url, no_minimum_time):
    response = client.post(share_url, form_data(remembrance=None))
    assert response.status_code == 400
    assert "Please tell us whether the tribute remembers or honours your baby." in response.content.decode()
    assert not TributePage.objects.filter(baby_name="Charlotte Grace").exists()


def test_photos_carry_the_familys_words_or_the_babys_name(client, share_url, no_minimum_time):
    tribute = publish_submitted(client, share_url, photo_alt="Charlotte holding her father's finger")
    gallery = soup(client, tribute.url).select("ul.gallery img")
    assert [img["alt"] for img in gallery] == ["Charlotte holding her father's finger"]

    # A moderator clears the family's words in the page editor and publishes.
    tribute = TributePage.objects.get(pk=tribute.pk)
    photo = tribute.photos.get()
    photo.alt_text = ""
    tribute.photos = [photo]
    tribute.save_revision().publish()
    gallery = soup(client, tribute.url).select("ul.gallery img")
    assert [img["alt"] for img in gallery] == ["Photo of Charlotte Grace"]
    card_images = soup(client, TributeIndexPage.objects.get().url).select("ul.cards img")
    assert card_images and all(img["alt"].startswith("Photo of ") for img in card_images)


def test_tributes_made_before_the_choice_with_a_date_of_death_become_in_memory(tribute_index):
    # 0008 made every earlier tribute "in honour"; 0014 corrects those with a date of death.
    migration = importlib.import_module("stories.migrations.0015_tributes_with_a_death_date_are_in_memory")
    died = TributePageFactory(parent=tribute_index, baby_name="Ada Died", died=datetime.date(2020, 5, 1))
    lived = TributePageFactory(parent=tribute_index, baby_name="Ben Lived", born=datetime.date(2020, 5, 1))
    for page in (died, lived):
        assert page.remembrance == "honour"
        revision = page.save_revision()
        revision.content.pop("remembrance")  # as a revision saved before 0008
        revision.save(update_fields=["content"])
    migration.tributes_with_a_death_date_are_in_memory(django_apps, None)
    assert TributePage.objects.get(pk=died.pk).remembrance == "memory"
    assert TributePage.objects.get(pk=died.pk).get_latest_revision_as_object().remembrance == "memory"
    assert TributePage.objects.get(pk=lived.pk).remembrance == "honour"
    assert TributePage.objects.get(pk=lived.pk).get_latest_revision_as_object().remembrance == "honour"
