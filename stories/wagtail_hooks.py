"""Admin: flat listings of runners, tributes and press, with the columns editors look for."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import PressCoveragePage, RunnerStoryPage, TributePage


class RunnerStoryListingViewSet(PageListingViewSet):
    icon = "user"
    menu_label = "Runners"
    model = RunnerStoryPage
    list_display = ["title", "runner_name", "parent", "goal_cents", "status"]


class TributeListingViewSet(PageListingViewSet):
    icon = "pick"
    menu_label = "Tributes"
    model = TributePage
    list_display = ["title", "baby_name", "is_listed", "latest_revision_created_at", "status"]


class PressCoverageListingViewSet(PageListingViewSet):
    icon = "doc-full"
    menu_label = "Press"
    model = PressCoveragePage
    list_display = ["title", "outlet", "kind", "published", "status"]
    ordering = "-published"


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
