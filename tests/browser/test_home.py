import pytest

from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_home_page_reads_well_and_passes_axe(served_demo_site, browser_page, artifacts_dir, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    response = browser_page.goto(served_demo_site.url + "/")

    assert response.status == 200
    assert browser_page.locator("h1").count() == 1
    assert browser_page.locator("h1").inner_text() == "Together we can build a world without NEC"
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
