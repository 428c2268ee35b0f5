"""The admin dashboard's "Current campaign" panel: raised against goal, the team, the miles,
tributes waiting for review and the latest gifts, in a fixed number of queries whatever their numbers.

It composes what the apps below know, so it lives in `home`, the top of the layers.
"""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from donations.models import Donation, percent_of_goal
from donations.recognition import page_recognition
from events.models import FINAL_STRETCH, EventIndexPage, EventPage
from stories.common.moderators import is_moderator
from stories.models import RunnerStoryPage
from stories.tributes.moderation import tributes_awaiting_review

LATEST_GIFTS = 8
PENDING_TRIBUTES_SHOWN = 5
OTHER_EVENTS_SHOWN = 3


def campaign_events():
    """The current campaign first (the next or running live event, else the latest one), then the
    other events still to come. Two queries at most."""
    events = EventPage.objects.live().only("title", "start", "end", "goal_cents", "path", "depth", "url_path")
    upcoming = list(events.filter(end__gte=timezone.now()).order_by("start")[: OTHER_EVENTS_SHOWN + 1])
    if upcoming:
        return upcoming
    latest = events.order_by("-start").first()
    return [latest] if latest else []


class CurrentCampaignPanel(Component):
    name = "current_campaign"
    template_name = "home/admin/current_campaign_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        events = campaign_events()
        context = {"event": None, "other_events": events[1:], "total_miles": FINAL_STRETCH}
        if events:
            event = context["event"] = events[0]
            totals = page_recognition(event)["totals"]
            context["totals"] = totals
            if event.goal_cents:
                context["percent"] = percent_of_goal(totals["raised_cents"], event.goal_cents)
            context["team"] = RunnerStoryPage.objects.child_of(event).aggregate(
                published=Count("pk", filter=Q(live=True)), drafts=Count("pk", filter=Q(live=False))
            )
            context["miles_dedicated"] = event.miles.count()
            context["public_url"] = event.url
            context["has_ended"] = event.end < timezone.now()
        else:
            context["events_index"] = EventIndexPage.objects.first()
        if is_moderator(self.user):
            pending = tributes_awaiting_review()
            context["pending_tributes"] = pending.only("title", "baby_name")[:PENDING_TRIBUTES_SHOWN]
            context["pending_count"] = pending.count()
            context["may_review"] = True
        if self.user.has_perm("donations.view_donation"):
            context["latest_gifts"] = Donation.objects.select_related("page").order_by("-received_at")[:LATEST_GIFTS]
            context["may_view_gifts"] = True
        return context
