"""The home page's campaign sections: next event, runners, tributes, press and featured pages.

They are rendered inside a template fragment cache keyed on `content_version()`, which changes
whenever a page is published, unpublished, moved or deleted: a warm home page costs no listing
queries and a change shows at once.
"""

from django.utils.functional import cached_property
from wagtail.models import Page

from core.pagecache import shows
from core.queries import content_version, prefetch_renditions, public
from events.models import EventPage, upcoming_events
from stories.press.models import PressCoveragePage, recent_press
from stories.runners.models import RunnerStoryPage, runner_stories
from stories.tributes.pages import TributePage, listed_tributes

# The page types whose publish, unpublish or deletion can change the sections.
SECTION_MODELS = (EventPage, RunnerStoryPage, TributePage, PressCoveragePage)


class CampaignSections:
    """Evaluated lazily: on a warm cache the template never touches these properties."""

    def __init__(self, home):
        self.home = home

    @cached_property
    def feature_ids(self):
        return [feature.page_id for feature in self.home.featured_pages.all()]

    def show(self):
        """The home page shows these sections: the publish of a page of their types, or of a featured
        page, drops it (core/pagecache.py)."""
        shows(
            *(f"type:{model._meta.label_lower}" for model in SECTION_MODELS),
            *(f"page:{pk}" for pk in self.feature_ids),
        )

    def cache_key(self):
        return f"{content_version()}:{','.join(map(str, self.feature_ids))}"

    @cached_property
    def next_event(self):
        return upcoming_events().select_related("hero_image", "listing_image").defer_streamfields().first()

    @cached_property
    def featured_runners(self):
        return list(runner_stories().order_by("-event_start", "-first_published_at")[:4])

    @cached_property
    def recent_tributes(self):
        return list(listed_tributes().order_by("-first_published_at", "-pk")[:4])

    @cached_property
    def recent_press(self):
        return list(recent_press()[:3])

    @cached_property
    def features(self):
        # One query per page type rather than one per feature; unpublished features drop out.
        pages = {page.pk: page for page in public(Page.objects.filter(pk__in=self.feature_ids)).specific()}
        return [pages[pk] for pk in self.feature_ids if pk in pages]

    @cached_property
    def images_ready(self):
        """Fetch every card's renditions in one query; the template reads this before the cards."""
        cards = [*([self.next_event] if self.next_event else []), *self.featured_runners, *self.recent_tributes]
        prefetch_renditions([card.get_listing_image() for card in cards])
        return True
