"""Keeps runners informed as moderators act on their page, and records the milestones their gifts reach.

Connected once, from `StoriesConfig.ready()`. Gifts are watched through the ledger's own `post_save` of
`Donation` (donations knows nothing of runners), sent in the transaction that records the gift.
"""

from django.db.models.signals import post_save
from wagtail.signals import page_published, task_rejected

from donations.models import Donation

from . import flow
from .models import RunnerSignupReviewTask, RunnerStoryPage


def on_task_rejected(sender, instance, user, **kwargs):
    # Wagtail's "Request changes" rejects the task: tell the runner what the moderator asked.
    page = instance.workflow_state.content_object
    if is_runner(page):
        flow.changes_requested(page.specific, instance.comment)


def is_runner(page):
    specific_class = getattr(page, "specific_class", None)
    return specific_class is not None and issubclass(specific_class, RunnerStoryPage)


def on_runner_published(sender, instance, **kwargs):
    flow.runner_published(instance)


def on_runner_declined(sender, page, comment, **kwargs):
    flow.runner_declined(page, comment)


def connect_signals():
    task_rejected.connect(on_task_rejected, dispatch_uid="stories.runner_task_rejected")
    page_published.connect(on_runner_published, sender=RunnerStoryPage, dispatch_uid="stories.runner_published")
    RunnerSignupReviewTask.declined.connect(on_runner_declined, dispatch_uid="stories.runner_declined")
    post_save.connect(flow.gift_saved, sender=Donation, dispatch_uid="stories.runner_milestones")
