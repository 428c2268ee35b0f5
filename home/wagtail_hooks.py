"""Admin for the home app: the icons of the home, standard and contact page types, the dashboard's campaign panel."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet

from .dashboard import CurrentCampaignPanel
from .models import ContactPage, HomePage, StandardPage


@hooks.register("register_admin_viewset")
def register_home_page_types():
    # Wagtail shows a page type's icon through the type's viewset: type listings, "choose parent", the explorer.
    return [
        PageViewSet("home_page_type", model=HomePage, icon="home"),
        PageViewSet("standard_page_type", model=StandardPage, icon="doc-full"),
        PageViewSet("contact_page_type", model=ContactPage, icon="mail"),
    ]


@hooks.register("construct_homepage_panels")
def add_current_campaign_panel(request, panels):
    panels.append(CurrentCampaignPanel(request.user))
