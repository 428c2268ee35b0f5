import pytest

from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


# The order a first-time visitor follows: what NEC is, the campaign, the babies, the team, the news.
VISITORS_ORDER = ["About NEC", "Next event", "Babies we run for", "Meet our runners", "In the news", "Featured"]


@pytest.mark.parametrize("width", [375, 1280])
def test_home_page_reads_well_in_a_visitors_order_and_passes_axe(served_demo_site, browser_page, artifacts_dir, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    response = browser_page.goto(served_demo_site.url + "/")

    assert response.status == 200
    assert browser_page.locator("h1").count() == 1
    assert browser_page.locator("h1").inner_text() == "Together we can build a world without NEC"
    # The sections as a reader meets them, top to bottom on the screen, and as a screen reader lists them.
    sections = browser_page.evaluate(
        """[...document.querySelectorAll('main > section[aria-label], main > section[aria-labelledby]')]
            .map(s => [s.getAttribute('aria-label') || document.getElementById(s.getAttribute('aria-labelledby'))
                .textContent, s.getBoundingClientRect().top])"""
    )
    assert [name for name, _ in sections] == VISITORS_ORDER
    assert [top for _, top in sections] == sorted(top for _, top in sections)
    # Nothing wider than the screen on a phone: no sideways scrolling.
    scroll_width = browser_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    browser_page.screenshot(path=str(artifacts_dir / f"home-{width}.png"), full_page=True)
    assert serious_violations(browser_page) == []


def test_skip_link_moves_keyboard_focus_to_main_content(served_demo_site, browser_page):
    browser_page.goto(served_demo_site.url + "/")
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.textContent") == "Skip to main content"
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("location.hash") == "#main"
