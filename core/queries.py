"""Query helpers that keep a page's database queries few and flat, shared by every listing, and what
each change drops.

`content_version()` changes whenever a page is published, unpublished, moved or deleted, or a
view restriction changes; caches of listings, menus and breadcrumbs are keyed on it, so a warm
page costs few queries and an editor's change shows at once. Kept pages (core/pagecache.py) are
dropped more narrowly: a change drops the topics that show it (`page_change_topics`), nothing else.
"""

import functools
import pickle
import time

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .pagecache import drop, listing_page_shown, new_version, read_versions, remember_version
from .worker_memory import WorkerMemory

VERSION_KEY = "core:content-version"
# Bounds how long a figure computed under a version is kept; workers share the versions through the
# shared cache (Redis, or the database cache) in production.
CACHE_SECONDS = 300
# The main menu lists the site root's children (depth 3 under Wagtail's root): their changes show on every page.
MENU_DEPTH = 3
# Each worker also holds the last few values read through `versioned()` in its own memory.
_local = WorkerMemory(size=256, clock=time.monotonic)


def versioned(key, compute, timeout=CACHE_SECONDS, still_good=None):
    """`compute()`, kept under `key`, which names the versions of everything the value is made from (e.g.
    `content_version()`, a page's figures version): a change moves a version, so the key changes and no
    value is ever stale under its key. Kept in the shared cache, and in this worker's memory too (as the
    shared cache's bytes, so every reader gets its own copy), sparing a round trip a page for the menu,
    the breadcrumbs, the settings and the figures. A value that `still_good(value)` says has run out
    (the current event ended) is computed afresh."""
    held = _local.get(key)
    if held is not None:
        value = pickle.loads(held)  # noqa: S301 - our own bytes, as the cache backend's
        if still_good is None or still_good(value):
            return value
    value = cache.get(key)
    if value is None or (still_good is not None and not still_good(value)):
        value = compute()
        cache.set(key, value, timeout)
    _local.put(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), until=time.monotonic() + timeout)
    return value


def cache_version(key):
    """A token that stays the same until `bump_cache_version(key)`: part of the keys of what it guards.
    Read from the shared cache once a request."""
    version = read_versions([key]).get(key)
    if version is None:
        version = new_version()
        if not cache.add(key, version, None):
            version = cache.get(key) or version
        remember_version(key, version)
    return version


def bump_cache_version(key):
    version = new_version()
    cache.set(key, version, None)
    remember_version(key, version)


def content_version():
    return cache_version(VERSION_KEY)


def content_changed(sender=None, **kwargs):
    """Something every page may show changed (the settings, a view restriction, a page moved): the
    cached listings and every kept page go."""
    bump_cache_version(VERSION_KEY)
    drop("site")


def page_change_topics(page):
    """What can show `page`, dropped when it is published, unpublished or deleted: the page itself
    (and pages naming it: breadcrumbs, mile lists, featured cards), its parent's listings, listings of
    its type across the tree (the home page's sections, the stories), the menu when it stands in it,
    and what its type adds (`change_topics`, e.g. an event: the header's current campaign)."""
    parent_path = page.path[: -Page.steplen]
    parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first() if parent_path else None
    model = page.specific_class or type(page)
    topics = [f"page:{page.pk}", f"type:{model._meta.label_lower}"]
    if parent_id is not None:
        topics.append(f"children:{parent_id}")
    if page.depth <= MENU_DEPTH:
        topics.append("menu")
    topics.extend(getattr(model, "change_topics", ()))
    return topics


def page_changed(sender=None, instance=None, **kwargs):
    bump_cache_version(VERSION_KEY)
    drop(*page_change_topics(instance))


def _page_or_restriction_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_changed(instance=instance)
    elif isinstance(instance, PageViewRestriction):
        content_changed()


def _site_settings_changed(sender, instance, created=False, **kwargs):
    # Settings (the organisation's name, address, links) stand on every page: kept pages must go. A row
    # just created holds the defaults pages were already showing (`load()` creates it on first reading,
    # even in a reader's request): nothing to forget then.
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting) and not created:
        content_changed()


def connect_signals():
    """Called from `CoreConfig.ready()`: every change readers could see drops what shows it."""
    page_published.connect(page_changed, dispatch_uid="core.page_published")
    page_unpublished.connect(page_changed, dispatch_uid="core.page_unpublished")
    # A move or a new slug changes the addresses of the page and all below it, wherever they are linked.
    post_page_move.connect(content_changed, dispatch_uid="core.page_moved")
    page_slug_changed.connect(content_changed, dispatch_uid="core.page_slug_changed")
    post_delete.connect(_page_or_restriction_deleted, dispatch_uid="core.page_deleted")
    post_save.connect(content_changed, sender=PageViewRestriction, dispatch_uid="core.restriction_saved")
    post_save.connect(_site_settings_changed, dispatch_uid="core.settings_saved")
    # A site's address or root page: every page's addresses, and the site kept for routing (core/sites.py).
    post_save.connect(content_changed, sender=Site, dispatch_uid="core.site_saved")
    post_delete.connect(content_changed, sender=Site, dispatch_uid="core.site_deleted")


def paginate(request, object_list, per_page):
    """`Paginator.get_page()` for the page number the reader asked (never raising); a number past the
    end is answered with the last page but never kept by the page cache."""
    asked = request.GET.get("page") if request is not None else None
    page = Paginator(object_list, per_page).get_page(asked)
    listing_page_shown(request, asked, page.number)
    return page


def restricted_paths():
    """The paths of the pages with a view restriction (a password, logged-in users only), read from the
    cache until the next change of a restriction or a page."""
    return versioned(
        f"core:private-paths:{content_version()}",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def public(queryset):
    """`queryset.live().public()`, with the site's view restrictions read from the cache, not once per listing."""
    private = Q()
    for path in restricted_paths():
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


class SiteRootRoutingMixin:
    """On the site's root page: route to the deepest page an address names in two queries (its row by
    `url_path`, then its own type) rather than two a level, and let that page route what remains (its own
    listings and forms: RoutablePageMixin), as Wagtail's routing would from there. As with Wagtail's, the
    page found answers only if live, and view restrictions are checked when it is served."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[:depth]) + "/" for depth in range(1, len(path_components) + 1)
        ]
        page = Page.objects.filter(url_path__in=prefixes).order_by("-depth").first()
        if page is None:
            raise Http404
        return page.specific.route(request, path_components[page.depth - self.depth :])
