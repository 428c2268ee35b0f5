"""The site's public address (settings.SITE_URL): applied to the default Wagtail Site by `migrate`,
and the start of every absolute URL that is not a page's own (pages take theirs from the Site)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_url():
    """SITE_URL without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def hostname():
    return urlsplit(site_url()).hostname


def host_and_port():
    """(hostname, port) as a Wagtail Site stores them, from SITE_URL; refuses what a Site cannot say."""
    parts = urlsplit(site_url())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's scheme and host only, e.g. https://necsociety.org, not {settings.SITE_URL!r}."
        )
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    # Wagtail writes https:// only for port 443 (and http:// for every other port).
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(f"SITE_URL: an https address must use port 443, not {port}.")
    return parts.hostname, port


def absolute_url(path):
    """`path` (site-relative) as an absolute URL on the public address; absolute URLs (media on a CDN) stay."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")


def apply_to_default_site(**kwargs):
    """post_migrate: the default Site answers at SITE_URL, so pages' full URLs start with it."""
    hostname, port = host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
