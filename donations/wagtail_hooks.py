"""The staff's side: donations in the Wagtail admin (wagtail-modeladmin)."""

from decimal import Decimal

from django.contrib import admin as admin_filters
from django.contrib.admin import RelatedFieldListFilter
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from . import admin_events, admin_receipts, admin_refunds, admin_statements, export
from .fields import CentsField, format_cents
from .models import DedicationCard, Donation, MonthlyPledge, StripeEvent, designatable_page_models

# Stripe is the record of a gift paid online: its amount and donor change only there (refunds are asked of
# Stripe from the gift's page, donations/admin_refunds.py, and recorded from its webhook).
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
        pages = Page.objects.type(*designatable_page_models()).order_by("title")
        return [(page.pk, page.title) for page in pages.only("pk", "title")]


class DonationIndexView(IndexView):
    """The donations list; its CSV and XLSX export has the columns of `donations/export.py`."""

    export_headings = export.HEADINGS

    def to_row_dict(self, item):
        return export.row(item)

    def preprocess_field_value(self, field, value, export_format):
        return export.cell(value, csv=export_format == self.FORMAT_CSV)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format):
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
            yield cell


class DonationInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The e-card the donor asked for, if any: to whom, masked, and when it was sent (never the address).
        context["dedication_card"] = DedicationCard.objects.filter(donation=self.instance).first()
        may_refund = self.request.user.has_perm(admin_refunds.PERMISSION)
        context.update(
            refund_url=admin_refunds.refund_url(self.instance) if may_refund and self.instance.refundable_cents else "",
            may_refund=may_refund,
            refund_requests=self.instance.refund_requests.select_related("requested_by"),
            refunds=self.instance.refunds.all(),
        )
        return context

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
                    form.fields[name].help_text = (
                        "Recorded from Stripe: refund it with “Refund” on the gift's page (staff who may refund), "
                        "or change it in Stripe's dashboard."
                    )
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
    list_export = tuple(export.HEADINGS)  # the columns, in their order
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


class ReadOnlyPermissionHelper(PermissionHelper):
    """Records Stripe wrote: staff read them, nobody adds, edits or deletes them by hand."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class StripeEventAdmin(ModelAdmin):
    model = StripeEvent
    menu_label = "Stripe events"
    menu_icon = "warning"
    menu_order = 252
    add_to_admin_menu = True
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ("received_at", "type", "event_id", "api_version", "outcome", "needs_attention")
    list_filter = ("needs_attention", "type", "api_version")
    search_fields = ("event_id", "object_id", "outcome")
    inspect_view_enabled = True


class MonthlyPledgeAdmin(ModelAdmin):
    model = MonthlyPledge
    menu_label = "Monthly gifts"
    menu_icon = "repeat"
    menu_order = 251
    add_to_admin_menu = True
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = (
        "donor_name",
        "amount_display",
        "page",
        "started_at",
        "next_charge_at",
        "failing_since",
        "last_failure",
        "ended_at",
        "end_reason",
    )
    list_filter = (("failing_since", admin_filters.EmptyFieldListFilter), "ended_at", "end_reason")
    search_fields = ("donor_name", "donor_email", "stripe_subscription_id", "stripe_customer_id")
    inspect_view_enabled = True


modeladmin_register(StripeEventAdmin)
modeladmin_register(MonthlyPledgeAdmin)


@hooks.register("register_admin_urls")
def register_receipt_urls():
    return admin_receipts.admin_urls()


@hooks.register("register_admin_urls")
def register_event_urls():
    return admin_events.admin_urls()


@hooks.register("register_admin_urls")
def register_refund_urls():
    return admin_refunds.admin_urls()


@hooks.register("register_admin_urls")
def register_statement_urls():
    return admin_statements.admin_urls()


class PermissionMenuItem(MenuItem):
    """Shown to staff who hold `permission` (the view behind it refuses anyone else)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_statements_menu_item():
    return PermissionMenuItem(
        "Giving statements",
        admin_statements.admin_url(),
        icon_name="doc-full",
        order=254,
        permission="donations.view_donation",
    )


@hooks.register("register_admin_menu_item")
def register_receipts_menu_item():
    return PermissionMenuItem(
        "Receipts not sent",
        admin_receipts.admin_url(),
        icon_name="mail",
        order=253,
        permission="donations.change_donation",
    )


@hooks.register("register_admin_menu_item")
def register_events_needing_attention_menu_item():
    return PermissionMenuItem(
        "Stripe events needing attention",
        admin_events.admin_url(),
        icon_name="warning",
        order=255,
        permission="donations.change_donation",
    )


class EventsNeedingAttentionPanel(Component):
    """On the dashboard, only while the ledger holds events it could not apply: staff are told at once."""

    name = "stripe_events_needing_attention"
    template_name = "donations/admin/events_needing_attention_panel.html"
    order = 50

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": admin_events.admin_url()}


@hooks.register("construct_homepage_panels")
def add_events_needing_attention_panel(request, panels):
    if request.user.has_perm("donations.change_donation"):
        count = admin_events.events_needing_attention().count()
        if count:
            panels.append(EventsNeedingAttentionPanel(count))
