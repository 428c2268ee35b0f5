"""The staff's side: donations in the Wagtail admin (wagtail-modeladmin) and the dashboard's
"Current campaign" panel."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from .models import Donation, percent_of_goal
from .recognition import page_recognition


class DonationIndexView(IndexView):
    export_headings = {
        "received_at": "Received",
        "donor_name": "Donor name",
        "donor_email": "Donor email",
        "amount_cents": "Amount (cents)",
        "currency": "Currency",
        "fee_covered_cents": "Fee covered (cents)",
        "designation_title": "Designation",
        "frequency": "Frequency",
        "status": "Status",
        "source": "Source",
        "is_anonymous": "Anonymous",
        "tribute_kind": "Dedication",
        "tribute_name": "Dedicated to",
        "message": "Message",
        "stripe_payment_id": "Stripe payment id",
        "stripe_customer_id": "Stripe customer id",
        "stripe_subscription_id": "Stripe subscription id",
    }


class DonationAdmin(ModelAdmin):
    model = Donation
    menu_label = "Donations"
    menu_icon = "pick"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ("received_at", "donor_name", "amount_display", "page", "frequency", "status", "source")
    list_filter = ("page", "event", "status", "frequency", "source", "received_at")
    search_fields = ("donor_name", "donor_email", "stripe_payment_id", "stripe_customer_id", "stripe_subscription_id")
    list_export = tuple(DonationIndexView.export_headings)  # the columns, in the order of their headings
    index_view_class = DonationIndexView
    export_filename = "necsociety-donations"
    inspect_view_enabled = True
    inspect_template_name = "donations/admin/inspect.html"
    form_fields_exclude = ("stripe_payment_id", "stripe_customer_id", "stripe_subscription_id", "refunded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "event")


modeladmin_register(DonationAdmin)


LATEST_GIFTS = 8
PENDING_TRIBUTES_SHOWN = 5
OTHER_EVENTS_SHOWN = 3


def campaign_events():
    """The current campaign first (the next or running live event, else the latest one), then the
    other events still to come. Two queries at most."""
    from events.models import EventPage

    events = EventPage.objects.live().only("title", "start", "end", "goal_cents", "path", "depth", "url_path")
    upcoming = list(events.filter(end__gte=timezone.now()).order_by("start")[: OTHER_EVENTS_SHOWN + 1])
    if upcoming:
        return upcoming
    latest = events.order_by("-start").first()
    return [latest] if latest else []


class CurrentCampaignPanel(Component):
    """The dashboard's view of the campaign: raised against goal, team, miles, tributes waiting for
    review and the latest gifts, in a fixed number of queries whatever their numbers."""

    name = "current_campaign"
    template_name = "donations/admin/current_campaign_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from events.models import FINAL_STRETCH, EventIndexPage
        from stories.models import RunnerStoryPage
        from stories.panels import may_review_tributes, tributes_awaiting_review

        events = campaign_events()
        context = {"event": None, "other_events": events[1:], "total_miles": FINAL_STRETCH}
        if events:
            event = context["event"] = events[0]
            totals = page_recognition(event)["totals"]
            context["totals"] = totals
            if event.goal_cents:
                context["percent"] = percent_of_goal(totals["raised_cents"], event.goal_cents)
            context["team"] = RunnerStoryPage.objects.child_of(event).aggregate(
                published=Count("pk", filter=Q(live=True)), drafts=Count("pk", filter=Q(live=False))
            )
            context["miles_dedicated"] = event.miles.count()
            context["public_url"] = event.url
            context["has_ended"] = event.end < timezone.now()
        else:
            context["events_index"] = EventIndexPage.objects.first()
        if may_review_tributes(self.user):
            pending = tributes_awaiting_review()
            context["pending_tributes"] = pending.only("title", "baby_name")[:PENDING_TRIBUTES_SHOWN]
            context["pending_count"] = pending.count()
            context["may_review"] = True
        if self.user.has_perm("donations.view_donation"):
            context["latest_gifts"] = Donation.objects.select_related("page").order_by("-received_at")[:LATEST_GIFTS]
            context["may_view_gifts"] = True
        return context


@hooks.register("construct_homepage_panels")
def add_current_campaign_panel(request, panels):
    panels.append(CurrentCampaignPanel(request.user))
