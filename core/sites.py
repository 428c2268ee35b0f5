"""The request's Wagtail site and its root page, from the cache.

Wagtail finds the site of every request in the database (`Site.find_for_request`), then loads the site's
root page in its own type to route from it: two queries for every page served. Both change only when a
Site is saved or deleted, or the root page is published, which all move `content_version()`
(core/queries.py): the site is kept under it, its root page in its own type with it, and set where
Wagtail looks first (`request._wagtail_site`, as `Site.find_for_request` caches it on the request).
"""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from .queries import content_version, versioned

# Endpoints that show no page and link to none: Stripe's webhook (race day's gifts), the live totals a kept
# page's script polls and the donation form's token. They skip the site's two reads from the shared cache;
# should one ever ask for the site, Wagtail finds it as usual.
NO_PAGE_PATHS = ("/donations/stripe/", "/donations/totals/", "/donations/form-token/")


def site_with_root_page(hostname, port):
    """The Site that answers at hostname:port (Wagtail's choice), its root page in its own type, or None."""
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page.localized.specific  # noqa: B018 - loaded now, kept with the site
    return site


class SiteFromCacheMiddleware:
    """After the page cache's answer (a kept page needs no site): the site for Wagtail's routing and URLs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(NO_PAGE_PATHS):
            return self.get_response(request)
        # As Wagtail finds it, but only for an allowed host (DisallowedHost answers 400): no key per made-up host.
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        site = versioned(f"site:{hostname}:{port}:{content_version()}", lambda: site_with_root_page(hostname, port))
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)
