"""The records behind a family's tribute: its photos, the submission (who sent it, what they agreed to,
and when), the family's change requests, withdrawn addresses, and the moderators' review task.

The submitter's contact details live here, never on the public page, and are shown only in the admin.
The tribute page is named by string ("stories.TributePage", in `pages.py`): the pages stand above this
module, since their routes call the family's views, which use these records.
"""

from django.db import models
from django.dispatch import Signal
from django.utils.crypto import get_random_string
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from events.models import EventPage

from ..common.review import ReviewWithDecline

TRIBUTE_PAGE = "stories.TributePage"


class TributePhoto(Orderable):
    tribute = ParentalKey(TRIBUTE_PAGE, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", help_text="A photo the family shared."
    )
    caption = models.CharField(max_length=250, blank=True, help_text="Optional caption, shown under the photo.")
    alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text=(
            'What the photo shows, read aloud to people who cannot see it. Empty: "Photo of" and the baby\'s name.'
        ),
    )

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "photo"

    def alt(self):
        return self.alt_text or f"Photo of {self.tribute.baby_name}"


def new_link_key():
    return get_random_string(24)


class TributeSubmission(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn by the family"

    tribute = models.OneToOneField(
        TRIBUTE_PAGE,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
        help_text="The draft or published tribute page; empty once the family has withdrawn it.",
    )
    baby_name = models.CharField(max_length=120, help_text="The baby's name as the family gave it.")
    submitter_name = models.CharField(max_length=120, help_text="Who sent the tribute (admin only).")
    submitter_email = models.EmailField(help_text="Where we write to the family (admin only).")
    relationship = models.CharField(max_length=120, help_text="The submitter's relationship to the baby.")
    requested_event = models.ForeignKey(
        EventPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mile_requests",
        help_text="The upcoming event at which the family asked for a mile to be dedicated.",
    )
    notify_of_gifts = models.BooleanField(
        default=True,
        help_text="The family asked to be emailed when someone gives in their baby's name (never the amount).",
    )
    photo_names = models.JSONField(
        default=list, blank=True, help_text="The names of the photo files as the family's device sent them."
    )
    consent_guardian_at = models.DateTimeField(
        help_text="When the submitter confirmed being the baby's parent or guardian, or having their permission."
    )
    consent_publication_at = models.DateTimeField(
        help_text="When the submitter agreed to publication of the story and photos."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, help_text="Where the tribute stands."
    )
    moderator_comment = models.TextField(
        blank=True, help_text="The last message from the moderators to the family (changes asked, or why declined)."
    )
    link_key = models.CharField(
        max_length=32, default=new_link_key, editable=False, help_text="Part of the family's private link."
    )
    submitted_at = models.DateTimeField(auto_now_add=True, help_text="When the family sent the tribute.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the tribute was first published.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="When the family withdrew the tribute.")

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "tribute submission"

    def __str__(self):
        return f"{self.baby_name} ({self.get_status_display()})"

    @property
    def is_open(self):
        """The family can still ask for changes or withdraw."""
        return self.status != self.Status.WITHDRAWN


class TributeChangeRequest(models.Model):
    submission = models.ForeignKey(
        TributeSubmission, on_delete=models.CASCADE, related_name="change_requests", help_text="The tribute."
    )
    message = models.TextField(help_text="What the family asked us to change, in their words.")
    requested_at = models.DateTimeField(auto_now_add=True, help_text="When the family asked.")
    handled = models.BooleanField(default=False, help_text="Tick once the change has been made or answered.")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "tribute change request"

    def __str__(self):
        return f"Change request for {self.submission.baby_name}"


class WithdrawnTribute(models.Model):
    """The path of a withdrawn tribute, so that it answers 410 Gone rather than 404."""

    path = models.CharField(max_length=255, unique=True, help_text="The site-relative URL the tribute had.")
    withdrawn_at = models.DateTimeField(auto_now_add=True, help_text="When it was withdrawn.")

    class Meta:
        verbose_name = "withdrawn tribute"

    def __str__(self):
        return self.path


class FamilyTributeReviewTask(ReviewWithDecline):
    """Group approval with one more action: decline the tribute and tell the family why."""

    decline_label = "Decline and tell the family"
    # Sent with the tribute page and the moderator's comment (received in `signals.py`).
    declined = Signal()

    @classmethod
    def get_description(cls):
        return "Moderators read the family's tribute, then approve, request changes or decline it."

    class Meta:
        verbose_name = "family tribute review task"
        verbose_name_plural = "family tribute review tasks"
