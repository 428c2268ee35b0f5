"""Every served page shows its own words: its publish, unpublish or deletion drops its kept copy."""

from wagtail import hooks

from .pagecache import shows


@hooks.register("before_serve_page")
def page_shows_itself(page, request, serve_args, serve_kwargs):
    shows(f"page:{page.pk}")
