"""With JavaScript turned off every page still works: the donation form says how else to give and
shows no control that could not work, and a family can still send a tribute."""

import pytest
from playwright.sync_api import expect

from tests.support.demo_pages import demo_page_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_every_page_works_without_javascript_and_the_donation_form_says_how_else_to_give(
    served_demo_site, page_without_javascript, close_browser_time_connections, settings, artifacts_dir
):
    from core.models import OrganisationSettings

    settings.TRIBUTE_FORM_MIN_SECONDS = 0  # the bot timer has its own tests: no waiting here
    organisation = OrganisationSettings.load()
    page = page_without_javascript
    page.set_viewport_size({"width": 375, "height": 900})
    base = served_demo_site.url
    pages_with_a_form = 0
    for name, path in demo_page_paths().items():
        response = page.goto(base + path)
        assert response.status == (404 if name == "not-found" else 200), name
        expect(page.locator("h1")).to_have_count(1)
        forms = page.locator("form.donation-form")
        if forms.count():
            pages_with_a_form += 1
            note = page.locator(".donation-form__no-js")
            expect(note).to_be_visible()
            expect(note).to_contain_text("Giving online needs JavaScript for the secure card step.")
            expect(note).to_contain_text("PO Box 1234")  # the postal address from Settings → Organisation
            expect(note.get_by_role("link", name=organisation.contact_email)).to_have_attribute(
                "href", f"mailto:{organisation.contact_email}"
            )
            # No dead controls: no Give button, no amount to type, nothing to focus in the form.
            expect(page.get_by_role("button", name="Give")).to_have_count(0)
            expect(forms.locator("input:visible, button:visible, select:visible")).to_have_count(0)
        if name == "event":
            page.screenshot(path=str(artifacts_dir / "event-without-javascript-375.png"), full_page=True)
    assert pages_with_a_form >= 3  # event, runner and tribute pages

    # The tribute form is a plain form: sent without JavaScript, with an error first.
    page.goto(base + demo_page_paths()["tribute-form"])
    page.get_by_role("button", name="Send for review").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link", name="Your baby's name: This field is required.").click()
    expect(page.get_by_label("Your baby's name")).to_be_focused()
    page.get_by_label("Your baby's name").fill("Noah James")
    page.get_by_label("Honoured: our baby lived", exact=False).check()
    page.get_by_label("Your baby's story").fill("Noah was born at 27 weeks.")
    page.get_by_label("Your name", exact=True).fill("Lena Park")
    page.get_by_label("Your email address").fill("lena@example.org")
    page.get_by_label("Your relationship to the baby").fill("Mother")
    page.get_by_label("I am the baby's parent or guardian", exact=False).check()
    page.get_by_label("I agree to the NEC Society publishing", exact=False).check()
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("h1")).to_have_text("Your tribute for Noah James")


def test_a_reader_is_told_how_to_give_when_the_donation_scripts_cannot_load(
    served_demo_site, browser, close_browser_time_connections
):
    event_url = served_demo_site.url + demo_page_paths()["event"]
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    try:
        # JavaScript on: the script shows the form and hides the note.
        page.goto(event_url)
        expect(page.get_by_role("button", name="Give")).to_be_visible()
        expect(page.locator(".donation-form__no-js")).to_be_hidden()

        # JavaScript on, but the script never arrives (a filter, a failed download): the note stays.
        page.route("**/donation-form*.js", lambda route: route.abort())
        page.goto(event_url)
        note = page.locator(".donation-form__no-js")
        expect(note).to_be_visible()
        expect(note).to_contain_text("If the form does not appear, turn JavaScript on")
        expect(page.get_by_role("button", name="Give")).to_have_count(0)
        page.unroute("**/donation-form*.js")

        # Our script runs but Stripe.js does not arrive: the form says so rather than wait forever.
        page.route("**/js.stripe.com/v3/**", lambda route: route.abort())
        page.goto(event_url)
        expect(page.locator("[data-form-error]").first).to_have_text(
            "The payment form could not load. Check your connection and reload the page."
        )
    finally:
        context.close()
