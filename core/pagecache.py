"""The page cache for anonymous readers: whole responses kept per address in the shared "pages" cache,
each with the versions of what it shows, so that a change drops only the pages that show it.

A reader without a session cookie (never logged in, no family's private session) gets the same page as
every other such reader, so the whole response is kept under its URL and the next visit costs no
database query. What is never kept: a request with a session cookie, a POST, the admin and the
donation endpoints, any response that sets a cookie (a form's CSRF token: the tribute form, a
password-protected page) or says `private`, `no-cache` or `no-store`, and any response whose page used
the request's Content-Security-Policy nonce (the next reader would be served the first one's nonce).

Only an address without a query string, or with `page=<number>` alone of a listing that has that page
(`core.queries.paginate`), is kept: a shared link's `fbclid`, `utm_*` or `gclid`, a made-up `?x=<random>`,
or `?page=999` past a listing's end, is served fresh and never stored, so that nobody can grow the cache
(it shares Redis with the rate limits) by varying the query string.

**What a page shows** is a set of named version keys ("topics"): `page:<id>` (a page's own words,
title and address: the page itself, breadcrumbs, mile lists and cards naming it), `children:<id>` (a
listing of a page's children), `type:<model>` (a listing across the tree: the stories, the home page's
sections), `menu`, `campaign` (the current event the header's button names), `site` (every page: the
settings, view restrictions, moves), and the stale-tolerant `figures:...` (a page's gift figures, a
tribute's guestbook). While a page renders, whatever shows one of them says so (`shows()`, or
`core.queries.cache_version()`), and the page is kept with the versions it saw. `drop()` moves a topic's
version: every page kept with the old one is stale on its next visit, every other page stays kept.

**Held pages:** each worker also holds in its memory the last `HELD_PAGES` kept pages it answered with
(as bytes, with the versions they were kept with, until their time in the cache is up). Its next reader
of one is answered after the versions' check alone, one round trip instead of two: a held page is as
fresh as the shared copy, since every change moves a version and the check is made on every read. A
busy page held for its figures is answered from the worker's copy while the hold lasts, as the shared
copy would be (the versions read for that check are not read again if the worker turns to Redis).

**Kept fragments:** the costly part of a page (a listing's cards, an event's course and team) is kept the
same way in the shared cache, with the versions of the topics shown while it rendered (`kept_fragment()`),
so that a page rendered afresh (an editor, a reader with a session, the first reader after a change)
reuses it until one of them moves. A gift moves no fragment: fragments never hold figures.

**No stampede:** a stale or missing page is rendered by one worker at a time (a short lock, `cache.add`).
Meanwhile the others serve the copy they have when only its figures moved, and otherwise wait for that
render (at most `RENDER_WAIT_SECONDS`, as long as the lock may hold); the lock is let go only once the
page is kept, so a reader who waited finds it; a worker that takes the lock looks again for a copy another
kept meanwhile. A page re-rendered for its figures is not re-rendered for
figures again for `FIGURES_HOLD_SECONDS` when it was busy (its previous render was for figures too, a
moment before): under a stream of gifts a busy page is rendered about once in that time, its giving
box says when its figures were taken and its script fetches the live ones.
"""

import hashlib
import pickle
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils.cache import has_vary_header
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from .site_url import absolute_url
from .worker_memory import WorkerMemory

