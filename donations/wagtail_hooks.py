"""The staff's side: donations in the Wagtail admin (wagtail-modeladmin) and a dashboard panel."""

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from .models import Donation


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


class FundraisingPanel(Component):
    """Raised for each current event against its goal, and the latest gifts."""

    name = "fundraising"
    template_name = "donations/admin/fundraising_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        from events.models import EventPage

        recent_cutoff = timezone.now() - timezone.timedelta(days=60)
        events = list(EventPage.objects.live().filter(end__gte=recent_cutoff).order_by("start")[:5])
        raised = Donation.objects.counted().filter(event__in=events).raised_by("event_id")
        for event in events:
            event.raised_cents = raised.get(event.pk, 0)
        return {
            "events": events,
            "latest": Donation.objects.select_related("page").order_by("-received_at")[:8],
        }


@hooks.register("construct_homepage_panels")
def add_fundraising_panel(request, panels):
    if request.user.has_perm("donations.view_donation") or request.user.is_superuser:
        panels.append(FundraisingPanel())
