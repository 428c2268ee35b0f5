"""The course map in Chromium: it names every dedicated baby, its links are reached with the keyboard and
show their focus, axe finds nothing at 375 and 1280 px, the phone scrolls it inside its frame (the page
does not scroll sideways), and it prints whole within the page's width."""

import re

import pytest

from tests.browser.axe import all_violations
from tests.browser.test_keyboard_forms import focus
from tests.home import test_design_tokens as design_tokens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def campaign():
    """The demo's marathon, and its babies: every dedicated one, and those whose tribute is linked."""
    from events.models import EventPage

    event = EventPage.objects.get(slug="cim-2018")
    miles = list(event.dedicated_miles())
    babies = [d.tribute.baby_name for d in miles]
    linked = [d.tribute.baby_name for d in miles if d.tribute.live and d.tribute.is_listed]
    return event.url, babies, linked


# The focused map link's first name: its halo (stroke), the halo's width, its letters (fill), and the map's background.
NAME_STYLE = """() => {
    const link = document.activeElement;
    const style = getComputedStyle(link.querySelector('text'));
    const background = getComputedStyle(link.closest('.course-map__frame')).backgroundColor;
    return {stroke: style.stroke, width: style.strokeWidth, fill: style.fill, background};
}"""


def hex_colour(css):
    """A computed colour ("rgb(29, 35, 48)") as #rrggbb."""
    return "#" + "".join(f"{int(part):02x}" for part in re.findall(r"\d+", css)[:3])


def contrast_ratio(first, second):
    return design_tokens.contrast_ratio(hex_colour(first), hex_colour(second))


def map_names(page):
    return page.locator("svg.course-map__svg .course-map__baby").evaluate_all("els => els.map(e => e.textContent)")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_course_map_names_every_baby_and_passes_axe(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir, width
):
    url, babies, linked = campaign()
    assert len(babies) >= 26 and linked
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served_demo_site.url + url)

    # The map leads the event page: the first section after the header, before the story and the gifts.
    assert page.locator("main h2").first.inner_text().startswith("The course")
    assert sorted(map_names(page)) == sorted(babies)
    links = page.locator("svg.course-map__svg a")
    assert links.count() == len(linked)
    # Label in name (WCAG 2.5.3): each link's name starts with the words it shows, in the order shown.
    shown_and_named = links.evaluate_all(
        "links => links.map(a => [[...a.querySelectorAll('text')].map(t => t.textContent).join(', '),"
        " a.getAttribute('aria-label')])"
    )
    for shown, name in shown_and_named:
        assert name.startswith(shown + ": mile "), (shown, name)
    # The list that follows names them again, as text: the map's accessible names stay short of it.
    assert page.locator("ol.miles li").count() == len(babies)
    # On a phone the map scrolls in its frame, legible; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    name_height = page.locator("svg.course-map__svg .course-map__baby").first.bounding_box()["height"]
    assert name_height >= 12, "the babies' names on the map are too small to read"
    page.locator(".course-map").screenshot(path=str(artifacts_dir / f"course-map-{width}.png"))
    assert all_violations(page) == []


def test_the_maps_links_are_reached_with_the_keyboard_and_show_their_focus(
    served_demo_site, browser_page, close_browser_time_connections
):
    url, _, linked = campaign()
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_demo_site.url + url)
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('svg.course-map__svg') !== null"):
            state = focus(page)
            assert state["visible"], f"focus not visible on {state}"
            # The link's own focus style, not the site-wide outline: a dark halo behind the name, clear of
            # the map's background (3:1), and the name light on it (4.5:1).
            style = page.evaluate(NAME_STYLE)
            assert contrast_ratio(style["stroke"], style["background"]) >= 3, style
            assert contrast_ratio(style["fill"], style["stroke"]) >= 4.5, style
            assert float(style["width"].removesuffix("px")) >= 6, style
            reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        elif reached:
            break
    assert len(reached) == len(linked)
    for name, label in zip(linked, reached, strict=True):
        # Label in name (WCAG 2.5.3): the name starts with the words shown on the map, then says the mile.
        assert label.startswith(name) and ": mile " in label, label
    # Enter follows the focused link, to the baby's tribute.
    page.keyboard.press("Shift+Tab")
    while page.evaluate("document.activeElement.closest('svg.course-map__svg') === null"):
        page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() in reached[-1]


@pytest.mark.parametrize("path", ["", "bracelets/"])
def test_the_course_map_prints_whole(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir, path
):
    url, babies, _ = campaign()
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_demo_site.url + url + path)
    page.emulate_media(media="print")
    svg = page.locator("svg.course-map__svg")
    assert svg.is_visible()
    frame = page.evaluate(
        "() => { const f = document.querySelector('.course-map__frame');"
        " return {scroll: f.scrollWidth, client: f.clientWidth}; }"
    )
    assert frame["scroll"] <= frame["client"], "the printed map is cut off at the page's edge"
    assert sorted(map_names(page)) == sorted(babies)
    page.pdf(path=str(artifacts_dir / f"course-map-print{'-bracelets' if path else ''}.pdf"))
