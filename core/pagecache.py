"""The page cache for anonymous readers: Django's cache middleware, held in the shared "pages" cache.

A reader without a session cookie (never logged in, no family's private session) gets the same page as
every other such reader, so the whole response is kept under its URL and the next visit costs no
database query. What is never kept: a request with a session cookie, a POST, the admin and the
donation endpoints, any response that sets a cookie (a form's CSRF token: the tribute form, a
password-protected page) or says `private`, `no-cache` or `no-store`, and any response whose page used
the request's Content-Security-Policy nonce (the next reader would be served the first one's nonce).

Only an address without a query string, or with `page=<number>` alone (a listing's pages), is kept: a
shared link's `fbclid`, `utm_*` or `gclid`, or a made-up `?x=<random>`, is served fresh and never stored,
so that nobody can grow the cache (it shares Redis with the rate limits) by varying the query string.

Any move of a cache version (`core.queries.bump_cache_version`: a page published, unpublished, moved or
deleted, a view restriction, a gift, the donation settings) clears the whole page cache, as wagtail-cache
does on publish: the next visit renders afresh. The cache has an alias of its own ("pages") so that
clearing it leaves the version keys and rate limits of the default cache alone.
"""

import re

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import has_vary_header

PAGE_CACHE_ALIAS = "pages"
# Paths whose answers are never shared: the admin, the Stripe endpoints and live totals, documents
# (which may be private), and the search (a query string per visitor, no reuse).
NEVER_CACHED_PREFIXES = ("/admin/", "/django-admin/", "/donations/", "/documents/", "/search/")
# The only query string a kept page may have: a listing's page number.
KEPT_QUERY = re.compile(r"page=[0-9]{1,6}")


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


def clear_page_cache():
    """Drop every kept page, now and again once the transaction commits (a reader rendering meanwhile
    could have kept the page as it was before the change)."""
    if not settings.PAGE_CACHE_SECONDS:
        return
    caches[PAGE_CACHE_ALIAS].clear()
    transaction.on_commit(caches[PAGE_CACHE_ALIAS].clear)


def _without_vary_cookie(response):
    vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
    kept = [value for value in vary if value.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


class FetchFromPageCacheMiddleware(FetchFromCacheMiddleware):
    """Right after WhiteNoise in MIDDLEWARE: answers an anonymous reader from the page cache before the
    session, CSRF, authentication and the view run (the kept response carries every header they set)."""

    def process_request(self, request):
        request._page_cache_reader = (
            bool(settings.PAGE_CACHE_SECONDS) and is_anonymous_reader(request) and is_kept_address(request)
        )
        if not request._page_cache_reader:
            request._cache_update_cache = False
            return None
        return super().process_request(request)


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    """First in MIDDLEWARE: keeps an anonymous reader's page, and tells a CDN it may keep it too."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.cache_timeout = settings.PAGE_CACHE_SECONDS

    def process_response(self, request, response):
        if not getattr(request, "_page_cache_reader", False):
            return response
        if response.cookies or response.status_code != 200 or response.streaming:
            return response  # a CSRF token or another cookie of the visitor's own: never shared
        if getattr(request, "_csp_nonce", None):
            return response  # the page used this request's nonce: another reader must not get it
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in ("private", "no-cache", "no-store")):
            return response
        # Wagtail's user bar reads the session, so every page says Vary: Cookie. A reader without a
        # session cookie gets the same page whatever other cookies they carry: key on the URL alone.
        if has_vary_header(response, "Cookie"):
            _without_vary_cookie(response)
        response = super().process_response(request, response)
        # Browsers ask again each time (a donor coming back sees their gift); a CDN keeps the page a
        # little while and is purged on publish (wagtail.contrib.frontend_cache, when configured).
        response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.CDN_CACHE_SECONDS}"
        if "Expires" in response:
            del response["Expires"]
        return response
