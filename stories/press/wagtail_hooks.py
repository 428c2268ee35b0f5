"""Press coverage in the admin: its page types' icons and the flat listing of coverage (in the
"Campaign" menu, see `stories/wagtail_hooks.py`)."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet

from core.admin_columns import Column, DateColumn, page_listing_columns

from .models import PressCoveragePage, PressIndexPage


@hooks.register("register_admin_viewset")
def register_press_page_types():
    # Wagtail shows a page type's icon through the type's viewset.
    return [
        PageViewSet("press_index_page_type", model=PressIndexPage, icon="globe"),
        PageViewSet("press_coverage_page_type", model=PressCoveragePage, icon="link-external"),
    ]


class PressCoverageListingViewSet(PageListingViewSet):
    icon = "doc-full"
    menu_label = "Press"
    model = PressCoveragePage
    columns = page_listing_columns(
        Column("outlet", label="Outlet", sort_key="outlet"),
        Column("kind", label="Kind", accessor="get_kind_display"),
        DateColumn("published", label="Published", sort_key="published"),
    )
