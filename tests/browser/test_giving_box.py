"""The giving box in Chromium on runner pages: beside the story on a wide screen and kept in view while
reading; on a phone right after the introduction, before the story. (A tribute puts the story first:
tests/browser/test_tribute_story_first.py.)"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


LONG_STORIES = {
    "runner": "I run for the babies who could not, and for the families who sat beside them. ",
    "tribute": "She held our fingers in the NICU and taught us how strong a small person can be. ",
}


def story_page_url(kind, long_story=False):
    """Maya's runner page, or a listed baby's tribute; with a story longer than the window (someone with
    much to say), published."""
    from wagtail.rich_text import RichText

    from stories.models import RunnerStoryPage, TributePage

    if kind == "runner":
        story_page = RunnerStoryPage.objects.get(runner_name="Maya Okafor")
    else:
        story_page = TributePage.objects.live().public().filter(is_listed=True).order_by("path").first()
    if long_story:
        words = LONG_STORIES[kind] * 6
        story_page.story = [("paragraph", RichText(f"<p>{words}</p>")) for _ in range(12)]
        story_page.save_revision().publish()
    return story_page.url


def boxes(page):
    return page.evaluate(
        """() => {
            const rect = sel => { const r = document.querySelector(sel).getBoundingClientRect();
                                  return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; };
            return {giving: rect('.with-giving__aside'), story: rect('.with-giving__main'),
                    header: rect('.page-header')};
        }"""
    )


@pytest.mark.parametrize("kind", ["runner"])
def test_on_a_wide_screen_the_giving_box_stands_beside_the_story_and_stays_in_view(
    kind, served_demo_site, browser_page, close_browser_time_connections, artifacts_dir
):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(served_demo_site.url + story_page_url(kind, long_story=True))
    at_first = boxes(page)
    assert at_first["giving"]["x"] >= at_first["story"]["right"], at_first
    assert abs(at_first["giving"]["y"] - at_first["story"]["y"]) < 40, at_first
    # Reading on: the story scrolls away, the box stays in the window.
    page.mouse.wheel(0, 900)
    page.wait_for_function("window.scrollY >= 600")
    scrolled = boxes(page)
    assert scrolled["story"]["y"] < at_first["story"]["y"] - 550
    assert 0 <= scrolled["giving"]["y"] <= 40, scrolled
    assert scrolled["giving"]["bottom"] <= 800, "the box runs out of the window: it must scroll on its own"
    page.screenshot(path=str(artifacts_dir / f"giving-box-{kind}-1280.png"))


@pytest.mark.parametrize("kind", ["runner"])
def test_on_a_phone_the_giving_box_follows_the_introduction(
    kind, served_demo_site, browser_page, close_browser_time_connections, artifacts_dir
):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(served_demo_site.url + story_page_url(kind))
    assert "{#" not in page.inner_text("body") and "{%" not in page.inner_text("body")
    layout = boxes(page)
    assert layout["header"]["bottom"] <= layout["giving"]["y"] < layout["story"]["y"], layout
    assert layout["giving"]["right"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts_dir / f"giving-box-{kind}-375.png"), full_page=True)
