"""The tribute's read-only admin panel: who sent it, how to reach them, what they agreed to and when.

Free of model imports: the tribute model's panels import it.
"""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.panels import Panel


class SubmissionDetailsPanel(Panel):
    """Admin eyes only: the family's submission behind a tribute page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/submission_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.submission is not None

        @property
        def submission(self):
            if not hasattr(self, "_submission"):
                try:
                    self._submission = self.instance.submission
                except ObjectDoesNotExist:
                    self._submission = None
            return self._submission

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submission"] = self.submission
            return context
