"""Runner stories: one page per runner, under the event they run (the event's team: the runner's page
type registers itself with events as the team's), and the index of every runner's story."""

from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left, Length
from django.template.loader import render_to_string
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import HOME_PAGE_MODEL, BasePage
from core.pagecache import kept_fragment, shows
from core.queries import content_version, paginate, prefetch_renditions, public, versioned
from donations.blocks import BodyBlock
from donations.fields import CentsField, format_cents
from donations.models import DesignationMixin
from donations.recognition import gifts_version
from events.models import EventPage
from events.team import TeamMember, register_team_page_type


class StoryIndexPage(BasePage):
    introduction = models.TextField(blank=True, help_text="A sentence or two above the list of runner stories.")

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = [HOME_PAGE_MODEL]
    subpage_types = []
    max_count = 1
    page_description = "Every runner's story across events, newest event first. There is only one."

    class Meta:
        verbose_name = "story index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every runner story under every event, and the events to filter by: any of their publishes drops it.
        shows(f"type:{RunnerStoryPage._meta.label_lower}", f"type:{EventPage._meta.label_lower}")
        events = list(public(EventPage.objects.all()).order_by("-start").only("title", "slug", "path", "start"))
        # Only an event that exists is accepted as a filter; anything else shows every story.
        chosen = next((event for event in events if event.slug == request.GET.get("event")), None)
        context.update(events=events, chosen_event=chosen)
        # A kept fragment (core/pagecache.py) until a runner story or an event is published.
        context["runners_html"] = kept_fragment(
            request,
            f"story-index:{self.pk}:{chosen.slug if chosen else ''}:{request.GET.get('page', '')}",
            lambda: self.runner_cards_html(request, events, chosen),
        )
        return context

    def runner_cards_html(self, request, events, chosen):
        shows(f"type:{RunnerStoryPage._meta.label_lower}", f"type:{EventPage._meta.label_lower}")
        runners = runner_stories().order_by("-event_start", "runner_name")
        if chosen is not None:
            runners = runners.child_of(chosen)
        page = paginate(request, runners, RUNNERS_PER_PAGE)
        events_by_path = {event.path: event for event in events}
        for runner in page:
            runner.event = events_by_path.get(runner.path[: -Page.steplen])
        prefetch_renditions([runner.get_listing_image() for runner in page])
        context = {
            "page": self,
            "runners": page,
            "chosen_event": chosen,
            "filter_query": f"event={chosen.slug}" if chosen else "",
            "request": request,
        }
        return render_to_string("stories/story_index_cards.html", context)


RUNNERS_PER_PAGE = 12


def runner_stories():
    """Live, public runner stories with their photo, and their event's start for newest-event-first order."""
    # A runner's event is its parent page: the tree path minus the last step.
    parent_path = Left(OuterRef("path"), Length(OuterRef("path")) - Page.steplen)
    event_start = EventPage.objects.filter(path=parent_path).values("start")[:1]
    return (
        public(RunnerStoryPage.objects.all())
        .annotate(event_start=Subquery(event_start))
        .select_related("photo", "listing_image")
        .defer_streamfields()
    )


@register_team_page_type
class RunnerStoryPage(TeamMember, DesignationMixin, BasePage):
    runner_name = models.CharField(max_length=120, help_text="The runner's name as they want it shown.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo of the runner (square works best).",
    )
    story = StreamField(BodyBlock(), blank=True, help_text="Why I run: the runner's own words.")
    goal_cents = CentsField(
        "personal fundraising goal (US dollars)",
        null=True,
        blank=True,
        help_text="What this runner hopes to raise, in dollars, e.g. 1,000. Leave empty for no goal.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("runner_name"),
        FieldPanel("photo"),
        FieldPanel("story"),
        FieldPanel("goal_cents"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("runner_name"), index.SearchField("story")]

    parent_page_types = ["events.EventPage"]
    subpage_types = []
    page_description = "One runner on an event's team: their story, photo, goal and the miles they carry."

    class Meta:
        verbose_name = "runner story"
        verbose_name_plural = "runner stories"

    main_image_field = "photo"
    listing_order = ("runner_name",)

    def gift_rollup_page_id(self):
        # A runner's gifts also count toward their event's total: the event is the parent page.
        return Page.objects.filter(path=self.path[: -Page.steplen]).values_list("pk", flat=True).first()

    def giving_heading(self):
        return f"Support {self.runner_name}"

    def gift_visibility_note(self):
        # What the runner's dashboard shows of each gift (stories' runner dashboard).
        return (
            f"{self.runner_name} sees your shown name, message, date and amount on their page's dashboard, never "
            "your email. Give anonymously to show them only the date: not your name, your message nor the amount "
            "(it still counts in their total, so if it is their only anonymous gift the total can tell its amount)."
        )

    def leaderboard_name(self):
        return self.runner_name

    def photo_alt(self):
        """What the runner's picture shows: the image's own description when staff gave it one (a drawn
        illustration is not a photo), else "Photo of" the runner."""
        description = self.photo.description if self.photo_id else ""
        return description or f"Photo of {self.runner_name}"

    def member_name(self):
        return self.runner_name

    def member_photo_alt(self):
        return self.photo_alt()

    def goal_display(self):
        return "" if self.goal_cents is None else format_cents(self.goal_cents)

    goal_display.short_description = "Goal"

    def carried_miles_in_order(self):
        return self.carried_miles.select_related("tribute", "event").filter(event__live=True).order_by("mile")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The runner's event is its parent (exactly the fields the page shows), and the miles the runner
        # carries: both change only with a publish, which moves content_version.
        event_path = self.path[: -Page.steplen]
        context["event"] = versioned(
            f"runner-event:{event_path}:{content_version()}",
            lambda: EventPage.objects.only("title", "url_path", "path", "depth").get(path=event_path),
        )
        # A preview of a runner never saved carries no miles yet.
        miles = []
        if self.pk:
            miles = versioned(
                f"runner-miles:{self.pk}:{content_version()}", lambda: list(self.carried_miles_in_order())
            )
        context["carried_miles"] = miles
        # The babies its miles name: their publish drops this page.
        shows(*(f"page:{mile.tribute_id}" for mile in miles))
        context["milestone"] = self.highest_milestone() if self.pk else None
        return context

    def highest_milestone(self):
        """The highest milestone the runner's gifts reached (0 for the first gift, else a percent), or None.

        Cached until a gift is recorded or a page changes (a new goal), so a warm page costs no query for it.
        """

        def compute():
            highest = self.milestones.order_by("-milestone").values_list("milestone", flat=True).first()
            return -1 if highest is None else highest

        reached = versioned(f"stories:milestone:{self.pk}:{gifts_version(self.pk)}:{content_version()}", compute)
        return None if reached == -1 else reached
