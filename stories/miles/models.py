"""Mile dedications: the link between an event, the baby a mile honours, and the runner who carries it.

The event's side (its relation `miles`, the field `mile`, and the names the event's pages read) is
`events.dedications.MileDedicationBase`; this model fills those names from the tribute and the runner.
It stands above the tributes and the runners, whose pages it links.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel

from events.dedications import LINKED_PAGE_FIELDS, MileDedicationBase

from ..runners.models import RunnerStoryPage
from ..tributes.pages import TributePage


class MileDedication(MileDedicationBase):
    tribute = models.ForeignKey(
        TributePage,
        on_delete=models.CASCADE,
        related_name="mile_dedications",
        help_text="The family tribute page of the baby this mile honours.",
    )
    runner = models.ForeignKey(
        RunnerStoryPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_miles",
        help_text="Optionally, the runner who carries this baby's name on their bracelet.",
    )

    panels = [FieldPanel("mile"), FieldPanel("tribute"), FieldPanel("runner")]

    # What the names below read (MileDedicationBase): the two pages, linked, and the names they show.
    display_related = ("tribute", "runner")
    display_fields = (
        *(f"{page}__{field}" for page in display_related for field in LINKED_PAGE_FIELDS),
        "tribute__baby_name",
        "tribute__is_listed",
        "runner__runner_name",
    )

    class Meta(MileDedicationBase.Meta):
        verbose_name = "mile dedication"
        ordering = ["mile"]
        constraints = [
            models.UniqueConstraint(fields=["event", "mile"], name="one_dedication_per_mile_per_event"),
        ]

    def __str__(self):
        return f"{self.get_mile_display()}: {self.tribute}"

    @property
    def honoured_name(self):
        return self.tribute.baby_name

    @property
    def honoured_page(self):
        # An unlisted tribute's family chose to share its link themselves: the baby is named, not linked.
        tribute = self.tribute
        return tribute if tribute.live and tribute.is_listed else None

    # `self.runner` costs no query: loaded with the dedication (display_related), or None without one.
    @property
    def carrier_name(self):
        return self.runner.runner_name if self.runner is not None else ""

    @property
    def carrier_page(self):
        return self.runner if self.runner is not None and self.runner.live else None

    def shown_page_ids(self):
        return [self.tribute_id, *([self.runner_id] if self.runner_id else [])]
