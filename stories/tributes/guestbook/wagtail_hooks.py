"""The guestbook in the admin: its moderation listing, and the dashboard's count of waiting messages
(loaded by `stories/tributes/wagtail_hooks.py`)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin import GuestbookMessageViewSet, GuestbookPermissionPolicy, WaitingGuestbookMessagesSummaryItem
from .models import GuestbookMessage

register_permission_policy(GuestbookMessage, GuestbookPermissionPolicy(GuestbookMessage))


guestbook_viewset = GuestbookMessageViewSet("guestbook_messages")


@hooks.register("register_admin_viewset")
def register_guestbook_moderation():
    return guestbook_viewset


@hooks.register("construct_homepage_summary_items")
def add_waiting_guestbook_messages(request, summary_items):
    summary_items.append(WaitingGuestbookMessagesSummaryItem(request, guestbook_viewset))
