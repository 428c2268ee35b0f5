"""The event's edit form, as stories fills it through the `event_page_panels` hook: the mile
dedications (one baby a mile, never a mile twice) and the miles families asked for."""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel, Panel

from events.models import MILE_CHOICES

from ..tributes.models import TributeSubmission


class MileDedicationFormSet(BaseChildFormSet):
    """Names the mile given twice, in words an editor understands, beside the offending row."""

    def clean(self):
        # Before the formset's own uniqueness check, whose message names no mile and no baby.
        seen = {}
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("mile"):
                continue
            mile = form.cleaned_data["mile"]
            if mile in seen:
                label = dict(MILE_CHOICES)[mile]
                form.add_error(
                    "mile",
                    f"{label} is already dedicated to {seen[mile]} on this event. "
                    "A mile can be dedicated only once per event: choose another mile.",
                )
            else:
                seen[mile] = form.cleaned_data.get("tribute") or "another baby"
        super().clean()


class MileDedicationsPanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = MileDedicationFormSet
        return options


class PendingMileRequestsPanel(Panel):
    """Families who asked for a mile at this event and whose baby has no mile here yet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/mile_requests_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["requests"] = pending_mile_requests(self.instance) if self.instance.pk else []
            return context


def pending_mile_requests(event):
    return (
        TributeSubmission.objects.filter(requested_event=event, tribute__isnull=False)
        .exclude(status__in=[TributeSubmission.Status.WITHDRAWN, TributeSubmission.Status.DECLINED])
        .exclude(tribute__mile_dedications__event=event)
        .select_related("tribute")
        .order_by("submitted_at")
    )


def event_page_panels(model):
    return [
        MileDedicationsPanel("miles", label="Mile dedication", heading="Mile dedications", max_num=27),
        PendingMileRequestsPanel(heading="Miles requested by families (pending)"),
    ]
