"""The guestbook of a family tribute: short messages of support left by readers.

Nothing a reader writes shows before a moderator approves it; the family can hide any published
message from their private link. The tribute is named by string so that this module does not import
`stories/tributes/pages.py`, whose TributePage routes the guestbook's form (see `views.py` beside this).
"""

from django.db import models

# The tribute page shows at most this many messages, newest first.
GUESTBOOK_MESSAGES_SHOWN = 50
NAME_MAX_LENGTH = 80
MESSAGE_MAX_LENGTH = 1_000


class GuestbookMessageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=GuestbookMessage.Status.PUBLISHED).order_by("-published_at", "-pk")


class GuestbookMessage(models.Model):
    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"
        HIDDEN = "hidden", "Hidden by the family"

    tribute = models.ForeignKey(
        "stories.TributePage",
        on_delete=models.CASCADE,
        related_name="guestbook_messages",
        help_text="The tribute the message was left on.",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, help_text="The name the reader signed with, shown publicly.")
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH, help_text="The reader's message of support.")
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Only published messages show on the tribute.",
    )
    created = models.DateTimeField(auto_now_add=True, help_text="When the reader left the message.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="When a moderator approved it.")
    family_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the family was emailed about it (once, on its first publication)."
    )
    hidden_at = models.DateTimeField(null=True, blank=True, help_text="When the family hid it.")

    objects = GuestbookMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "guestbook message"
        indexes = [models.Index(fields=["tribute", "status", "-published_at"], name="guestbook_tribute_status")]
        permissions = [("moderate_guestbookmessage", "Can approve or decline guestbook messages")]

    def __str__(self):
        return f"{self.name} on {self.tribute}"

    @classmethod
    def from_db(cls, db, field_names, values):
        # The status as read, so that saving can tell whether the message was showing before
        # (`signals.py` beside this clears kept pages only when a published message changes).
        message = super().from_db(db, field_names, values)
        message.status_from_db = message.__dict__.get("status")
        return message
