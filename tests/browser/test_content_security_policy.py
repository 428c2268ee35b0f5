"""The Content-Security-Policy, enforced by Chromium: the site's own pages break nothing, Stripe's
form (localstripe here) loads beside it, and script an attacker slips into a page does not run."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every violation the browser reports, from the first byte of each page.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def site_served(settings, localstripe_url, live_server, campaign):  # noqa: F811
    from wagtail.models import Site

    settings.STRIPE_API_BASE = localstripe_url
    site = Site.objects.get(is_default_site=True)
    host, port = live_server.url.removeprefix("http://").split(":")
    site.hostname, site.port = host, int(port)
    site.save()
    return live_server.url, campaign


def violations(page):
    return page.evaluate("window.__cspViolations")


def test_pages_and_stripes_form_run_under_the_policy_without_a_violation(site_served, browser_page):
    base, campaign = site_served
    browser_page.add_init_script(WATCH_VIOLATIONS)
    for path in ("/", campaign["event"].url, "/search/?q=runner"):
        response = browser_page.goto(base + path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        browser_page.wait_for_load_state("networkidle")
        assert violations(browser_page) == [], path

    browser_page.goto(base + campaign["runner"].url)
    card = browser_page.locator("section.giving [data-payment-element]")
    # localstripe's Stripe.js came from its own host, allowed on this page only, and drew the card fields.
    expect(card.get_by_placeholder("number")).to_be_visible(timeout=15_000)
    assert browser_page.evaluate("typeof window.Stripe") == "function"
    assert violations(browser_page) == []


def test_script_an_attacker_slips_into_a_page_does_not_run(site_served, browser_page):
    base, campaign = site_served
    browser_page.add_init_script(WATCH_VIOLATIONS)
    browser_page.goto(base + campaign["event"].url)
    # What a stored-XSS payload would add to the page: an inline script and an event handler.
    browser_page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__pwned = 'script'";
          document.body.append(script);
          document.body.insertAdjacentHTML("beforeend", '<img src="/no-such.png" onerror="window.__pwned = 1">');
        }"""
    )
    browser_page.wait_for_timeout(500)
    assert browser_page.evaluate("window.__pwned") is None
    assert any(line.startswith("script-src") for line in violations(browser_page))