PAGE_CACHE_ALIAS = "pages"
# Paths whose answers are never shared: the admin, the Stripe endpoints and live totals, documents
# (which may be private), and the search (a query string per visitor, no reuse).
NEVER_CACHED_PREFIXES = ("/admin/", "/django-admin/", "/donations/", "/documents/", "/search/")
# The only query string a kept page may have: a listing's page number (kept only if the listing has it).
KEPT_QUERY = re.compile(r"page=([1-9][0-9]{0,5})")
# Topics whose change may show a few seconds late on a kept page (its script fetches the live figures).
STALE_TOLERANT_PREFIX = "figures:"
VERSION_PREFIX = "shown:"
# One render of a page at a time: how long the lock holds at most, and how long another reader of a
# page whose words changed waits for that render before rendering it too.
RENDER_LOCK_SECONDS = 10
# As long as the lock may hold: a render slow because the machine is busy (a new photo's renditions while
# gifts stream in) is not made slower by every other reader rendering the same page beside it.
RENDER_WAIT_SECONDS = RENDER_LOCK_SECONDS
RENDER_WAIT_STEP_SECONDS = 0.02
FIGURES_HOLD_SECONDS = 5
# How long a kept fragment stays at most (a change of what it shows drops it at once).
FRAGMENT_SECONDS = 300
FRAGMENT_PREFIX = "fragment:"
# Addresses remembered per topic for the CDN's purge (wagtail.contrib.frontend_cache); beyond it the
# CDN's own short keep (CDN_CACHE_SECONDS) applies.
PURGE_PATHS_PER_TOPIC = 200
# Each worker also holds the last kept pages it answered with, as their bytes and the versions they were
# kept with: its next reader of one is answered after a single round trip (the versions' check) instead
# of two, and without the page's bytes crossing from Redis again.
HELD_PAGES = 64
_held = WorkerMemory(size=HELD_PAGES, clock=time.time)  # key -> ({topic: version}, figures held until, bytes)

# The topics the page being rendered shows, with the versions it saw: {topic: version}, or None
# outside a render that may be kept.
_shown = ContextVar("page_cache_shown", default=None)
# Every version key read in this request, read once ({key: version}); None outside a request.
_read_in_request = ContextVar("versions_read_in_request", default=None)


def read_versions(keys):
    """{key: version} of the version keys found, each read from the shared cache once a request."""
    memo = _read_in_request.get()
    if memo is None:
        return cache.get_many(keys)
    missing = [key for key in keys if key not in memo]
    if missing:
        found = cache.get_many(missing)
        memo.update({key: found.get(key) for key in missing})
    return {key: memo[key] for key in keys if memo[key] is not None}


def remember_version(key, version):
    memo = _read_in_request.get()
    if memo is not None:
        memo[key] = version


def new_version():
    """A topic's new version: a random hex string. (A number would be read faster, since Django's Redis
    cache stores a number unpickled, but a server of the previous release, still running beside the new
    ones while they are deployed, joins versions into cache keys as strings: it would fail on numbers.)"""
    return uuid.uuid4().hex


def _version_key(topic):
    return VERSION_PREFIX + topic


def versions(*topics, create=True):
    """{topic: version} of these topics, made when missing (one round trip to the shared cache, two
    when one is new); with `create=False` a missing one is None (a topic named by a visitor's URL)."""
    found = read_versions([_version_key(topic) for topic in topics])
    current = {}
    for topic in topics:
        version = found.get(_version_key(topic))
        if version is None and create:
            version = new_version()
            if not cache.add(_version_key(topic), version, None):
                version = cache.get(_version_key(topic)) or version
            remember_version(_version_key(topic), version)
        current[topic] = version
    return current


def shows(*topics):
    """The page being rendered shows these topics: it is kept with their versions (nothing to do, and
    no round trip, outside a render that may be kept)."""
    recorded = _shown.get()
    if recorded is None:
        return
    missing = [topic for topic in topics if topic not in recorded]
    if missing:
        recorded.update(versions(*missing))


def shown_versions(*topics):
    """{topic: version} of these topics, for a cache key of what they guard; the page being rendered
    shows them (and is kept with the same versions)."""
    recorded = _shown.get()
    if recorded is None:
        return versions(*topics)
    shows(*topics)
    return {topic: recorded[topic] for topic in topics}


