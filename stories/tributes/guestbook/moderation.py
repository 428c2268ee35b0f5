"""What moderators and the family do with guestbook messages, and the family's email when one is published.

A message moves pending → published or declined (moderators, in the admin), and published → hidden (the
family, from their private link). A message the family hid stays hidden: moderators cannot publish it
again. Every move of a message saved clears the page cache (`signals.py` beside this), so the tribute
page shows the change at the next visit.
"""

from django.db import transaction
from django.utils import timezone

from ..flow import private_link, send_family_email
from ..models import TributeSubmission
from .models import GuestbookMessage

Status = GuestbookMessage.Status


def may_publish(message):
    return message.status in (Status.PENDING, Status.DECLINED)


def may_decline(message):
    return message.status in (Status.PENDING, Status.PUBLISHED)


@transaction.atomic
def publish(message):
    """Show the message on the tribute; the first time, email the family (queued with the change)."""
    message = GuestbookMessage.objects.select_for_update().select_related("tribute").get(pk=message.pk)
    if not may_publish(message):
        return message
    now = timezone.now()
    message.status = Status.PUBLISHED
    message.published_at = now
    tell_family = message.family_notified_at is None
    if tell_family:
        message.family_notified_at = now
    message.save(update_fields=["status", "published_at", "family_notified_at"])
    if tell_family:
        _email_family(message)
    return message


@transaction.atomic
def decline(message):
    message = GuestbookMessage.objects.select_for_update().get(pk=message.pk)
    if may_decline(message):
        message.status = Status.DECLINED
        message.save(update_fields=["status"])
    return message


@transaction.atomic
def hide(submission, message_id):
    """The family hides a published message of their tribute; False if there is no such message."""
    message = (
        GuestbookMessage.objects.select_for_update()
        .filter(pk=message_id, tribute_id=submission.tribute_id, status=Status.PUBLISHED)
        .first()
    )
    if message is None:
        return False
    message.status = Status.HIDDEN
    message.hidden_at = timezone.now()
    message.save(update_fields=["status", "hidden_at"])
    return True


def _email_family(message):
    tribute = message.tribute
    submission = TributeSubmission.objects.filter(tribute=tribute).first()
    if submission is None or not submission.is_open:
        return  # a tribute staff made themselves has no family address
    send_family_email(
        submission,
        "guestbook_published",
        link=private_link(tribute.get_parent().specific, submission),
        extra={"message": message, "page_url": tribute.get_full_url()},
    )
