from django import template
from wagtail.models import Page, Site

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
    if root is not None:
        items = root.get_children().live().public().in_menu().only("title", "url_path", "path", "depth")
    current = context.get("page")
    return {"menu_pages": items, "current_page": current, "request": context.get("request")}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = (
            Page.objects.ancestor_of(page, inclusive=False)
            .filter(depth__gt=1)
            .only("title", "url_path", "path", "depth")
        )
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
