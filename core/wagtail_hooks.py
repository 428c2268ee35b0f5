"""Every served page shows its own words: its publish, unpublish or deletion drops its kept copy; page links in
rich text read their addresses from the cache (core/richtext.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .pagecache import shows
from .richtext import KeptPageLinkHandler


@hooks.register("before_serve_page")
def page_shows_itself(page, request, serve_args, serve_kwargs):
    shows(f"page:{page.pk}")


@hooks.register("insert_editor_js")
def publish_after_autosave():
    """A Publish clicked while Wagtail's autosave creates the page waits for it (static/js/admin/)."""
    return format_html('<script src="{}"></script>', static("js/admin/publish-after-autosave.js"))


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own page links
def kept_page_links(features):
    features.register_link_type(KeptPageLinkHandler)
