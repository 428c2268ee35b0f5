"""A tribute page in Chromium tells the baby's story first. On a phone the name, photo and story come before
the giving box, and a "Give in memory of ..." link near the top takes the reader to the box (its heading gets
the focus); on a wide screen the box stands beside the story and never runs out of the window while it
stays in place (it is not sticky: it scrolls with the page, and never inside itself). Both pass axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import all_violations
from tests.browser.test_giving_box import story_page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def remembered_and_came_home():
    """A listed tribute in memory of a baby, and one in honour of a baby who came home (the family's choice)."""
    from stories.models import TributePage

    listed = TributePage.objects.live().public().filter(is_listed=True).order_by("path")
    return (
        listed.filter(remembrance=TributePage.Remembrance.MEMORY).first(),
        listed.filter(remembrance=TributePage.Remembrance.HONOUR).first(),
    )


def layout(page):
    return page.evaluate(
        """() => {
            const rect = el => { const r = el.getBoundingClientRect();
                                 return {x: r.x, y: r.y + scrollY, right: r.right, bottom: r.bottom + scrollY,
                                         height: r.height}; };
            const box = document.querySelector('.with-giving__aside');
            return {
                header: rect(document.querySelector('.page-header')),
                story: rect(document.querySelector('.with-giving__main .stream p')),
                giving: rect(box),
                link: rect(document.querySelector('.tribute-give-link a') || document.body),
                linkShown: !!document.querySelector('.tribute-give-link a')?.offsetParent,
                position: getComputedStyle(box).position,
                scrollsInside: box.scrollHeight > box.clientHeight + 1,
            };
        }"""
    )


def test_on_a_phone_the_babys_story_comes_before_the_giving_box_and_a_link_near_the_top_leads_to_it(
    served_demo_site, localstripe_url, settings, browser_page, close_browser_time_connections, artifacts_dir
):
    settings.STRIPE_API_BASE = localstripe_url
    in_memory, in_honour = remembered_and_came_home()
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(served_demo_site.url + in_memory.url)
    page.wait_for_selector("[data-payment-element] input")

    expect(page.locator("h1")).to_have_text(in_memory.baby_name)
    placed = layout(page)
    # The name and photo, then the story's first paragraph, all before the giving box.
    assert placed["header"]["bottom"] <= placed["story"]["y"] < placed["giving"]["y"], placed
    # The link stands near the top, in the first screen, above the story.
    link = page.get_by_role("link", name=f"Give in memory of {in_memory.baby_name}")
    expect(link).to_be_visible()
    assert placed["link"]["bottom"] <= min(800, placed["story"]["y"] + 1), placed
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert all_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "tribute-story-first-375.png"), full_page=True)

    link.click()
    heading = page.locator(f"#giving-heading-{in_memory.pk}")
    expect(heading).to_be_focused()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] <= 100, box
    expect(page.locator("section.giving").get_by_role("button", name="Give")).to_be_visible()

    # A baby who came home is honoured, not remembered: the link says so.
    page.goto(served_demo_site.url + in_honour.url)
    expect(page.get_by_role("link", name=f"Give in honour of {in_honour.baby_name}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Give in memory of {in_honour.baby_name}")).to_have_count(0)


def test_on_a_wide_screen_the_giving_box_beside_the_story_is_never_taller_than_the_window_while_it_stays_put(
    served_demo_site, localstripe_url, settings, browser_page, close_browser_time_connections, artifacts_dir
):
    settings.STRIPE_API_BASE = localstripe_url  # the whole form shows, its card fields mounted
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(served_demo_site.url + story_page_url("tribute", long_story=True))
    page.wait_for_selector("[data-payment-element] input")
    placed = layout(page)
    # Beside the story, from the top.
    assert placed["giving"]["x"] >= placed["story"]["right"], placed
    assert abs(placed["giving"]["y"] - placed["header"]["bottom"]) < 80, placed
    # Sticky only if it fits in the window; and donors never scroll inside a box.
    assert placed["position"] != "sticky" or placed["giving"]["height"] <= 800, placed
    assert not placed["scrollsInside"], placed
    # The link near the top is for phones: here the box is in view beside the name.
    assert not placed["linkShown"], placed
    assert all_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "tribute-story-first-1280.png"))

    # Reading on, the whole form is reached by scrolling the page: its Give button comes into the window.
    give = page.locator("section.giving").get_by_role("button", name="Give")
    give.scroll_into_view_if_needed()
    expect(give).to_be_in_viewport()
