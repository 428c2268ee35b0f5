"""Runners who joined a team from the site: their sign-up, their thanks to donors, their milestones.

The runner's email lives here, never on the public page; the donor's email never leaves the ledger
(a thank-you is sent by the site).
"""

from django.db import models
from django.dispatch import Signal
from django.utils.crypto import get_random_string

from donations.models import Donation
from events.models import EventPage

from ...common.review import ReviewWithDecline
from .pages import RunnerStoryPage


def new_sign_in_key():
    return get_random_string(24)


class RunnerSignup(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "On the team"
        DECLINED = "declined", "Declined"

    runner = models.OneToOneField(
        RunnerStoryPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signup",
        help_text="The runner's page (a draft until staff approve it); empty if staff deleted it.",
    )
    event = models.ForeignKey(
        EventPage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="runner_signups",
        help_text="The event whose team the runner joined.",
    )
    runner_name = models.CharField(max_length=120, help_text="The runner's name as they gave it.")
    email = models.EmailField(db_index=True, help_text="Where the runner's sign-in links go (admin only).")
    why_i_run = models.TextField(
        help_text="The story the runner last sent, as plain text (what staff approve goes on the page)."
    )
    consent_publication_at = models.DateTimeField(
        help_text="When the runner agreed to publication of their name, story and photo."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, help_text="Where the runner's page stands."
    )
    moderator_comment = models.TextField(
        blank=True, help_text="The last message from the moderators to the runner (changes asked, or why declined)."
    )
    change_submitted = models.BooleanField(
        default=False,
        help_text="Whether the runner sent a change not yet published (its publication is emailed to them).",
    )
    sign_in_key = models.CharField(
        max_length=32,
        default=new_sign_in_key,
        editable=False,
        help_text="Part of every sign-in link; changing it ends the runner's links and sessions.",
    )
    submitted_at = models.DateTimeField(auto_now_add=True, help_text="When the runner signed up.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the runner's page was first published.")

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "runner sign-up"

    def __str__(self):
        return f"{self.runner_name} ({self.get_status_display()})"


class RunnerThankYou(models.Model):
    """A runner's thank-you for one gift, sent by the site to the donor: at most one per gift."""

    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    donation = models.OneToOneField(
        Donation, on_delete=models.CASCADE, related_name="runner_thanks", help_text="The gift thanked."
    )
    signup = models.ForeignKey(
        RunnerSignup, on_delete=models.CASCADE, related_name="thanks", help_text="The runner who wrote it."
    )
    message = models.TextField(help_text="What the runner wrote to the donor.")
    sent_at = models.DateTimeField(auto_now_add=True, help_text="When the thank-you was queued for sending.")

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "runner's thank-you"

    def __str__(self):
        return f"Thanks from {self.signup.runner_name}"


class RunnerMilestone(models.Model):
    """A milestone a runner's page reached, once: the unique row is what keeps its email to one."""

    # A record, not content: kept out of Wagtail's reference index (the pages' "Usage").
    wagtail_reference_index_ignore = True

    class Kind(models.IntegerChoices):
        FIRST_GIFT = 0, "First gift"
        QUARTER = 25, "25% of the goal"
        HALF = 50, "50% of the goal"
        THREE_QUARTERS = 75, "75% of the goal"
        GOAL = 100, "Goal reached"

    runner = models.ForeignKey(
        RunnerStoryPage, on_delete=models.CASCADE, related_name="milestones", help_text="The runner's page."
    )
    milestone = models.PositiveSmallIntegerField(choices=Kind.choices, help_text="Which milestone.")
    raised_cents = models.PositiveIntegerField(help_text="What the page had raised when it was reached, in cents.")
    reached_at = models.DateTimeField(auto_now_add=True, help_text="When the gift that reached it was recorded.")

    class Meta:
        ordering = ["milestone"]
        constraints = [models.UniqueConstraint(fields=["runner", "milestone"], name="one_row_per_runner_milestone")]
        verbose_name = "runner milestone"

    def __str__(self):
        return self.get_milestone_display()


class RunnerSignupReviewTask(ReviewWithDecline):
    """Group approval with one more action: decline the runner's page and tell them why."""

    decline_label = "Decline and tell the runner"
    # Sent with the runner's page and the moderator's comment (received in `stories/runners/signals.py`).
    declined = Signal()

    @classmethod
    def get_description(cls):
        return "Moderators read a runner's page (on sign-up, and each story or photo change), then approve it."

    class Meta:
        verbose_name = "runner sign-up review task"
        verbose_name_plural = "runner sign-up review tasks"
