"""Admin for the home app: the icons of the home and standard page types."""

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet

from .models import HomePage, StandardPage


class HomePageViewSet(PageViewSet):
    # Wagtail shows a page type's icon through its viewset: type listings, "choose parent", the explorer.
    model = HomePage
    icon = "home"


class StandardPageViewSet(PageViewSet):
    model = StandardPage
    icon = "doc-full"


@hooks.register("register_admin_viewset")
def register_home_page_types():
    return [HomePageViewSet("home_page_type"), StandardPageViewSet("standard_page_type")]
