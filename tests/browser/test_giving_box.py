"""The giving box in Chromium, on runner and tribute pages: beside the story on a wide screen and kept in
view while reading; on a phone right after the introduction, before the story."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def runner_url(long_story=False):
    """Maya's page; with a story longer than the window (a runner who has much to say), published."""
    from wagtail.rich_text import RichText

    from stories.models import RunnerStoryPage

    runner = RunnerStoryPage.objects.get(runner_name="Maya Okafor")
    if long_story:
        words = "I run for the babies who could not, and for the families who sat beside them. " * 6
        runner.story = [("paragraph", RichText(f"<p>{words}</p>")) for _ in range(12)]
        runner.save_revision().publish()
    return runner.url


def boxes(page):
    return page.evaluate(
        """() => {
            const rect = sel => { const r = document.querySelector(sel).getBoundingClientRect();
                                  return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; };
            return {giving: rect('.with-giving__aside'), story: rect('.with-giving__main'),
                    header: rect('.page-header')};
        }"""
    )


def test_on_a_wide_screen_the_giving_box_stands_beside_the_story_and_stays_in_view(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir
):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(served_demo_site.url + runner_url(long_story=True))
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
    page.screenshot(path=str(artifacts_dir / "giving-box-1280.png"))


def test_on_a_phone_the_giving_box_follows_the_introduction(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir
):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(served_demo_site.url + runner_url())
    layout = boxes(page)
    assert layout["header"]["bottom"] <= layout["giving"]["y"] < layout["story"]["y"], layout
    assert layout["giving"]["right"] <= 375
    page.screenshot(path=str(artifacts_dir / "giving-box-375.png"), full_page=True)


def tribute_url(long_story=False):
    """A listed baby's tribute; with a story longer than the window (a family with much to say), published."""
    from wagtail.rich_text import RichText

    from stories.models import TributePage

    tribute = TributePage.objects.live().public().filter(is_listed=True).order_by("path").first()
    if long_story:
        words = "She held our fingers in the NICU and taught us how strong a small person can be. " * 6
        tribute.story = [("paragraph", RichText(f"<p>{words}</p>")) for _ in range(12)]
        tribute.save_revision().publish()
    return tribute.url


def test_on_a_tribute_page_the_giving_box_stands_beside_the_story_and_stays_in_view(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir
):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(served_demo_site.url + tribute_url(long_story=True))
    at_first = boxes(page)
    assert at_first["giving"]["x"] >= at_first["story"]["right"], at_first
    assert abs(at_first["giving"]["y"] - at_first["story"]["y"]) < 40, at_first
    page.mouse.wheel(0, 900)
    page.wait_for_function("window.scrollY >= 600")
    scrolled = boxes(page)
    assert scrolled["story"]["y"] < at_first["story"]["y"] - 550
    assert 0 <= scrolled["giving"]["y"] <= 40, scrolled
    assert scrolled["giving"]["bottom"] <= 800
    page.screenshot(path=str(artifacts_dir / "giving-box-tribute-1280.png"))


def test_on_a_phone_the_tribute_pages_giving_box_follows_the_introduction(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir
):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(served_demo_site.url + tribute_url())
    assert "{#" not in page.inner_text("body") and "{%" not in page.inner_text("body")
    layout = boxes(page)
    assert layout["header"]["bottom"] <= layout["giving"]["y"] < layout["story"]["y"], layout
    assert layout["giving"]["right"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts_dir / "giving-box-tribute-375.png"), full_page=True)
