"""The guestbook's kept pages: a message that shows, or stops showing, on a tribute drops that tribute's page.

Connected once, from `StoriesConfig.ready()`.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page

from core.pagecache import drop

from .models import GuestbookMessage


def on_guestbook_message_saved(sender, instance, created, raw=False, **kwargs):
    # A message published, or a published one declined or hidden, changes what the tribute page shows:
    # its kept page must go (no other page shows messages). A new message is pending and shows nowhere,
    # and declining a message that never showed changes no page: neither drops anything.
    if raw or created:
        return
    published = GuestbookMessage.Status.PUBLISHED
    was_published = getattr(instance, "status_from_db", None) == published
    instance.status_from_db = instance.status
    if was_published or instance.status == published:
        drop(f"guestbook:{instance.tribute_id}")


def on_guestbook_message_deleted(sender, instance, origin=None, **kwargs):
    # Deleted with its tribute (a withdrawal, a page deleted; treebeard deletes pages as a queryset):
    # the page's deletion drops what showed it.
    if isinstance(origin, Page) or (isinstance(origin, QuerySet) and issubclass(origin.model, Page)):
        return
    if instance.status == GuestbookMessage.Status.PUBLISHED:
        drop(f"guestbook:{instance.tribute_id}")


def connect_signals():
    post_save.connect(on_guestbook_message_saved, sender=GuestbookMessage, dispatch_uid="stories.guestbook_saved")
    post_delete.connect(on_guestbook_message_deleted, sender=GuestbookMessage, dispatch_uid="stories.guestbook_deleted")
