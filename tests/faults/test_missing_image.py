"""An image whose original file is gone (a restore without media, a storage hiccup)."""

import json
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches

from events.models import EventPage
from stories.models import TributeIndexPage
from tests.factories.core import ImageFactory
from tests.factories.stories import TributePageFactory


@pytest.mark.django_db
def test_event_page_shows_without_an_image_whose_original_is_missing_and_logs_it(tribute_site, client, caplog):
    event = EventPage.objects.get(slug="cim-2018")
    hero = ImageFactory(title="Start line")
    event.hero_image = hero
    event.save_revision().publish()
    assert client.get(event.url).status_code == 200  # renditions made while the original was there

    # The original goes, and with it the renditions: each must be made again from a missing file.
    hero.renditions.all().delete()
    hero.file.storage.delete(hero.file.name)
    caches["pages"].clear()  # the copy kept for readers has expired: the page is rendered again

    with caplog.at_level(logging.WARNING):
        response = client.get(event.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    data = json.loads(html.select_one('script[type="application/ld+json"]').string)
    assert "image" not in data
    assert data["name"] == event.title
    assert not [img["src"] for img in html.select("img") if "not-found" in img.get("src", "")]
    assert html.select_one("h1").get_text(strip=True) == event.title
    assert any(hero.file.name in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_tribute_page_and_its_card_show_without_a_photo_whose_original_is_missing(tribute_site, client, caplog):
    photo = ImageFactory(title="Baby Lee, first cuddle")
    tribute = TributePageFactory(parent=TributeIndexPage.objects.get(), baby_name="Baby Lee", photo=photo)
    photo.file.storage.delete(photo.file.name)  # gone before any rendition was made

    with caplog.at_level(logging.WARNING):
        page = client.get(tribute.url)
        index = client.get(TributeIndexPage.objects.get().url)
    assert page.status_code == 200
    assert index.status_code == 200
    html = BeautifulSoup(page.content, "html.parser")
    # The portrait, the gallery and the share image (site_picture, site_image ... as) are all left out.
    assert not html.select("picture")
    assert html.select_one('meta[property="og:image"]')["content"].endswith("/static/images/share-default.png")
    assert html.select_one("h1").get_text(strip=True) == "Baby Lee"
    card = BeautifulSoup(index.content, "html.parser").find("a", href=tribute.url)
    assert card is not None
    assert not card.find_parent("li", class_="card").select("picture")
    assert not [img for img in html.select("img") if "not-found" in img.get("src", "")]
    assert any(photo.file.name in record.getMessage() for record in caplog.records)
