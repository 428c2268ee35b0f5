"""Mile dedications: the link between an event, the baby a mile honours, and the runner who carries it."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from events.models import FINAL_STRETCH, MILE_CHOICES, EventPage


class MileDedication(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="miles")
    mile = models.PositiveSmallIntegerField(
        choices=MILE_CHOICES, help_text="The mile of the course dedicated to this baby."
    )
    tribute = models.ForeignKey(
        "stories.TributePage",
        on_delete=models.CASCADE,
        related_name="mile_dedications",
        help_text="The family tribute page of the baby this mile honours.",
    )
    runner = models.ForeignKey(
        "stories.RunnerStoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_miles",
        help_text="Optionally, the runner who carries this baby's name on their bracelet.",
    )

    panels = [FieldPanel("mile"), FieldPanel("tribute"), FieldPanel("runner")]

    class Meta(Orderable.Meta):
        verbose_name = "mile dedication"
        ordering = ["mile"]
        constraints = [
            models.UniqueConstraint(fields=["event", "mile"], name="one_dedication_per_mile_per_event"),
        ]

    def __str__(self):
        return f"{self.get_mile_display()}: {self.tribute}"

    @property
    def mile_label(self):
        return "0.2" if self.mile == FINAL_STRETCH else str(self.mile)
