"""Where the demo campaign's pages are: one page of each type, for the tests that go through every one."""


def demo_page_paths():
    """One page of each type in the demo content, found through the ORM (so slugs can change)."""
    from events.models import EventIndexPage, EventPage
    from home.models import ContactPage, StandardPage
    from stories.models import (
        PressCoveragePage,
        PressIndexPage,
        RunnerStoryPage,
        StoryIndexPage,
        TributeIndexPage,
        TributePage,
    )

    def first(model):
        return model.objects.live().public().order_by("path").first().url

    event = first(EventPage)
    tributes = first(TributeIndexPage)
    return {
        "home": "/",
        "event-index": first(EventIndexPage),
        "event": event,
        "bracelets": event + "bracelets/",
        "runner-story": first(RunnerStoryPage),
        "story-index": first(StoryIndexPage),
        "tribute-index": tributes,
        "tribute": TributePage.objects.live().public().filter(is_listed=True).order_by("path").first().url,
        "tribute-form": tributes + "share/",
        "press-index": first(PressIndexPage),
        "press-coverage": first(PressCoveragePage),
        "standard": first(StandardPage),
        "contact": first(ContactPage),
        "search": "/search/?q=mile",
        "not-found": "/no-such-page/",
    }
