"""The stories app's admin, which Wagtail discovers here: each part registers its own (its
`wagtail_hooks.py`, loaded below), and their page listings stand together under one "Campaign" menu."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .miles import wagtail_hooks as miles_hooks  # noqa: F401 (registers the event page's mile panels)
from .press import wagtail_hooks as press_hooks
from .runners import wagtail_hooks as runners_hooks
from .tributes import wagtail_hooks as tributes_hooks


class CampaignViewSetGroup(ViewSetGroup):
    menu_label = "Campaign"
    menu_icon = "group"
    menu_order = 220
    items = (
        runners_hooks.RunnerStoryListingViewSet("runner_stories"),
        tributes_hooks.TributeListingViewSet("tributes"),
        press_hooks.PressCoverageListingViewSet("press_coverage"),
    )


@hooks.register("register_admin_viewset")
def register_campaign_listings():
    return CampaignViewSetGroup()
