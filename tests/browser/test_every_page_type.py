"""Every page type of the demo campaign in Chromium, on a phone and on a desktop: it fits the screen,
passes axe, stays within its weight budget and asks nothing of any origin but ours and Stripe's."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.axe import BLOCKING_IMPACTS, describe
from tests.support.demo_pages import demo_page_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (375, 1280)
HTML_BUDGET = 80 * 1024
CSS_BUDGET = 50 * 1024
JS_BUDGET = 30 * 1024
STRIPE_HOSTS = ("stripe.com", "stripe.network")
SHARE_LINKS = ["Email", "Facebook", "X", "WhatsApp", "Copy link"]
# Pages that are about something a reader would pass on; not the search, 404, form or print views.
UNSHARED = {"bracelets", "search", "not-found", "tribute-form", "tribute-form-errors", "contact"}
# Pages whose demo content has pictures (heroes, cards, photos), so the image checks have something to check.
WITH_IMAGES = {
    "home",
    "event-index",
    "event",
    "runner-story",
    "story-index",
    "tribute-index",
    "tribute",
    "press-coverage",
}


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_stripe(url, localstripe):
    host = urlsplit(url).hostname or ""
    return origin(url) == origin(localstripe) or any(host == h or host.endswith("." + h) for h in STRIPE_HOSTS)


def check_page(page, name, width, artifacts_dir, moderate):
    """Fits, passes axe, within budget, no third party. Returns the problems found."""
    problems = []
    assert page.locator("h1").count() == 1, f"{name}: one <h1>"
    if width == 375:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{name}@{width}: scrolls sideways ({scroll_width} px)")
    if name not in UNSHARED:
        share = page.get_by_role("navigation", name="Share this page").locator("a")
        labels = [text.replace("(opens in a new tab)", "").strip() for text in share.all_inner_texts()]
        if labels != SHARE_LINKS:
            problems.append(f"{name}@{width}: share links {labels}")
        elif share.last.get_attribute("href") != page.url.split("?")[0]:
            problems.append(f"{name}@{width}: 'Copy link' points at {share.last.get_attribute('href')}")
    # Images keep their space while loading, and those below the first screen wait to be scrolled to.
    # Each comes from renditions in several widths, as WebP (which Chromium picks) with a JPEG fallback.
    images = page.evaluate(
        """[...document.images].map(img => [img.currentSrc, img.getAttribute('width'), img.getAttribute('height'),
            img.getAttribute('loading'), img.getBoundingClientRect().top + scrollY > innerHeight,
            img.getAttribute('src'), (img.getAttribute('srcset') || '').split(',').length,
            img.closest('picture')?.querySelector('source[type="image/webp"]')?.srcset,
            img.getAttribute('sizes'), img.getAttribute('fetchpriority'), !!img.closest('.hero')])"""
    )
    if name in WITH_IMAGES and not any(src for src, *_ in images):
        problems.append(f"{name}@{width}: no images shown")
    for src, img_width, img_height, loading, below_fold, fallback, widths, webp, sizes, priority, hero in images:
        if not (img_width and img_height):
            problems.append(f"{name}@{width}: image without width/height {src}")
        if below_fold and loading != "lazy":
            problems.append(f"{name}@{width}: image below the fold not lazy {src}")
        if widths < 2 or not sizes or not webp or len(webp.split(",")) != widths:
            problems.append(f"{name}@{width}: image without srcset, sizes and a WebP source of as many widths {src}")
        # A lazy image not yet scrolled to has no currentSrc: the fallback is checked all the same.
        if (src and not src.endswith(".webp")) or not fallback.endswith((".jpg", ".png")):
            problems.append(f"{name}@{width}: shows {src}, falls back on {fallback}: not WebP over JPEG/PNG")
        if hero and (priority != "high" or loading == "lazy"):
            problems.append(f"{name}@{width}: the hero image is not fetched first {src}")
    # Card lists leave no half-empty row: each row's last card ends where the list ends.
    rows = page.evaluate(
        """[...document.querySelectorAll('ul.cards')].flatMap(list => {
            const right = list.getBoundingClientRect().right, rows = {};
            for (const card of list.children) {
                const box = card.getBoundingClientRect();
                rows[Math.round(box.top)] = Math.max(rows[Math.round(box.top)] || 0, box.right);
            }
            return Object.values(rows).map(end => right - end);
        })"""
    )
    if any(gap > 2 for gap in rows):
        problems.append(f"{name}@{width}: a row of cards leaves {max(rows):.0f} px empty")
    page.screenshot(path=str(artifacts_dir / f"page-{name}-{width}.png"), full_page=True)
    for violation in Axe().run(page).response["violations"]:
        line = f"{name}@{width}: {describe(violation)}"
        if violation["impact"] in BLOCKING_IMPACTS:
            problems.append(line)
        else:
            moderate.append(line)
    return problems


def test_every_page_type_fits_a_phone_passes_axe_and_keeps_to_its_budget(
    served_demo_site,
    localstripe_url,  # noqa: F811
    settings,
    browser_page,
    close_browser_time_connections,
    artifacts_dir,  # noqa: F811
):
    # Donation forms load Stripe.js from Stripe's origin, here localstripe's.
    settings.STRIPE_API_BASE = localstripe_url
    paths = demo_page_paths()
    page = browser_page
    base = served_demo_site.url
    requests = []
    page.on("request", lambda request: requests.append(request))
    problems, moderate, sizes, weights = [], [], {}, {}

    def visit(name, width, load):
        requests.clear()
        response = load()
        # A form sent back with its errors answers 400, like any rejected request.
        expected = {"not-found": 404, "tribute-form-errors": 400}.get(name, 200)
        assert response.status == expected, f"{name}: HTTP {response.status}"
        page.wait_for_load_state("networkidle")
        problems.extend(check_page(page, name, width, artifacts_dir, moderate))
        if width != WIDTHS[0]:
            return
        # Budgets, measured once per page: the same bytes whatever the width.
        html = len(response.body())
        # Resource timing lists every file the page used, the browser's cache included (a cached
        # file fires no request event), but gives a file served from the cache a size of 0: the
        # page's own stylesheets and scripts are weighed by fetching them once more.
        resources = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.decodedBodySize])")
        files = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(e => e.href || e.src)"
        )
        first_party = [urlsplit(url).path for url in files if origin(url) == base]
        for path in first_party:
            if path not in weights:
                weights[path] = len(page.request.get(base + path).body())
        css = sum(weights[path] for path in first_party if path.endswith(".css"))
        js = sum(weights[path] for path in first_party if path.endswith(".js"))
        sizes[name] = (html, css, js)
        if html > HTML_BUDGET or css > CSS_BUDGET or js > JS_BUDGET:
            problems.append(f"{name}: over budget: HTML {html} B, CSS {css} B, JS {js} B")
        urls = [request.url for request in requests] + [url for url, _ in resources]
        strangers = {origin(url) for url in urls if origin(url) != base and not is_stripe(url, localstripe_url)}
        if strangers:
            problems.append(f"{name}: requests to other origins {sorted(strangers)}")

    def submit_empty_tribute_form():
        page.goto(base + paths["tribute-form"])
        requests.clear()  # measure the page sent back, not the empty form before it
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Send for review").click()
        return navigation.value

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in paths.items():
            visit(name, width, lambda path=path: page.goto(base + path))
        visit("tribute-form-errors", width, submit_empty_tribute_form)
        assert page.locator(".errorlist, [role=alert], .form-errors").count() > 0, "the empty form shows its errors"

    report = [f"{name}: HTML {html} B, CSS {css} B, JS {js} B" for name, (html, css, js) in sizes.items()]
    (artifacts_dir.parent / "page-budgets.txt").write_text("\n".join(report) + "\n")
    (artifacts_dir.parent / "axe-moderate.txt").write_text("\n".join(moderate) + "\n")
    assert len(sizes) == len(paths) + 1
    assert problems == [], "\n".join(problems)
    # Moderate findings are fixed too; one that cannot be gets explained in docs/design-system.md and listed here.
    assert moderate == []
