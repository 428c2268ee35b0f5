"""Pictures of the site's images from Wagtail renditions: the markup is the site's own (Wagtail gives the
renditions, `rendition.img_tag()` and nothing else), and an image whose original file is gone (a restore
without media, a storage hiccup) is left out of the page rather than shown broken."""

import itertools
import logging

from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

logger = logging.getLogger(__name__)

# The order of a <picture>'s <source>s: a browser takes the first type it supports. The last format
# present is the <img> every browser can show.
SOURCE_FORMATS = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
}


def renditions_or_none(image, *filters):
    """The renditions {filter spec: rendition}, made from the original if need be; None, and a warning
    naming the file, when the original is missing: the caller shows the page without that picture."""
    try:
        return image.get_renditions(*filters)
    except SourceImageIOError as error:
        logger.warning(
            "Image %s (%r) left out of a page: its original file %s is missing (%s)",
            image.pk,
            image.title,
            image.file.name,
            error,
        )
        return None


def expand_specs(bits):
    """The filter specs a tag's bits stand for, in order: `fill-{480x270,960x540} format-{webp,jpeg}` is
    fill-480x270|format-webp, fill-480x270|format-jpeg, fill-960x540|format-webp, fill-960x540|format-jpeg."""
    choices = []
    for bit in bits:
        prefix, brace, rest = bit.partition("{")
        options, _, suffix = rest.partition("}")
        choices.append([prefix + option + suffix for option in options.split(",")] if brace else [bit])
    return ["|".join(combination) for combination in itertools.product(*choices)]


def spec_format(spec):
    """The output format a filter spec asks for (`format-webp`), or None."""
    for operation in spec.split("|"):
        name, _, arguments = operation.partition("-")
        if name == "format":
            return arguments.partition("-")[0]
    return None


def width_srcset(renditions):
    """`url 480w, url 960w`; a single rendition needs no width."""
    if len(renditions) == 1:
        return renditions[0].url
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def picture_html(renditions, attrs):
    """A <picture>: one <source> per format but the last (with the `sizes` of `attrs`), then the <img> of
    the last format, its first rendition the `src`, all its renditions the `srcset`, `attrs` added.

    `renditions` is {filter spec: rendition} in the tag's order. Specs of a single format, or not each
    with a format of SOURCE_FORMATS, make one <img> of them all."""
    by_format = {}
    for spec, rendition in renditions.items():
        by_format.setdefault(spec_format(spec), []).append(rendition)
    formats = [name for name in SOURCE_FORMATS if name in by_format]
    if len(formats) < 2 or len(formats) != len(by_format):
        formats, fallback = [], list(renditions.values())
    else:
        fallback = by_format[formats[-1]]
    sizes = attrs.get("sizes")
    sources = "".join(
        f"<source{flatatt({'srcset': width_srcset(by_format[name]), 'sizes': sizes, 'type': SOURCE_FORMATS[name]})}>"
        for name in formats[:-1]
    )
    img_attrs = dict(attrs)
    if len(fallback) > 1:
        img_attrs["srcset"] = width_srcset(fallback)
    return mark_safe(f"<picture>{sources}{fallback[0].img_tag(img_attrs)}</picture>")  # noqa: S308 - flatatt escapes
