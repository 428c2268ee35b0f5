"""Absolute URLs on the site's public address (SITE_URL): `{{ rendition.url|absolute }}`, and the
page's canonical address, `{% canonical_url %}`."""

from django import template

from core.pagecache import listing_page_number
from core.site_url import absolute_url

register = template.Library()


@register.filter
def absolute(path):
    return absolute_url(str(path))


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's full URL; page 2 and later of a paginated listing are pages of their own (?page=N).

    A view of its own under a page (an event's `team/`) names its address in the context as
    `canonical_path` (site-relative): that address is the canonical one, not the page's.
    """
    page = context.get("page")
    request = context.get("request")
    if context.get("canonical_path"):
        url = absolute_url(context["canonical_path"])
    else:
        url = page.get_full_url(request) if page is not None else ""
    number = listing_page_number(request)
    return f"{url}?page={number}" if number > 1 else url
