"""Events (a marathon, a walk): their pages, their course of 26.2 miles, their calendar feeds.

The team (runner pages) stands under an event as its child pages, and the mile dedications point at it
(the event's `miles`): both are defined in `stories`, above this app, through what this app offers them:
the team's page type registers itself (`team.py`) and the dedication inherits `MileDedicationBase`
(`dedications.py`). What an event shows of them it reads through those names only.
"""

import hashlib
import json
import zoneinfo

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Window
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.images import renditions_or_none
from core.models import HOME_PAGE_MODEL, BasePage, OrganisationSettings
from core.pagecache import kept_fragment, shows
from core.panels import PanelsFromHook
from core.queries import (
    CACHE_SECONDS,
    TypedChildRoutingMixin,
    content_version,
    paginate,
    prefetch_renditions,
    public,
)
from core.site_url import absolute_url
from donations.blocks import BodyBlock
from donations.fields import CentsField
from donations.models import DesignationMixin
from donations.recognition import leaderboard, page_recognition

from .calendar import ics_response
from .course_map import COURSE_SHAPE_CHOICES, CUSTOM, FINAL_STRETCH, POINT_TO_POINT, build_course_map, parse_points
from .team import TEAM_PAGE_TYPES, team_page_type

# Miles 1-26, then the final 0.2 of a marathon (FINAL_STRETCH, stored as 27 so that ordering stays numeric).
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
# The event page shows this many of its runners, however large the team; the rest are on the team's
# own listing (`team/`, paged) and the whole leaderboard (`leaderboard/`, paged).
TEAM_PREVIEW = 8
TEAM_PER_PAGE = 24
LEADERBOARD_PER_PAGE = 50
# A runner's personal goal where the event leaves a limit empty.
RUNNER_GOAL_FLOOR_CENTS = 100
RUNNER_GOAL_CEILING_CENTS = 100_000_000


def upcoming_events():
    """Live, public events that have not ended yet, soonest first."""
    return public(EventPage.objects.all()).filter(end__gte=timezone.now()).order_by("start")


class EventIndexPage(RoutablePageMixin, TypedChildRoutingMixin, BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two shown above the list of events.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = [HOME_PAGE_MODEL]
    subpage_types = ["events.EventPage"]
    max_count = 1
    page_description = "The list of events: upcoming first, then past events by year. There is only one."

    class Meta:
        verbose_name = "event index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calendar_url"] = calendar_url = self.url + self.reverse_subpage("calendar")
        # A kept fragment (core/pagecache.py) until an event is published under this page. An event that
        # ends moves to the past events within the fragment's time (FRAGMENT_SECONDS), as on a kept page.
        context["events_html"] = kept_fragment(
            request,
            f"event-index:{self.pk}:{request.GET.get('page', '')}",
            lambda: self.events_html(request, calendar_url),
        )
        return context

    def events_html(self, request, calendar_url):
        """The upcoming events, then the past ones by year, page by page."""
        events = (
            public(EventPage.objects.child_of(self)).select_related("hero_image", "listing_image").defer_streamfields()
        )
        shows(f"children:{self.pk}")
        now = timezone.now()
        upcoming = list(events.filter(end__gte=now).order_by("start"))
        past = paginate(request, events.filter(end__lt=now).order_by("-start"), PAST_EVENTS_PER_PAGE)
        prefetch_renditions([event.get_listing_image() for event in [*upcoming, *past]])
        context = {"upcoming_events": upcoming, "past_events": past, "calendar_url": calendar_url, "request": request}
        return render_to_string("events/event_index_events.html", context)

    @path("ical/", name="calendar")
    def calendar(self, request):
        """Every upcoming event under this index, for calendar apps to subscribe to."""
        events = upcoming_events().child_of(self).defer_streamfields()
        return ics_response(request, events, filename="nec-society-events.ics")


