"""The guestbook's moderation in the admin: "Guestbook" lists readers' messages, those waiting first,
with Approve and Decline buttons (POST) for staff with the "moderate" permission (the Moderators group).
The dashboard tells those staff how many messages are waiting, linked to the list of them.

Staff never write or edit a reader's words: the listing has no Add and no Edit; messages can be
inspected, moderated, and deleted (spam).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from . import moderation
from .models import GuestbookMessage

Status = GuestbookMessage.Status


class GuestbookPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody adds or edits a message: readers write them."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)


class ModerationColumn(Column):
    """Approve / Decline buttons, each a small POST form (the admin's pages carry their CSRF token)."""

    cell_template_name = "stories/admin/guestbook_moderation_cell.html"

    def __init__(self, *args, viewset, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewset = viewset

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        url_name = self.viewset.get_url_name("moderate")
        context.update(
            may_moderate=request is not None
            and self.viewset.permission_policy.user_has_permission(request.user, "moderate"),
            approve_url=reverse(url_name, args=[instance.pk, "approve"]) if moderation.may_publish(instance) else "",
            decline_url=reverse(url_name, args=[instance.pk, "decline"]) if moderation.may_decline(instance) else "",
            csrf_token=get_token(request) if request is not None else "",
            # Back to the listing as filtered (the filters refresh the listing from its `results/` address).
            next_url=self.viewset.listing_url(request),
        )
        return context


class GuestbookIndexView(IndexView):
    def get_base_queryset(self):
        # Waiting messages first, then the newest; a column's own sort replaces this.
        waiting_first = Case(When(status=Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
        return super().get_base_queryset().select_related("tribute").order_by(waiting_first, "-created")


class GuestbookMessageViewSet(ModelViewSet):
    model = GuestbookMessage
    icon = "comment"
    menu_label = "Guestbook"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = GuestbookIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_filter = ["status"]
    search_fields = ["name", "message"]
    inspect_view_fields = ["tribute", "name", "message", "status", "created", "published_at", "hidden_at"]

    @property
    def list_display(self):
        return [
            "name",
            Column("message", label="Message", accessor=lambda message: Truncator(message.message).chars(160)),
            Column("tribute", label="Tribute", accessor=lambda message: message.tribute.baby_name),
            Column("status", label="Status", accessor="get_status_display", sort_key="status"),
            DateColumn("created", label="Left", sort_key="created"),
            ModerationColumn("moderate", label="Moderate", viewset=self),
        ]

    def listing_url(self, request):
        query = request.GET.urlencode() if request is not None else ""
        return reverse(self.get_url_name("index")) + (f"?{query}" if query else "")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/<str:action>/", self.moderate_view, name="moderate"),
        ]

    @property
    def moderate_view(self):
        @require_POST
        def moderate(request, pk, action):
            if not self.permission_policy.user_has_permission(request.user, "moderate"):
                raise PermissionDenied
            message = get_object_or_404(GuestbookMessage, pk=pk)
            if action == "approve" and moderation.may_publish(message):
                moderation.publish(message)
                messages.success(request, f"{message.name}'s message is published on the tribute.")
            elif action == "decline" and moderation.may_decline(message):
                moderation.decline(message)
                messages.success(request, f"{message.name}'s message is declined: it is not shown.")
            else:
                messages.error(request, f"{message.name}'s message is {message.get_status_display().lower()}.")
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = self.listing_url(None)
            return redirect(next_url)

        return moderate


class WaitingGuestbookMessagesSummaryItem(SummaryItem):
    """On the admin dashboard, for moderators: how many guestbook messages wait, linked to them."""

    order = 250
    template_name = "stories/admin/guestbook_waiting_summary.html"

    def __init__(self, request, viewset):
        super().__init__(request)
        self.viewset = viewset

    def is_shown(self):
        return self.viewset.permission_policy.user_has_permission(self.request.user, "moderate")

    def get_context_data(self, parent_context):
        return {
            "waiting": GuestbookMessage.objects.filter(status=Status.PENDING).count(),
            "url": reverse(self.viewset.get_url_name("index")) + f"?status={Status.PENDING}",
        }