def kept_fragment(request, name, render):
    """The HTML `render()` makes, kept in the shared cache under `name` (with the request's host) and the
    versions of the topics shown while it rendered (`shows()`, "site" always), and answered from there
    until one of them moves. The page showing it shows the same topics, so a kept page holding it is
    dropped with it. `render()` must read what it shows itself (not data read before it), since a kept
    fragment skips it; a preview (a draft's own data) is rendered afresh and never kept."""
    if request is None or getattr(request, "is_preview", False):
        return render()
    key = FRAGMENT_PREFIX + hashlib.sha256(f"{request.get_host()}:{name}".encode()).hexdigest()[:40]
    entry = cache.get(key)
    if entry is not None and versions(*entry["versions"], create=False) == entry["versions"]:
        _shown_in_fragment(request, entry)
        return entry["html"]
    token = _shown.set({})
    try:
        shows("site")
        html = render()
        entry = {
            "html": html,
            "versions": _shown.get(),
            # A listing's page number (`listing_page_shown`): whether the page may be kept, its canonical address.
            "listing_page": getattr(request, "_listing_page", None),
        }
    finally:
        _shown.reset(token)
    if entry["listing_page"] is None or entry["listing_page"]["real"]:  # never a page number past the end
        cache.set(key, entry, FRAGMENT_SECONDS)
    _shown_in_fragment(request, entry)
    return html


def _shown_in_fragment(request, entry):
    recorded = _shown.get()
    if recorded is not None:
        recorded.update(entry["versions"])
    if entry.get("listing_page") is not None:
        request._listing_page = entry["listing_page"]


def _move(topics):
    moved = {_version_key(topic): new_version() for topic in topics}
    cache.set_many(moved, None)
    for key, version in moved.items():
        remember_version(key, version)


def drop(*topics, at_once=True):
    """Whatever shows these topics is stale: kept pages and the figures cached under their versions.
    Moved at once (unless `at_once=False`, for a caller already running after the commit), and again
    once the transaction commits (a reader rendering meanwhile could keep the page as it was before
    the change); a CDN in front is purged of the addresses that showed them."""
    topics = [topic for topic in dict.fromkeys(topics) if topic]
    if not topics:
        return
    if at_once:
        _move(topics)

    def after_commit():
        _move(topics)
        _purge_cdn(topics)

    transaction.on_commit(after_commit)


def _purge_key(topic):
    return f"purge-paths:{topic}"


