"""The header's Donate button: on a page that takes gifts, to that page's own giving box; elsewhere to
the current or next event's giving box, or the general fund."""

from django import template
from django.urls import reverse
from django.utils import timezone

from core.pagecache import shows
from core.queries import content_version, versioned
from donations.models import is_designatable
from events.models import upcoming_events

register = template.Library()


def current_campaign():
    """The current or next event ({"event": title, "event_url", "giving_url"}), or the general fund
    ({"event": "", "event_url": "", "giving_url": its page}) when none. Kept in the shared cache until
    the next publish (content_version) or until that event ends, so a page's header costs no query.
    A page showing it is dropped when an event is published, unpublished or deleted (`campaign`)."""
    shows("campaign")

    def compute():
        event = upcoming_events().only("title", "url_path", "path", "depth", "end", "locale_id").first()
        if event is None:
            return {"event": "", "event_url": "", "giving_url": reverse("donations:give"), "ends": None}
        giving = f"{event.url}#giving-heading-{event.pk}"
        return {"event": event.title, "event_url": event.url, "giving_url": giving, "ends": event.end}

    return versioned(
        f"nav:campaign:{content_version()}",
        compute,
        still_good=lambda kept: kept["ends"] is None or kept["ends"] >= timezone.now(),
    )


@register.inclusion_tag("includes/donate_button.html", takes_context=True)
def donate_button(context):
    """A gift made from a runner's or a baby's page is for that runner or baby: the button leads to the
    page's own giving box (`donation_slot`'s heading). A page never saved (a preview) has no box yet."""
    page = context.get("page")
    if page is not None and getattr(page, "pk", None) is not None and is_designatable(page):
        return {"event": page.title, "giving_url": f"{page.url}#giving-heading-{page.pk}"}
    return current_campaign()


@register.simple_tag(name="current_campaign")
def current_campaign_tag():
    return current_campaign()
