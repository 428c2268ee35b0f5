"""What may go under what: an editor cannot put a page where it makes no sense."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from events.models import EventIndexPage, EventPage
from home.models import ContactPage, HomePage, StandardPage
from stories.models import (
    PressCoveragePage,
    PressIndexPage,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_children_are_the_sections_standard_pages_and_the_contact_page(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {EventIndexPage, StoryIndexPage, TributeIndexPage, PressIndexPage, StandardPage, ContactPage},
        )

    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_events_hold_runners_and_nothing_else(self):
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        # EventPage names no type above it: its children are the types that say they stand under an
        # event. Wagtail's abstract-in-practice base Page (never creatable) allows any parent.
        self.assertEqual(set(EventPage.creatable_subpage_models()), {RunnerStoryPage})
        self.assertCanNotCreateAt(EventPage, EventPage)
        self.assertCanNotCreateAt(EventPage, TributePage)
        self.assertAllowedParentPageTypes(RunnerStoryPage, {EventPage})

    def test_tributes_live_only_under_the_tribute_index(self):
        self.assertAllowedSubpageTypes(TributeIndexPage, {TributePage})
        self.assertAllowedParentPageTypes(TributePage, {TributeIndexPage})
        self.assertAllowedSubpageTypes(TributePage, set())

    def test_press_coverage_lives_only_under_the_press_index(self):
        self.assertAllowedSubpageTypes(PressIndexPage, {PressCoveragePage})
        self.assertAllowedParentPageTypes(PressCoveragePage, {PressIndexPage})

    def test_story_index_has_no_children(self):
        self.assertAllowedSubpageTypes(StoryIndexPage, set())

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, ContactPage})

    def test_index_pages_are_singletons(self):
        for model in (HomePage, EventIndexPage, StoryIndexPage, TributeIndexPage, PressIndexPage, ContactPage):
            self.assertEqual(model.max_count, 1, model)
