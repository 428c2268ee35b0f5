"""The staff's side: donations in the Wagtail admin (wagtail-modeladmin)."""

from django.contrib.admin import RelatedFieldListFilter
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, get_page_models
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from .fields import CentsField, format_cents
from .models import DesignationMixin, Donation

# Stripe is the record of a gift paid online: its amount and donor change only there (refunds too).
STRIPE_RECORDED_FIELDS = (
    "amount_cents",
    "currency",
    "fee_covered_cents",
    "frequency",
    "status",
    "source",
    "donor_name",
    "donor_email",
    "received_at",
)


class DesignationFilter(RelatedFieldListFilter):
    """Only pages that take gifts (event, runner, tribute), not every page of the site."""

    def field_choices(self, field, request, model_admin):
        types = ContentType.objects.get_for_models(
            *[model for model in get_page_models() if issubclass(model, DesignationMixin)]
        ).values()
        pages = Page.objects.filter(content_type__in=types).order_by("title")
        return [(page.pk, page.title) for page in pages.only("pk", "title")]


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


class DonationInspectView(InspectView):
    def get_field_display_value(self, field_name, field=None):
        if isinstance(field, CentsField):
            return format_cents(getattr(self.instance, field_name) or 0)
        return super().get_field_display_value(field_name, field)


class DonationEditView(EditView):
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if not self.instance.is_offline:
            for name in STRIPE_RECORDED_FIELDS:
                if name in form.fields:
                    form.fields[name].disabled = True
                    form.fields[name].help_text = "Recorded from Stripe: change or refund it in Stripe's dashboard."
        return form


class DonationAdmin(ModelAdmin):
    model = Donation
    menu_label = "Donations"
    menu_icon = "pick"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ("received_at", "donor_name", "amount_display", "page", "frequency", "status", "source")
    list_filter = (
        ("page", DesignationFilter),
        ("rollup_page", DesignationFilter),
        "status",
        "frequency",
        "source",
        "received_at",
    )
    search_fields = ("donor_name", "donor_email", "stripe_payment_id", "stripe_customer_id", "stripe_subscription_id")
    list_export = tuple(DonationIndexView.export_headings)  # the columns, in the order of their headings
    index_view_class = DonationIndexView
    export_filename = "necsociety-donations"
    inspect_view_enabled = True
    inspect_view_class = DonationInspectView
    edit_view_class = DonationEditView
    inspect_template_name = "donations/admin/inspect.html"
    form_fields_exclude = ("stripe_payment_id", "stripe_customer_id", "stripe_subscription_id", "refunded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "rollup_page")


modeladmin_register(DonationAdmin)
