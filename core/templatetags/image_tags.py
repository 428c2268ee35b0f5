"""Wagtail's image tags, except that an image whose original file is missing is left out and logged.

A rendition not made yet is made from the original; when the original is gone (a restore without
media, a storage hiccup) Wagtail would show a broken "not-found" image. The page shows without it.
Load after wagtailimages_tags: `{% load wagtailimages_tags image_tags %}`.
"""

from django import template
from wagtail.images.templatetags.wagtailimages_tags import ImageNode, PictureNode, SrcsetImageNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

from core.images import renditions_or_none

register = template.Library()


class _LeavesOutMissingOriginals:
    _filters = None

    def filters(self):
        """The tag's filters, made once: their specs are fixed in the template, and Wagtail would make
        new ones at every render, each working its operations out again (a third of a picture's cost)."""
        if self._filters is None:
            self._filters = super().get_filters() if isinstance(self, SrcsetImageNode) else [super().get_filter()]
        return self._filters

    def get_filter(self):
        return self.filters()[0]

    def get_filters(self):
        return self.filters()

    def render(self, context):
        image = self.validate_image(context)
        if image and renditions_or_none(image, *self.filters()) is None:
            if self.output_var_name:
                context[self.output_var_name] = None
            return ""
        return super().render(context)


class SafeImageNode(_LeavesOutMissingOriginals, ImageNode):
    pass


class SafeSrcsetImageNode(_LeavesOutMissingOriginals, SrcsetImageNode):
    pass


class SafePictureNode(_LeavesOutMissingOriginals, PictureNode):
    pass


SAFE_NODES = {ImageNode: SafeImageNode, SrcsetImageNode: SafeSrcsetImageNode, PictureNode: SafePictureNode}


def safe_image_tag(parser, token):
    node = parse_image_tag(parser, token)
    safe = SAFE_NODES[type(node)]
    return safe(node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name)


register.tag("image", safe_image_tag)
register.tag("srcset_image", safe_image_tag)
register.tag("picture", safe_image_tag)
