"""Events (a marathon, a walk) and the miles their runners dedicate to babies."""

import json
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from donations.fields import CentsField
from home.blocks import BodyBlock
from home.models import BasePage, OrganisationSettings
from home.queries import TypedChildRoutingMixin, prefetch_renditions, public
from stories.panels import PendingMileRequestsPanel

from .calendar import ics_response

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


PAST_EVENTS_PER_PAGE = 12


def upcoming_events():
    """Live, public events that have not ended yet, soonest first."""
    return public(EventPage.objects.all()).filter(end__gte=timezone.now()).order_by("start")


class EventIndexPage(RoutablePageMixin, TypedChildRoutingMixin, BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two shown above the list of events.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1
    page_description = "The list of events: upcoming first, then past events by year. There is only one."

    class Meta:
        verbose_name = "event index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = (
            public(EventPage.objects.child_of(self)).select_related("hero_image", "listing_image").defer_streamfields()
        )
        now = timezone.now()
        upcoming = list(events.filter(end__gte=now).order_by("start"))
        past = Paginator(events.filter(end__lt=now).order_by("-start"), PAST_EVENTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        prefetch_renditions([event.get_listing_image() for event in [*upcoming, *past]])
        context["upcoming_events"] = upcoming
        context["past_events"] = past
        context["calendar_url"] = self.url + self.reverse_subpage("calendar")
        return context

    @path("ical/", name="calendar")
    def calendar(self, request):
        """Every upcoming event under this index, for calendar apps to subscribe to."""
        events = upcoming_events().child_of(self).defer_streamfields()
        return ics_response(request, events, filename="nec-society-events.ics")


class EventPageForm(WagtailAdminPageForm):
    """Names the mile given twice, in words an editor understands, beside the offending row."""

    def clean(self):
        cleaned_data = super().clean()
        miles = self.formsets.get("miles")
        if miles is None:
            return cleaned_data
        seen = {}
        for form in miles.forms:
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
        return cleaned_data


class EventPage(RoutablePageMixin, TypedChildRoutingMixin, BasePage):
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
    goal_cents = CentsField(
        "fundraising goal (US dollars)",
        null=True,
        blank=True,
        help_text="What the team hopes to raise, in dollars, e.g. 26,200. Leave empty for no goal.",
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

    base_form_class = EventPageForm

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

    @property
    def is_upcoming(self):
        return self.end >= timezone.now()

    @property
    def one_line_address(self):
        return " ".join(self.address.split())

    @property
    def location(self):
        return ", ".join(part for part in [self.venue, self.one_line_address] if part)

    def dedicated_miles(self):
        """The miles in course order, with the baby and runner each needs in one query."""
        return self.miles.select_related("tribute", "runner").order_by("mile")

    def team(self):
        from stories.models import RunnerStoryPage

        return RunnerStoryPage.objects.child_of(self).select_related("photo", "listing_image").order_by("runner_name")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["miles"] = list(self.dedicated_miles())
        context["team"] = team = list(public(self.team()).defer_streamfields())
        prefetch_renditions([self.hero_image, self.get_share_image(), *(runner.get_listing_image() for runner in team)])
        context["json_ld"] = self.json_ld(request)
        context["ics_url"] = self.url + self.reverse_subpage("ics")
        context["bracelets_url"] = self.url + self.reverse_subpage("bracelets")
        return context

    def json_ld(self, request):
        """schema.org Event, escaped so that it can stand inside a <script> element."""
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": self.local_start.isoformat(),
            "endDate": self.local_end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": self.venue,
                "address": self.one_line_address or self.venue,
            },
            "url": self.get_full_url(request),
        }
        if self.summary:
            data["description"] = self.summary
        image = self.get_share_image()
        if image is not None:
            rendition = image.get_rendition("fill-1200x630")
            data["image"] = [request.build_absolute_uri(rendition.url)]
        organisation = OrganisationSettings.load(request_or_site=request)
        data["organizer"] = {"@type": "Organization", "name": organisation.name, "url": request.build_absolute_uri("/")}
        text = json.dumps(data, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    @path("ical/", name="ics")
    def ics(self, request):
        return ics_response(request, [self], filename=f"{self.slug}.ics")

    @path("bracelets/", name="bracelets")
    def bracelets(self, request):
        """The babies' names in mile order, laid out to print and cut into bracelets."""
        return TemplateResponse(
            request,
            "events/event_bracelets.html",
            {"page": self, "self": self, "miles": list(self.dedicated_miles()), "request": request},
        )


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
