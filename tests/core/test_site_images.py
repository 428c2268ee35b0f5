"""The site's image tags, `{% site_image %}` and `{% site_picture %}` (core/templatetags/site_images.py)."""

import logging

import pytest
from django.template import Context, Template, TemplateSyntaxError

from tests.factories.core import ImageFactory

LOAD = "{% load site_images %}"


def render(source, **context):
    return Template(LOAD + source).render(Context(context))


@pytest.fixture
def image(db):
    return ImageFactory(title="Finish line", file__width=200, file__height=100)


def test_site_picture_renders_a_webp_source_and_a_jpeg_img_of_each_width_it_names(image):
    html = render(
        '{% site_picture image fill-{40x20,80x40} format-{webp,jpeg} alt="" class=kind sizes="8rem" loading="lazy" %}',
        image=image,
        kind="card__image",
    )
    renditions = image.get_renditions(
        "fill-40x20|format-webp", "fill-80x40|format-webp", "fill-40x20|format-jpeg", "fill-80x40|format-jpeg"
    )
    webp_small, webp_large, jpeg_small, jpeg_large = renditions.values()
    assert html == (
        f'<picture><source sizes="8rem" srcset="{webp_small.url} 40w, {webp_large.url} 80w" type="image/webp">'
        f'<img alt="" class="card__image" height="20" loading="lazy" sizes="8rem" src="{jpeg_small.url}" '
        f'srcset="{jpeg_small.url} 40w, {jpeg_large.url} 80w" width="40"></picture>'
    )
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(renditions)


def test_site_picture_of_one_format_is_an_img_with_a_srcset_and_the_images_description_for_alt(image):
    html = render("{% site_picture image width-{50,100} %}", image=image)
    small, large = image.get_renditions("width-50", "width-100").values()
    assert html == (
        f'<picture><img alt="Finish line" height="25" src="{small.url}" '
        f'srcset="{small.url} 50w, {large.url} 100w" width="50"></picture>'
    )


def test_site_image_renders_the_img_of_its_spec_or_hands_over_the_rendition(image):
    rendition = image.get_rendition("fill-60x30|format-webp")
    html = render('{% site_image image fill-60x30 format-webp class="share" %}', image=image)
    assert html == f'<img alt="Finish line" class="share" height="30" src="{rendition.url}" width="60">'

    html = render(
        "{% site_image image fill-60x30 as share %}{{ share.width }}x{{ share.height }} {{ share.url }}", image=image
    )
    assert html == f"60x30 {image.get_rendition('fill-60x30').url}"


def test_no_image_renders_nothing_and_leaves_the_variable_empty(db):
    assert render("{% site_picture image width-{50,100} %}", image=None) == ""
    assert render("{% site_image missing width-50 %}") == ""
    assert render("{% site_image image width-50 as share %}[{{ share|default:'none' }}]", image=None) == "[none]"


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{% site_picture image fill-40x20! %}", "is neither a filter spec"),
        ("{% site_image image width-{50,100} %}", "is neither a filter spec"),
        ("{% site_picture image blur-{2,4} %}", "not a filter spec Wagtail knows"),
        ("{% site_image image fill-wide %}", "not a filter spec Wagtail knows"),
        ("{% site_image image %}", "at least one filter spec"),
        ('{% site_image image width-50 class="x" as share %}', "not with 'as share'"),
        ("{% site_picture image width-{50,100} as pic %}", "use site_image ... as"),
    ],
)
def test_a_spec_wagtail_cannot_make_is_refused_when_the_template_is_read(tag, message):
    with pytest.raises(TemplateSyntaxError, match=message):
        Template(LOAD + tag)


def test_an_image_whose_original_is_missing_is_left_out_and_logged(image, caplog):
    image.file.storage.delete(image.file.name)
    with caplog.at_level(logging.WARNING, logger="core.images"):
        assert render("{% site_picture image fill-{40x20,80x40} format-{webp,jpeg} %}", image=image) == ""
        assert render('{% site_image image fill-60x30 alt="" %}', image=image) == ""
        html = render("{% site_image image fill-60x30 as share %}[{{ share|default:'none' }}]", image=image)
    assert html == "[none]"
    assert "not-found" not in html
    assert len([record for record in caplog.records if image.file.name in record.getMessage()]) == 3
    assert not image.renditions.exists()
