"""Query helpers that keep a page's database queries few and flat, shared by every listing.

`content_version()` changes whenever a page is published, unpublished, moved or deleted, or a
view restriction changes; caches of listings, menus and breadcrumbs are keyed on it, so a warm
page costs few queries and an editor's change shows at once.
"""

import functools
import uuid

from django.core.cache import cache
from django.db.models import Q, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .pagecache import clear_page_cache

VERSION_KEY = "core:content-version"
# Bounds how long a figure computed under a version is kept; workers share the versions through the
# shared cache (Redis, or the database cache) in production.
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
    # Whatever moved a version shows on whole pages too: the anonymous readers' page cache starts afresh.
    clear_page_cache()


def content_version():
    return cache_version(VERSION_KEY)


def content_changed(sender=None, **kwargs):
    bump_cache_version(VERSION_KEY)


def _page_or_restriction_changed(sender, instance, **kwargs):
    if isinstance(instance, Page | PageViewRestriction):
        content_changed()


def _site_settings_changed(sender, instance, created=False, **kwargs):
    # Settings (the organisation's name, address, links) stand on every page: kept pages must go. A row
    # just created holds the defaults pages were already showing (`load()` creates it on first reading,
    # even in a reader's request): nothing to forget then.
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting) and not created:
        content_changed()


def connect_signals():
    """Called from `CoreConfig.ready()`: every change readers could see moves the content version."""
    page_published.connect(content_changed, dispatch_uid="core.page_published")
    page_unpublished.connect(content_changed, dispatch_uid="core.page_unpublished")
    post_page_move.connect(content_changed, dispatch_uid="core.page_moved")
    post_delete.connect(_page_or_restriction_changed, dispatch_uid="core.page_deleted")
    post_save.connect(_page_or_restriction_changed, sender=PageViewRestriction, dispatch_uid="core.restriction_saved")
    post_save.connect(_site_settings_changed, dispatch_uid="core.settings_saved")


def _private_paths():
    key = f"core:private-paths:{content_version()}"
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

    @classmethod
    @functools.cache
    def single_child_model(cls):
        """The one page type editors can create under this one, if there is one (computed once)."""
        child_models = cls.creatable_subpage_models()
        return child_models[0] if len(child_models) == 1 else None

    def route(self, request, path_components):
        model = self.single_child_model()
        if path_components and model is not None:
            child = model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        try:
            return super().route(request, path_components)
        except Page.DoesNotExist as e:
            raise Http404 from e
