"""Admin for the home app: the icons of the home and standard page types."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet

from .models import HomePage, StandardPage


@hooks.register("register_admin_viewset")
def register_home_page_types():
    # Wagtail shows a page type's icon through the type's viewset: type listings, "choose parent", the explorer.
    return [
        PageViewSet("home_page_type", model=HomePage, icon="home"),
        PageViewSet("standard_page_type", model=StandardPage, icon="doc-full"),
    ]
