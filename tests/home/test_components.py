"""The design system's components, rendered as the pages render them."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.template import engines
from PIL import Image as PILImage
from wagtail.images.models import Image


def render(source, **context):
    return BeautifulSoup(engines["django"].from_string(source).render(context), "html.parser")


@pytest.fixture
def photo(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), (11, 110, 110)).save(buffer, format="JPEG")
    return Image.objects.create(title="A runner", file=ImageFile(buffer, name="runner.jpg"))


def test_picture_offers_webp_in_several_widths_over_a_jpeg_fallback_with_its_size(photo):
    html = render('{% include "includes/picture.html" with image=photo kind="person" class="x" %}', photo=photo)
    webp = html.select_one('picture > source[type="image/webp"]')
    img = html.select_one("picture > img")
    webp_widths = [candidate.split()[-1] for candidate in webp["srcset"].split(", ")]
    jpeg_widths = [candidate.split()[-1] for candidate in img["srcset"].split(", ")]
    assert webp_widths == jpeg_widths == ["160w", "320w", "480w"]
    assert img["src"].endswith(".jpg") and all(".webp" in c for c in webp["srcset"].split(", "))
    assert (img["width"], img["height"], img["loading"], img["sizes"], img["alt"]) == ("160", "160", "lazy", "8rem", "")


def test_hero_picture_is_fetched_first_and_never_lazy(photo):
    img = render('{% include "includes/picture.html" with image=photo kind="hero" %}', photo=photo).select_one("img")
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    assert img["sizes"] == "100vw" and len(img["srcset"].split(", ")) == 3


def test_picture_without_an_image_renders_nothing():
    assert render('{% include "includes/picture.html" with image=None kind="hero" %}').get_text().strip() == ""


@pytest.mark.parametrize(
    ("kind", "role"), [("error", "alert"), ("success", "status"), ("info", None), ("warning", None)]
)
def test_notice_is_announced_only_when_it_reports_an_outcome(kind, role):
    notice = render('{% include "includes/notice.html" with kind=kind message="Done." %}', kind=kind).div
    assert notice.get("role") == role
    assert notice["class"] == ["notice", f"notice--{kind}"] and notice.p.get_text() == "Done."


def test_component_passes_its_body_as_slot_escaped_in_the_callers_context():
    html = render(
        '{% load component_tags %}{% component "includes/notice.html" kind="info" message="" title="" %}'
        "<p>No stories for {{ event }} yet.</p>{% endcomponent %}",
        event="<script>",
    )
    assert str(html.select_one(".notice p")) == "<p>No stories for &lt;script&gt; yet.</p>"


def test_page_header_has_the_one_h1_with_its_meta_line_and_lead():
    html = render(
        '{% include "includes/page_header.html" with title="Ava" meta_template="includes/press_meta.html" '
        'lead="Our daughter." image=None slot="" %}',
        item={"get_kind_display": "TV", "outlet": "KCRA", "published": None},
    )
    assert [h.get_text() for h in html.select("h1")] == ["Ava"]
    assert "KCRA" in html.select_one(".page-header__meta").get_text()
    assert html.select_one(".lead").get_text() == "Our daughter."
