"""Events (a marathon, a walk) and the miles their runners dedicate to babies."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.models import BasePage
from stories.panels import PendingMileRequestsPanel

# Miles 1-26, then the final 0.2 of a marathon, stored as 27 so that ordering stays numeric.
FINAL_STRETCH = 27
MILE_CHOICES = [(n, f"Mile {n}") for n in range(1, 27)] + [(FINAL_STRETCH, "The final 0.2")]

TIMEZONE_CHOICES = [
    ("America/Los_Angeles", "Pacific"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Chicago", "Central"),
    ("America/New_York", "Eastern"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("Europe/London", "London"),
    ("UTC", "UTC"),
]


class EventIndexPage(BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two shown above the list of events.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1
    page_description = "The list of events: upcoming first, then past events by year. There is only one."

    class Meta:
        verbose_name = "event index page"


class EventPage(BasePage):
    start = models.DateTimeField(help_text="When the event starts, in the event's local time zone below.")
    end = models.DateTimeField(help_text="When the event ends.")
    time_zone = models.CharField(
        max_length=40,
        choices=TIMEZONE_CHOICES,
        default="America/Los_Angeles",
        help_text="The time zone where the event happens; times are shown in it.",
    )
    venue = models.CharField(max_length=200, help_text="Where it happens, e.g. 'Folsom Dam to the State Capitol'.")
    address = models.TextField(blank=True, help_text="Street address or city, used in calendars and maps.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide photo at the top of the event page.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The event's story: what, why, how to take part.")
    registration_url = models.URLField(
        blank=True, help_text="Where people sign up or join the team (leave empty to hide the button)."
    )
    registration_label = models.CharField(
        max_length=40, default="Join the team", help_text="The words on the sign-up button."
    )
    goal_cents = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Fundraising goal in cents, e.g. 2620000 for $26,200. Leave empty for no goal.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")],
            heading="When",
        ),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("address")], heading="Where"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("registration_label"), FieldPanel("goal_cents")],
            heading="Taking part and fundraising",
        ),
        InlinePanel("miles", label="Mile dedication", heading="Mile dedications", max_num=27),
        PendingMileRequestsPanel(heading="Miles requested by families (pending)"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["stories.RunnerStoryPage"]
    page_description = "One event, e.g. a marathon: dates, place, its 26 mile dedications and its team."

    class Meta:
        verbose_name = "event page"
        ordering = ["start"]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event cannot end before it starts."})

    def main_image(self):
        return self.hero_image

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return self.start.astimezone(self.tz)

    @property
    def local_end(self):
        return self.end.astimezone(self.tz)


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
