"""Renditions of an image whose original file may be gone (a restore without media, a storage hiccup)."""

import logging

from wagtail.images.models import SourceImageIOError

logger = logging.getLogger(__name__)


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
