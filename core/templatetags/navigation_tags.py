from django import template
from wagtail.models import Page, Site

from core.pagecache import shows
from core.queries import content_version, public, versioned

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    root = site_root(context)
    items = []
    shows("menu")
    if root is not None:
        items = versioned(
            f"nav:menu:{root.pk}:{content_version()}",
            lambda: list(public(root.get_children()).in_menu().only("title", "url_path", "path", "depth")),
        )
    current = context.get("page")
    current_path = getattr(current, "path", None) or ""
    menu = []
    for item in items:
        # Only the section the page stands in: its own entry, or the one of its ancestor in the menu.
        if current_path == item.path:
            state = "page"
        elif current_path.startswith(item.path):
            state = "true"
        else:
            state = None
        menu.append((item, state))
    return {"menu": menu, "request": context.get("request")}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        # Keyed on the page's path: a preview of an unsaved page shares its parent's ancestors.
        ancestors = versioned(
            f"nav:crumbs:{page.path}:{content_version()}",
            lambda: list(
                Page.objects.ancestor_of(page, inclusive=False)
                .filter(depth__gt=1)
                .only("title", "url_path", "path", "depth")
            ),
        )
        # A parent's new title or address shows here: its publish drops this page.
        shows(*(f"page:{ancestor.pk}" for ancestor in ancestors))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
