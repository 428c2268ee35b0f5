"""Admin: flat listings of runners, tributes and press, with the columns editors look for."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_columns import BooleanColumn, Column, DateColumn, page_listing_columns

from .models import PressCoveragePage, RunnerStoryPage, TributePage


class RunnerStoryListingViewSet(PageListingViewSet):
    icon = "user"
    menu_label = "Runners"
    model = RunnerStoryPage
    columns = page_listing_columns(
        Column("runner_name", label="Runner", sort_key="runner_name"),
        Column("goal", label="Goal", accessor="goal_display"),
    )


class TributeListingViewSet(PageListingViewSet):
    icon = "pick"
    menu_label = "Tributes"
    model = TributePage
    columns = page_listing_columns(
        Column("baby_name", label="Baby's name", sort_key="baby_name"),
        BooleanColumn("is_listed", label="Listed", sort_key="is_listed"),
        DateColumn("latest_revision_created_at", label="Updated", sort_key="latest_revision_created_at"),
    )


class PressCoverageListingViewSet(PageListingViewSet):
    icon = "doc-full"
    menu_label = "Press"
    model = PressCoveragePage
    columns = page_listing_columns(
        Column("outlet", label="Outlet", sort_key="outlet"),
        Column("kind", label="Kind", accessor="get_kind_display"),
        DateColumn("published", label="Published", sort_key="published"),
    )


class CampaignViewSetGroup(ViewSetGroup):
    menu_label = "Campaign"
    menu_icon = "group"
    menu_order = 220
    items = (
        RunnerStoryListingViewSet("runner_stories"),
        TributeListingViewSet("tributes"),
        PressCoverageListingViewSet("press_coverage"),
    )


@hooks.register("register_admin_viewset")
def register_campaign_listings():
    return CampaignViewSetGroup()
