"""Admin: the event page types' icons, a flat listing of events with the columns editors look for,
and the bracelets button."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.admin.widgets import Button

from core.admin_columns import Column, DateColumn, page_listing_columns

from . import report
from .models import EventIndexPage, EventPage


@hooks.register("register_admin_viewset")
def register_event_page_types():
    # Wagtail shows a page type's icon through the type's viewset.
    return [
        PageViewSet("event_index_page_type", model=EventIndexPage, icon="calendar"),
        PageViewSet("event_page_type", model=EventPage, icon="date"),
    ]


class EventPageListingViewSet(PageListingViewSet):
    icon = "date"
    menu_label = "Events"
    add_to_admin_menu = True
    menu_order = 210
    model = EventPage
    columns = page_listing_columns(
        DateColumn("start", label="Start", sort_key="start"),
        Column("venue", label="Venue", sort_key="venue"),
        Column("time_zone", label="Time zone", accessor="get_time_zone_display"),
    )


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventPageListingViewSet("event_pages")


@hooks.register("register_page_header_buttons")
def bracelets_button(page, user, view_name, next_url=None):
    event = page.specific_deferred
    # The print view is served from the live page: a draft that was never published has none yet.
    if isinstance(event, EventPage) and event.live and event.url:
        yield Button(
            "Print bracelets",
            event.url + event.reverse_subpage("bracelets"),
            icon_name="print",
            priority=40,
            attrs={"target": "_blank", "rel": "noopener"},
        )


class CampaignReportMenuItem(MenuItem):
    """Shown to staff who may see donations (the view refuses anyone else)."""

    def is_shown(self, request):
        return request.user.has_perm(report.PERMISSION)


@hooks.register("register_admin_urls")
def register_campaign_report_url():
    return [path("reports/campaign/", report.campaign_report, name="events_campaign_report")]


@hooks.register("register_reports_menu_item")
def register_campaign_report_menu_item():
    return CampaignReportMenuItem(
        "Campaign report", reverse("events_campaign_report"), name="campaign-report", icon_name="table", order=100
    )