class EventPage(DesignationMixin, RoutablePageMixin, TypedChildRoutingMixin, BasePage):
    start = models.DateTimeField(help_text="When the event starts, in the event's local time zone below.")
    end = models.DateTimeField(help_text="When the event ends.")
    time_zone = models.CharField(
        max_length=40,
        choices=TIMEZONE_CHOICES,
        default="America/Los_Angeles",
        help_text="The time zone where the event happens; times are shown in it.",
    )
    venue = models.CharField(max_length=200, help_text="Where it happens, e.g. 'Folsom Dam to the State Capitol'.")
    address = models.TextField(
        "street address", blank=True, help_text="Street and number, used in calendars, maps and search engines."
    )
    locality = models.CharField("city", max_length=100, blank=True, help_text="The city or town, e.g. Sacramento.")
    region = models.CharField("state", max_length=100, blank=True, help_text="The state or region, e.g. CA.")
    postal_code = models.CharField("ZIP code", max_length=20, blank=True, help_text="The ZIP or postal code.")
    country = models.CharField(
        max_length=2, default="US", blank=True, help_text="The country, as a two-letter code (US, CA, GB...)."
    )
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
        blank=True,
        help_text="The race organiser's registration page, where runners enter the race itself "
        "(leave empty to hide the button).",
    )
    registration_label = models.CharField(
        max_length=40,
        default="Register for the race",
        help_text="The words on the race registration button. It stands beside 'Run for the NEC Society' "
        "(joining our team), so name the race, e.g. 'Register for CIM'.",
    )
    goal_cents = CentsField(
        "fundraising goal (US dollars)",
        null=True,
        blank=True,
        help_text="What the team hopes to raise, in dollars, e.g. 26,200. Leave empty for no goal.",
    )
    # Runners joining the team from the site (the form and the runner's dashboard are in `stories`).
    runner_signup_open = models.BooleanField(
        "open for runners to sign up",
        default=False,
        help_text="Shows “Run for the NEC Society” on the event page: runners join the team with a form, "
        "and staff approve each runner's page before it is published.",
    )
    runner_signup_closes = models.DateTimeField(
        "sign-up closes",
        null=True,
        blank=True,
        help_text="After this moment the form is closed. Empty: open until the event ends.",
    )
    runner_goal_min_cents = CentsField(
        "smallest personal goal (US dollars)",
        default=10_000,
        null=True,
        blank=True,
        help_text="The lowest fundraising goal a runner may choose, in dollars, e.g. 100. Empty: $1.",
    )
    runner_goal_max_cents = CentsField(
        "largest personal goal (US dollars)",
        default=2_620_000,
        null=True,
        blank=True,
        help_text="The highest fundraising goal a runner may choose, in dollars, e.g. 26,200. Empty: $1,000,000.",
    )
    course_shape = models.CharField(
        max_length=20,
        choices=COURSE_SHAPE_CHOICES,
        default=POINT_TO_POINT,
        help_text="How the course map at the top of the event page draws the race. Use Preview to see it.",
    )
    course_points = models.TextField(
        blank=True,
        help_text="Only for 'My own points': the course from start to finish as x,y points from 0 to 100 "
        "(0,0 is the top left), e.g. '0,80 30,60 60,70 100,20'. Trace them from a map if you like.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("region"), FieldPanel("postal_code")]),
                FieldPanel("country"),
            ],
            heading="Where",
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("registration_label"), FieldPanel("goal_cents")],
            heading="Taking part and fundraising",
        ),
        MultiFieldPanel(
            [
                FieldPanel("runner_signup_open"),
                FieldPanel("runner_signup_closes"),
                FieldRowPanel([FieldPanel("runner_goal_min_cents"), FieldPanel("runner_goal_max_cents")]),
            ],
            heading="Runners' sign-up",
        ),
        MultiFieldPanel([FieldPanel("course_shape"), FieldPanel("course_points")], heading="Course map"),
        # The mile dedications and the families' requests for a mile (defined in `stories`).
        PanelsFromHook("event_page_panels", heading="The course: one baby at each mile"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    # Child pages: the team's, one a runner, of the page type registered with `events.team.register_team_page_type`.
    subpage_types = TEAM_PAGE_TYPES
    page_description = "One event, e.g. a marathon: dates, place, its 26 mile dedications and its team."
    main_image_field = "hero_image"
    has_leaderboard = True
    # An event published, unpublished or deleted may change the current campaign every page's header names.
    change_topics = ("campaign",)

    class Meta:
        verbose_name = "event page"
        ordering = ["start"]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event cannot end before it starts."})
        if self.course_shape == CUSTOM:
            try:
                parse_points(self.course_points)
            except ValueError as error:
                raise ValidationError({"course_points": str(error)}) from None
        smallest, largest = self.runner_goal_limits()
        if largest < smallest:
            if self.runner_goal_max_cents is None:
                raise ValidationError(
                    {
                        "runner_goal_min_cents": "The smallest goal cannot be above the largest "
                        f"(${largest // 100:,} when that is left empty)."
                    }
                )
            raise ValidationError({"runner_goal_max_cents": "The largest goal cannot be below the smallest."})

    def runner_goal_limits(self):
        """(smallest, largest) personal goal a runner may choose, in cents; an empty limit is $1 or $1,000,000."""
        return (
            RUNNER_GOAL_FLOOR_CENTS if self.runner_goal_min_cents is None else self.runner_goal_min_cents,
            RUNNER_GOAL_CEILING_CENTS if self.runner_goal_max_cents is None else self.runner_goal_max_cents,
        )

    def runner_signup_is_open(self):
        """Whether runners may join the team from the site now: staff opened it, it has not closed, the
        event has not ended, and the page is live."""
        now = timezone.now()
        return (
            self.live
            and self.runner_signup_open
            and self.end >= now
            and (self.runner_signup_closes is None or self.runner_signup_closes > now)
        )

    def gift_rollup_page_id(self):
        # The event's total is its own gifts and its runners' (theirs roll up to it).
        return self.pk

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
    def has_ended(self):
        """The event is over: its page thanks the team and still takes gifts."""
        return not self.is_upcoming

    def giving_heading(self):
        return "Gifts still help NEC research" if self.has_ended else super().giving_heading()

    @property
    def one_line_address(self):
        street = " ".join(self.address.split())
        place = " ".join(part for part in [self.region, self.postal_code] if part)
        return ", ".join(part for part in [street, self.locality, place] if part)

    def postal_address(self):
        """schema.org PostalAddress, with the parts the editor filled in. Without a street or a city the
        venue (always given) stands as the street, so that search engines get a place, not only a country."""
        street = " ".join(self.address.split())
        parts = {
            "streetAddress": street if street or self.locality else self.venue,
            "addressLocality": self.locality,
            "addressRegion": self.region,
            "postalCode": self.postal_code,
            "addressCountry": self.country,
        }
        return {"@type": "PostalAddress", **{key: value for key, value in parts.items() if value}}

    @property
    def location(self):
        return ", ".join(part for part in [self.venue, self.one_line_address] if part)

    @classmethod
    def dedication_model(cls):
        """The mile dedication: a MileDedicationBase (`dedications.py`), defined by the app above."""
        return cls._meta.get_field("miles").related_model

    def dedicated_miles(self):
        """The miles in course order, with what each shows (as the dedication declares it) in one query."""
        dedication = self.dedication_model()
        return (
            self.miles.select_related(*dedication.display_related)
            .only("mile", "event_id", *dedication.display_fields)
            .order_by("mile")
        )

    def course_map(self, miles):
        """The course drawn with these dedications (from `dedicated_miles()`): no query of its own.

        Drawing it takes some milliseconds, so the drawing is kept in the shared cache under the event,
        the content version (a publish anywhere, a page moved) and what it is drawn from (the shape and
        the names and links it shows), so that a draft's preview or a dedication saved without a publish
        is never shown an older drawing."""
        drawn_from = (self.course_shape, self.course_points, *(dedication.shown_as() for dedication in miles))
        digest = hashlib.sha256(repr(drawn_from).encode()).hexdigest()[:32]
        key = f"events:course-map:{self.pk}:{content_version()}:{digest}"
        course = cache.get(key)
        if course is None:
            course = build_course_map(self.course_shape, self.course_points, miles)
            cache.set(key, course, CACHE_SECONDS)
        return course

    def team(self):
        """The event's live, public team pages (its runners: the page type registered as the team's), in
        the order their type gives (runners by name), with their pictures: a queryset, to be sliced or paged."""
        model = team_page_type()
        if model is None:
            return Page.objects.none()
        images = [name for name in ("listing_image", model.main_image_field) if name]
        return (
            public(model.objects.child_of(self))
            .select_related(*images)
            .order_by(*model.listing_order)
            .defer_streamfields()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_renditions([self.hero_image, self.get_share_image()])
        # The course and the team are kept fragments (core/pagecache.py): a page rendered afresh reuses them
        # until the event, a page they name or the team changes.
        context["course_html"] = kept_fragment(request, f"event-course:{self.pk}", lambda: self.course_html(request))
        # What the team's empty state offers changes with the clock (sign-up open, the event still to come).
        context["team_signup_url"] = signup_url = self.team_signup_url()
        context["team_html"] = kept_fragment(
            request,
            f"event-team:{self.pk}:{signup_url}:{self.is_upcoming}",
            lambda: self.team_preview_html(request, signup_url),
        )
        context["json_ld"] = self.json_ld(request)
        if self.has_ended:
            # The thanks' figures are the giving box's own (the same cached ledger totals): no query more.
            context["final_totals"] = page_recognition(self)["totals"]
        context["ics_url"] = self.url + self.reverse_subpage("ics")
        return context

    def team_signup_url(self):
        """Where runners join the team, offered by the app that holds the form (stories), if open."""
        return next((url for hook in hooks.get_hooks("event_team_signup_url") if (url := hook(self))), "")

    def course_html(self, request):
        """The course map and the list of miles: the babies and runners the miles name show here (their
        publish drops it), and the event's own (its dedications are saved with it)."""
        miles = list(self.dedicated_miles())
        shows(f"page:{self.pk}", *(f"page:{pk}" for mile in miles for pk in mile.shown_page_ids()))
        context = {
            "page": self,
            "miles": miles,
            "course_map": self.course_map(miles),
            "bracelets_url": self.url + self.reverse_subpage("bracelets"),
            "request": request,
        }
        return render_to_string("events/event_course.html", context)

    def team_preview_html(self, request, team_signup_url):
        """The first few runners' cards, with a link to the whole team: the team's publishes drop it."""
        shows(f"page:{self.pk}", f"children:{self.pk}")
        # The first few runners, each row also counting the whole team (a window over the same query).
        preview = list(self.team().annotate(team_size=Window(Count("pk")))[:TEAM_PREVIEW])
        prefetch_renditions([runner.get_listing_image() for runner in preview])
        context = {
            "page": self,
            "team": preview,
            "team_count": preview[0].team_size if preview else 0,
            "team_url": self.url + self.reverse_subpage("team"),
            "team_signup_url": team_signup_url,
            "request": request,
        }
        return render_to_string("events/event_team_preview.html", context)

    def leaderboard_url(self):
        return self.url + self.reverse_subpage("leaderboard")

    @path("team/", name="team")
    def team_listing(self, request):
        """The whole team, page by page, for when it is larger than the event page shows."""
        context = {"page": self, "self": self, "request": request}
        # A kept fragment (core/pagecache.py) until a runner is published under the event.
        name = f"event-team-listing:{self.pk}:{request.GET.get('page', '')}"
        context["runners_html"] = kept_fragment(request, name, lambda: self.team_cards_html(request))
        context.update(self.subpage_identity("team", f"The team: {self.title}"))
        return TemplateResponse(request, "events/event_team.html", context)

    def team_cards_html(self, request):
        shows(f"page:{self.pk}", f"children:{self.pk}")
        runners = paginate(request, self.team(), TEAM_PER_PAGE)
        prefetch_renditions([runner.get_listing_image() for runner in runners])
        return render_to_string("events/event_team_cards.html", {"runners": runners, "request": request})

    @path("leaderboard/", name="leaderboard")
    def leaderboard_listing(self, request):
        """Every runner, most raised first, page by page (the event page shows the first few)."""
        board = paginate(request, leaderboard(self), LEADERBOARD_PER_PAGE)
        context = {"page": self, "self": self, "board": board, "request": request}
        context.update(self.subpage_identity("leaderboard", f"Leaderboard: {self.title}"))
        return TemplateResponse(request, "events/event_leaderboard.html", context)

    def subpage_identity(self, name, title):
        """A listing under the event is a page of its own for search engines and link previews: its own
        canonical address (`canonical_url` adds ?page=N beyond the first) and its own title."""
        return {"canonical_path": self.url + self.reverse_subpage(name), "share_title": title}

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
            "location": {"@type": "Place", "name": self.venue, "address": self.postal_address()},
            "url": self.get_full_url(request),
        }
        if self.summary:
            data["description"] = self.summary
        image = self.get_share_image()
        renditions = renditions_or_none(image, "fill-1200x630") if image is not None else None
        if renditions:  # an image whose original file is gone is left out (and logged)
            data["image"] = [absolute_url(renditions["fill-1200x630"].url)]
        organisation = OrganisationSettings.load(request_or_site=request)
        data["organizer"] = {"@type": "Organization", "name": organisation.name, "url": absolute_url("/")}
        text = json.dumps(data, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    @path("ical/", name="ics")
    def ics(self, request):
        return ics_response(request, [self], filename=f"{self.slug}.ics")

    @path("bracelets/", name="bracelets")
    def bracelets(self, request):
        """The course map, then the babies' names in mile order, laid out to print and cut into bracelets."""
        miles = list(self.dedicated_miles())
        context = {"page": self, "self": self, "miles": miles, "course_map": self.course_map(miles), "request": request}
        return TemplateResponse(request, "events/event_bracelets.html", context)