def _remember_paths(path, topics):
    """Which addresses showed each topic, for the CDN's purge: only when a CDN is configured."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    topics = [topic for topic in topics if topic not in ("site", "menu")]
    kept = cache.get_many([_purge_key(topic) for topic in topics])
    updated = {}
    for topic in topics:
        paths = kept.get(_purge_key(topic)) or []
        if path not in paths:
            updated[_purge_key(topic)] = [*paths, path][-PURGE_PATHS_PER_TOPIC:]
    if updated:
        cache.set_many(updated, settings.PAGE_CACHE_SECONDS or None)


def _purge_cdn(topics):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    paths = set()
    for value in cache.get_many([_purge_key(topic) for topic in topics]).values():
        paths.update(value)
    # A stream of gifts purges one address at most once in the figures' hold.
    urls = [absolute_url(path) for path in sorted(paths) if cache.add(f"purged:{path}", 1, FIGURES_HOLD_SECONDS)]
    if urls:
        batch = PurgeBatch()
        batch.add_urls(urls)
        batch.purge()


def is_anonymous_reader(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False  # logged in, or a session of their own (a family's flow, a password-protected page)
    if request.headers.get("Authorization"):
        return False
    return not request.path.startswith(NEVER_CACHED_PREFIXES)


def is_kept_address(request):
    """An address without a query string, or with a page number alone: any other query string is
    served fresh and never stored (tracking parameters, or a made-up one to fill the cache)."""
    query = request.META.get("QUERY_STRING", "")
    return not query or KEPT_QUERY.fullmatch(query) is not None


def listing_page_shown(request, asked, number):
    """A listing was asked for page `asked` (the raw `?page=`) and shows page `number`: a page number
    past the end (or not a number) is answered with the page shown, and never kept."""
    if request is not None:
        request._listing_page = {"number": number, "real": asked is None or asked == str(number)}


def listing_page_number(request):
    """The page number of the listing a page shows (its canonical address names it beyond the first)."""
    return getattr(request, "_listing_page", {}).get("number", 1)


def _page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()[:40]


def _without_vary_cookie(response):
    vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
    kept = [value for value in vary if value.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


def _stale_topics(entry, known=None):
    """The topics whose version moved since the page was kept (a topic whose version is gone counts).
    `known`, {version key: version} read a moment ago in this request, spares reading those again; the
    versions read are added to it."""
    known = {} if known is None else known
    kept = entry["versions"]
    missing = [key for key in map(_version_key, kept) if key not in known]
    if missing:
        found = cache.get_many(missing)
        known.update({key: found.get(key) for key in missing})
    return [topic for topic, version in kept.items() if known[_version_key(topic)] != version]


def _answerable(entry, stale):
    """Fresh, or only its figures moved while it is held for them (a busy page: its script shows the live figures)."""
    if not stale:
        return True
    figures_only = all(topic.startswith(STALE_TOLERANT_PREFIX) for topic in stale)
    return figures_only and time.time() < entry["figures_hold_until"]


def _hold(key, entry):
    """Hold a kept page in this worker, as bytes: every reader gets a response of their own."""
    kept_until = entry.get("kept_until")
    if kept_until is not None:
        held = (entry["versions"], entry["figures_hold_until"], pickle.dumps(entry, pickle.HIGHEST_PROTOCOL))
        _held.put(key, held, until=kept_until)


def _answer(request, entry):
    response = entry["response"]
    if request.method == "HEAD":
        response.content = b""
    return response


class FetchFromPageCacheMiddleware:
    """Right after WhiteNoise in MIDDLEWARE: answers an anonymous reader from the page cache before the
    session, CSRF, authentication and the view run (the kept response carries every header they set)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self._answer_or_render(request)
        finally:
            _read_in_request.reset(token)

    def _answer_or_render(self, request):
        if not (settings.PAGE_CACHE_SECONDS and is_anonymous_reader(request) and is_kept_address(request)):
            return self.get_response(request)
        pages = caches[PAGE_CACHE_ALIAS]
        key = _page_key(request)
        known = {}
        held = _held.get(key)
        if held is not None:
            versions_kept, figures_hold_until, kept_bytes = held
            stale = _stale_topics({"versions": versions_kept}, known)
            if _answerable({"figures_hold_until": figures_hold_until}, stale):
                # As the shared copy would answer: until it is stale, or past the hold of its figures, the
                # shared copy is this same page (a page is kept again only once one of them is over).
                return _answer(request, pickle.loads(kept_bytes))  # noqa: S301 - our own bytes, as the cache's
        entry = pages.get(key)
        figures_only = False
        if entry is not None:
            request._page_cache_previous_figures_render = entry.get("figures_rendered_at", 0)
            stale = _stale_topics(entry, known)
            if _answerable(entry, stale):
                _hold(key, entry)
                return _answer(request, entry)
            figures_only = all(topic.startswith(STALE_TOLERANT_PREFIX) for topic in stale)
        lock = key + ":rendering"
        if not pages.add(lock, 1, RENDER_LOCK_SECONDS):
            # Another worker renders this page now.
            if figures_only:
                return _answer(request, entry)  # its figures only: the copy we have, for a moment
            fresh = self._wait_for_render(pages, key, lock)
            if fresh is not None:
                return _answer(request, fresh)
            lock = None  # that render took too long or was not kept: render it here too
        else:
            # Another worker may have rendered and kept it between our read and our lock: its copy will do.
            fresh = pages.get(key)
            if fresh is not None and not _stale_topics(fresh):
                pages.delete(lock)
                return _answer(request, fresh)
        if lock is not None and getattr(request, "_page_cache_keeper", False):
            # Released once the page is kept (UpdatePageCacheMiddleware, further out): a reader waiting
            # for this render must find the page kept when the lock goes, not render it too.
            request._page_cache_lock, lock = lock, None
        try:
            return self._render(request, key, figures_only)
        finally:
            if lock is not None:
                pages.delete(lock)

    def _wait_for_render(self, pages, key, lock):
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDER_WAIT_STEP_SECONDS)
            if pages.get(lock) is None:
                entry = pages.get(key)
                return entry if entry is not None and not _stale_topics(entry) else None
        return None

    def _render(self, request, key, figures_only):
        # Every page shows the site's settings and restrictions: it depends on `site`.
        token = _shown.set({})
        try:
            shows("site")
            request._page_cache_key = key
            request._page_cache_figures_render = figures_only
            response = self.get_response(request)
            request._page_cache_shown = _shown.get()
        finally:
            _shown.reset(token)
        return response


