"""Keeps the family informed as the moderators act on their tribute in Wagtail's workflow, and sends
every new tribute index's submissions for review.

Connected once, from `StoriesConfig.ready()`.
"""

from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowPage
from wagtail.signals import page_published, task_rejected, task_submitted

from . import flow
from .models import FamilyTributeReviewTask, TributeSubmission
from .moderation import WORKFLOW_NAME
from .pages import TributeIndexPage, TributePage


def on_task_rejected(sender, instance, user, **kwargs):
    # Wagtail's "Request changes" rejects the task: tell the family what the moderator asked.
    page = instance.workflow_state.content_object
    if isinstance(page.specific, TributePage):
        flow.changes_requested(page.specific, instance.comment)


def on_task_submitted(sender, instance, user=None, **kwargs):
    # Moderators resubmit after the family answered: the private link shows "waiting" again.
    page = instance.workflow_state.content_object
    if isinstance(page.specific, TributePage):
        TributeSubmission.objects.filter(tribute_id=page.pk, status=TributeSubmission.Status.CHANGES_REQUESTED).update(
            status=TributeSubmission.Status.PENDING
        )


def on_page_published(sender, instance, **kwargs):
    flow.tribute_published(instance)


def on_tribute_declined(sender, page, comment, **kwargs):
    flow.decline_submission(page, comment)


def on_tribute_index_saved(sender, instance, created, raw=False, **kwargs):
    # Every tribute index (including one created after the migration) sends submissions for review.
    if raw or not created:
        return
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow:
        WorkflowPage.objects.get_or_create(page=instance.page_ptr, defaults={"workflow": workflow})


def connect_signals():
    task_rejected.connect(on_task_rejected, dispatch_uid="stories.tribute_task_rejected")
    task_submitted.connect(on_task_submitted, dispatch_uid="stories.tribute_task_submitted")
    page_published.connect(on_page_published, sender=TributePage, dispatch_uid="stories.tribute_published")
    FamilyTributeReviewTask.declined.connect(on_tribute_declined, dispatch_uid="stories.tribute_declined")
    post_save.connect(on_tribute_index_saved, sender=TributeIndexPage, dispatch_uid="stories.tribute_index_workflow")
