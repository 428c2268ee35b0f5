"""The site's image tags: `{% site_image %}` and `{% site_picture %}`, on Wagtail's public image API only.

    {% load site_images %}
    {% site_picture page.hero_image fill-{640x280,1600x700} format-{webp,jpeg} alt="" sizes="100vw" %}
    {% site_image page.share_image fill-1200x630 as share %}{{ share.url }}

They take Wagtail's filter specs (brace choices in `site_picture`) and any attributes for the <img>.
A spec Wagtail does not know fails when the template is read, not on a reader's page. An image whose
original file is missing is left out of the page and logged (core.images), never shown broken.
"""

import re

from django import template
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import Filter

from core.images import expand_specs, picture_html, renditions_or_none

register = template.Library()

SPEC = re.compile(r"^[A-Za-z0-9_.-]+$")
SPEC_WITH_CHOICES = re.compile(r"^[A-Za-z0-9_.,{}-]+$")


def parse_filter(tag_name, spec):
    """The Wagtail filter for `spec`, with its operations worked out once: the specs are fixed in the
    template, and working them out at every render is a third of a picture's cost."""
    filter = Filter(spec=spec)
    try:
        filter.operations  # noqa: B018 - computed (and checked) now, kept on the filter
    except (InvalidFilterSpecError, ValueError, TypeError) as error:
        message = f"{tag_name}: {spec!r} is not a filter spec Wagtail knows ({error})"
        raise template.TemplateSyntaxError(message) from error
    return filter


def parse_bits(parser, token, spec_pattern):
    """(tag name, image expression, spec bits, {attribute: expression}, output variable or None)."""
    tag_name, *bits = token.split_contents()
    if not bits:
        raise template.TemplateSyntaxError(f"{tag_name} needs an image and at least one filter spec")
    image_expr = parser.compile_filter(bits.pop(0))
    output_var = None
    if len(bits) >= 2 and bits[-2] == "as":
        output_var = bits[-1]
        bits = bits[:-2]
    specs, attrs = [], {}
    for bit in bits:
        name, equals, value = bit.partition("=")
        if equals and name:
            attrs[name] = parser.compile_filter(value)
        elif spec_pattern.match(bit):
            specs.append(bit)
        else:
            raise template.TemplateSyntaxError(
                f"{tag_name}: {bit!r} is neither a filter spec (letters, digits, dots, hyphens and underscores"
                f"{', with {a,b} choices' if spec_pattern is SPEC_WITH_CHOICES else ''}) nor an attribute (name=value)"
            )
    if not specs:
        raise template.TemplateSyntaxError(f"{tag_name} needs at least one filter spec, e.g. fill-400x300")
    if output_var and attrs:
        raise template.TemplateSyntaxError(f"{tag_name}: attributes go on the <img>, not with 'as {output_var}'")
    return tag_name, image_expr, specs, attrs, output_var


class SiteImageNode(template.Node):
    def __init__(self, image_expr, filters, attrs, output_var=None):
        self.image_expr = image_expr
        self.filters = filters
        self.attrs = attrs
        self.output_var = output_var

    def renditions(self, context):
        """{spec: rendition} of the image in the context, or None: no image, or its original is missing."""
        try:
            image = self.image_expr.resolve(context)
        except template.VariableDoesNotExist:
            image = None
        if not image:
            return None
        if not hasattr(image, "get_renditions"):
            raise TypeError(f"Image tags expect a Wagtail image, got {image!r}")
        return renditions_or_none(image, *self.filters)

    def resolved_attrs(self, context):
        return {name: value.resolve(context) for name, value in self.attrs.items()}

    def render(self, context):
        renditions = self.renditions(context)
        rendition = next(iter(renditions.values())) if renditions else None
        if self.output_var:
            context[self.output_var] = rendition
            return ""
        return rendition.img_tag(self.resolved_attrs(context)) if rendition else ""


class SitePictureNode(SiteImageNode):
    def render(self, context):
        renditions = self.renditions(context)
        return picture_html(renditions, self.resolved_attrs(context)) if renditions else ""


@register.tag
def site_image(parser, token):
    """One rendition: `{% site_image image fill-400x300 class="x" %}` renders its <img>;
    `{% site_image image fill-1200x630 as share %}` puts the rendition (or None) in `share`.
    Several specs make one filter: `width-800 format-webp` is `width-800|format-webp`."""
    tag_name, image_expr, specs, attrs, output_var = parse_bits(parser, token, SPEC)
    return SiteImageNode(image_expr, [parse_filter(tag_name, "|".join(specs))], attrs, output_var)


@register.tag
def site_picture(parser, token):
    """A <picture> in several widths and formats:
    `{% site_picture image fill-{480x270,960x540} format-{webp,jpeg} sizes="20rem" alt="" %}`:
    a WebP <source> and a JPEG <img>, each with a srcset of both widths (core.images.picture_html)."""
    tag_name, image_expr, specs, attrs, output_var = parse_bits(parser, token, SPEC_WITH_CHOICES)
    if output_var:
        raise template.TemplateSyntaxError(f"{tag_name} renders markup; for a rendition use site_image ... as")
    filters = [parse_filter(tag_name, spec) for spec in expand_specs(specs)]
    return SitePictureNode(image_expr, filters, attrs)
