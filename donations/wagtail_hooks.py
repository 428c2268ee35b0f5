"""The staff's side: donations in the Wagtail admin (wagtail-modeladmin)."""

from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView

from .models import Donation


class DonationIndexView(IndexView):
    export_headings = {
        "received_at": "Received",
        "donor_name": "Donor name",
        "donor_email": "Donor email",
        "display_name": "Name shown",
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
    list_filter = ("page", "rollup_page", "status", "frequency", "source", "received_at")
    search_fields = ("donor_name", "donor_email", "stripe_payment_id", "stripe_customer_id", "stripe_subscription_id")
    list_export = tuple(DonationIndexView.export_headings)  # the columns, in the order of their headings
    index_view_class = DonationIndexView
    export_filename = "necsociety-donations"
    inspect_view_enabled = True
    inspect_template_name = "donations/admin/inspect.html"
    form_fields_exclude = ("stripe_payment_id", "stripe_customer_id", "stripe_subscription_id", "refunded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "rollup_page")


modeladmin_register(DonationAdmin)
