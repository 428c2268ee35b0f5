"""Read-only admin panels: the family's submission on a tribute, pending mile requests on an event.

Kept free of model imports at module level: events.models and stories.models both import this.
"""

from django.apps import apps
from wagtail.admin.panels import Panel


class SubmissionDetailsPanel(Panel):
    """Who sent the tribute, how to reach them, what they agreed to and when: admin eyes only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/submission_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.submission is not None

        @property
        def submission(self):
            if not hasattr(self, "_submission"):
                model = apps.get_model("stories", "TributeSubmission")
                self._submission = (
                    model.objects.filter(tribute_id=self.instance.pk)
                    .select_related("requested_event")
                    .prefetch_related("change_requests")
                    .first()
                )
            return self._submission

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submission"] = self.submission
            return context


class PendingMileRequestsPanel(Panel):
    """Families who asked for a mile at this event and whose baby has no mile here yet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/mile_requests_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["requests"] = pending_mile_requests(self.instance) if self.instance.pk else []
            return context


def pending_mile_requests(event):
    model = apps.get_model("stories", "TributeSubmission")
    return (
        model.objects.filter(requested_event=event, tribute__isnull=False)
        .exclude(status__in=[model.Status.WITHDRAWN, model.Status.DECLINED])
        .exclude(tribute__mile_dedications__event=event)
        .select_related("tribute")
        .order_by("submitted_at")
    )


def tributes_awaiting_review():
    """Tribute pages waiting for a moderator in the "Family tribute review" workflow, longest waiting first."""
    from wagtail.models import Page, WorkflowState

    from stories.signal_handlers import WORKFLOW_NAME

    # Workflow states point at the base Page type, so the join is made from Page, not TributePage.
    in_review = Page.objects.filter(
        _workflow_states__status=WorkflowState.STATUS_IN_PROGRESS, _workflow_states__workflow__name=WORKFLOW_NAME
    )
    model = apps.get_model("stories", "TributePage")
    return model.objects.filter(pk__in=in_review.values("pk")).order_by("latest_revision_created_at")


def may_review_tributes(user):
    """Moderators and superusers review families' tributes (as for the submissions list)."""
    return user.is_active and (user.is_superuser or user.groups.filter(name="Moderators").exists())
