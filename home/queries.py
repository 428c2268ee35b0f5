"""Query helpers that keep a page's database queries few and flat, shared by every listing.

`content_version()` changes whenever a page is published, unpublished, moved or deleted, or a
view restriction changes; caches of listings, menus and breadcrumbs are keyed on it, so a warm
page costs few queries and an editor's change shows at once.
"""

import uuid

from django.core.cache import cache
from django.db.models import Q, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "home:content-version"
# Bounds staleness where workers do not share a cache (local memory): use Redis in production.
CACHE_SECONDS = 300


def cache_version(key):
    """A token that stays the same until `bump_cache_version(key)`: part of the keys of what it guards."""
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, None)
    return version


def bump_cache_version(key):
    cache.set(key, uuid.uuid4().hex, None)


def content_version():
    return cache_version(VERSION_KEY)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def content_changed(sender=None, **kwargs):
    bump_cache_version(VERSION_KEY)


@receiver(post_delete)
@receiver(post_save, sender=PageViewRestriction)
def _page_or_restriction_changed(sender, instance, **kwargs):
    if isinstance(instance, Page | PageViewRestriction):
        content_changed()


def _private_paths():
    key = f"home:private-paths:{content_version()}"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, CACHE_SECONDS)
    return paths


def public(queryset):
    """`queryset.live().public()`, with the site's view restrictions read from the cache, not once per listing."""
    private = Q()
    for path in _private_paths():
        private |= Q(path__startswith=path)
    return queryset.live().exclude(private) if private else queryset.live()


def prefetch_renditions(images):
    """Fetch the renditions of every image a page shows in one query, however many listings show them."""
    images = [image for image in images if image is not None]
    unique = {image.pk: image for image in images}
    pending = [
        image for image in unique.values() if "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    ]
    if pending:
        prefetch_related_objects(pending, "renditions")
    # Images shared by several pages reuse the one fetched set.
    for image in images:
        if image is not unique[image.pk]:
            image._prefetched_objects_cache = unique[image.pk]._prefetched_objects_cache


class TypedChildRoutingMixin:
    """Route to a child in one query, not two, when a page allows a single child page type."""

    def route(self, request, path_components):
        if path_components and len(self.subpage_types) == 1:
            model = resolve_model_string(self.subpage_types[0])
            child = model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        try:
            return super().route(request, path_components)
        except Page.DoesNotExist as e:
            raise Http404 from e