class UpdatePageCacheMiddleware:
    """First in MIDDLEWARE: keeps an anonymous reader's page with the versions of what it showed, and
    tells a CDN it may keep it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache_keeper = True
        try:
            return self._keep_if_shared(request)
        finally:
            lock = getattr(request, "_page_cache_lock", None)
            if lock is not None:
                caches[PAGE_CACHE_ALIAS].delete(lock)

    def _keep_if_shared(self, request):
        response = self.get_response(request)
        shown = getattr(request, "_page_cache_shown", None)
        if shown is None or not self._may_keep(request, response):
            return response
        # Wagtail's user bar reads the session, so every page says Vary: Cookie. A reader without a
        # session cookie gets the same page whatever other cookies they carry: key on the URL alone.
        if has_vary_header(response, "Cookie"):
            _without_vary_cookie(response)
        if response.get("Vary"):
            return response  # it differs by some other header: not one page for every reader
        # Browsers ask again each time (a donor coming back sees their gift); a CDN keeps the page a
        # little while and is purged of what changes (wagtail.contrib.frontend_cache, when configured).
        response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.CDN_CACHE_SECONDS}"
        if "Expires" in response:
            del response["Expires"]
        # A page re-rendered for its figures twice within two holds is busy: hold the next figures render.
        now = time.time()
        figures_render = request._page_cache_figures_render
        busy = now - getattr(request, "_page_cache_previous_figures_render", 0) < 2 * FIGURES_HOLD_SECONDS
        hold = now + FIGURES_HOLD_SECONDS if figures_render and busy else 0
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.add_post_render_callback(lambda r: self._keep(request, r, shown, hold))
        else:
            self._keep(request, response, shown, hold)
        return response

    def _may_keep(self, request, response):
        if response.cookies or response.status_code != 200 or response.streaming:
            return False  # a CSRF token or another cookie of the visitor's own: never shared
        if getattr(request, "_csp_nonce", None):
            return False  # the page used this request's nonce: another reader must not get it
        if request.GET.get("page") is not None and not getattr(request, "_listing_page", {}).get("real"):
            return False  # a page number past a listing's end, or on a page that is no listing
        cache_control = response.get("Cache-Control", "").lower()
        return not any(directive in cache_control for directive in ("private", "no-cache", "no-store"))

    def _keep(self, request, response, shown, hold):
        figures_rendered_at = time.time() if request._page_cache_figures_render else 0
        entry = {
            "response": response,
            "versions": shown,
            "figures_hold_until": hold,
            "figures_rendered_at": figures_rendered_at,
            "kept_until": time.time() + settings.PAGE_CACHE_SECONDS,
        }
        caches[PAGE_CACHE_ALIAS].set(request._page_cache_key, entry, settings.PAGE_CACHE_SECONDS)
        _remember_paths(request.get_full_path(), list(shown))
