"""An image whose original file is gone (a restore without media, a storage hiccup)."""

import json
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches

from events.models import EventPage
from tests.factories.core import ImageFactory


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
