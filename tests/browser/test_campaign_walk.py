"""A reader walks the campaign in Chromium: home, the event, a mile's baby, and back to the event."""

import pytest

from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_fits_and_passes_axe(page, width):
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []


def test_reader_walks_from_home_to_the_event_a_miles_tribute_and_back(served_demo_site, browser_page, artifacts_dir):
    width = 375
    browser_page.set_viewport_size({"width": width, "height": 900})
    browser_page.goto(served_demo_site.url + "/")

    browser_page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    assert browser_page.locator("h1").inner_text() == "Events"
    assert_fits_and_passes_axe(browser_page, width)
    browser_page.get_by_role("link", name="California International Marathon 2018").click()

    assert browser_page.locator("h1").inner_text() == "California International Marathon 2018"
    event_url = browser_page.url
    miles = browser_page.locator("ol.miles li")
    assert miles.count() == 26
    browser_page.screenshot(path=str(artifacts_dir / "event-375.png"), full_page=True)
    assert_fits_and_passes_axe(browser_page, width)

    third = miles.nth(2)
    assert third.locator(".miles__number").inner_text() == "Mile 3"
    baby = third.locator("a.miles__baby").inner_text()
    third.locator("a.miles__baby").click()

    assert browser_page.locator("h1").inner_text() == baby
    dedication = browser_page.locator("#miles-heading + ul li")
    assert "Mile 3" in dedication.inner_text()
    browser_page.screenshot(path=str(artifacts_dir / "tribute-375.png"), full_page=True)
    assert_fits_and_passes_axe(browser_page, width)

    dedication.get_by_role("link", name="California International Marathon 2018").click()
    assert browser_page.url == event_url
    assert browser_page.locator("h1").inner_text() == "California International Marathon 2018"


def test_bracelets_print_one_strip_per_mile(served_demo_site, browser_page, artifacts_dir):
    browser_page.goto(served_demo_site.url + "/events/cim-2018/bracelets/")
    browser_page.emulate_media(media="print")
    assert browser_page.locator("li.bracelet").count() == 26
    # The site's header and the page's instructions are not printed.
    assert not browser_page.locator(".site-header").is_visible()
    assert not browser_page.locator(".page-header").is_visible()
    browser_page.pdf(path=str(artifacts_dir / "bracelets.pdf"))
