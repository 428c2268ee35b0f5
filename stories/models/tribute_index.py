"""The family tributes' index: the list of listed tributes and the family's submission flow.

Defined after the other story models (see `stories/models/__init__.py`): its routes call the
family's views, which use those models.
"""

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from core.models import HOME_PAGE_MODEL, BasePage
from core.queries import TypedChildRoutingMixin, prefetch_renditions

from .. import views
from .tributes import TRIBUTES_PER_PAGE, listed_tributes


class TributeIndexPage(TypedChildRoutingMixin, RoutablePageMixin, BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two above the list of tributes.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = [HOME_PAGE_MODEL]
    subpage_types = ["stories.TributePage"]
    max_count = 1
    page_description = "The list of listed family tributes. There is only one."

    class Meta:
        verbose_name = "tribute index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tributes = listed_tributes().child_of(self).order_by("baby_name")
        context["tributes"] = page = Paginator(tributes, TRIBUTES_PER_PAGE).get_page(request.GET.get("page"))
        prefetch_renditions([tribute.get_listing_image() for tribute in page])
        return context

    # The family's submission flow (stories/views.py): the form, then their private link.
    @path("share/", name="share_tribute")
    def share_tribute(self, request):
        return views.share_tribute(self, request)

    @path("your-tribute/<str:token>/", name="tribute_status")
    @re_path(r"^your-tribute/(?P<token>[\w-]+)/(?P<action>change|withdraw)/$", name="tribute_status_action")
    def tribute_status(self, request, token, action=None):
        return views.tribute_status(self, request, token, action)

    @path("your-tribute/<str:token>/guestbook/<int:message_id>/hide/", name="guestbook_hide")
    def guestbook_hide(self, request, token, message_id):
        return views.guestbook_hide(self, request, token, message_id)
