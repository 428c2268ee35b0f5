"""Which families' tributes are waiting for the moderators (who they are: `stories.common.moderators`)."""

from wagtail.models import Page, WorkflowState

from .pages import TributePage

WORKFLOW_NAME = "Family tribute review"


def tributes_awaiting_review():
    """Tribute pages waiting for a moderator in the "Family tribute review" workflow, longest waiting first."""
    # Workflow states point at the base Page type, so the join is made from Page, not TributePage.
    in_review = Page.objects.filter(
        _workflow_states__status=WorkflowState.STATUS_IN_PROGRESS, _workflow_states__workflow__name=WORKFLOW_NAME
    )
    return TributePage.objects.filter(pk__in=in_review.values("pk")).order_by("latest_revision_created_at")
