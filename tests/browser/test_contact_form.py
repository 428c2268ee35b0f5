"""The contact form in Chromium, on a phone and on a desktop: it passes axe empty, with its errors and once
sent; its errors are summed up above it and the summary takes the focus; the privacy policy's link stands
right under the button."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import all_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_contact_form_passes_axe_empty_with_errors_and_sent(
    served_demo_site, browser_page, close_browser_time_connections, settings, artifacts_dir, width
):
    from home.models import ContactPage

    settings.CONTACT_FORM_MIN_SECONDS = 0
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served_demo_site.url + ContactPage.objects.get().url)
    form = page.locator("form[method=post]")
    expect(form).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The privacy policy's link right under the button.
    button = form.get_by_role("button", name="Send my message")
    note = form.locator(".privacy-note")
    expect(note).to_have_text("How we use your details: Privacy policy")
    gap = note.bounding_box()["y"] - (button.bounding_box()["y"] + button.bounding_box()["height"])
    assert 0 <= gap <= 24, gap
    assert all_violations(page) == []
    page.screenshot(path=str(artifacts_dir / f"contact-form-{width}.png"), full_page=True)

    # Sent with a mistake: the summary is read first and leads to the field.
    page.get_by_label("Your name").fill("Rosa Lind")
    page.get_by_label("Your email").fill("rosa at example")
    button.click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Your email: Enter a valid email address.")
    expect(summary).to_contain_text("Your message: This field is required.")
    expect(page.get_by_label("Your name")).to_have_value("Rosa Lind")
    expect(page.get_by_label("Your email")).to_have_attribute("aria-invalid", "true")
    assert all_violations(page) == []
    page.screenshot(path=str(artifacts_dir / f"contact-form-errors-{width}.png"), full_page=True)
    summary.get_by_role("link", name="Your email: Enter a valid email address.").click()
    expect(page.get_by_label("Your email")).to_be_focused()

    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_label("Your message").fill("Where can I buy a bracelet with my son's name?")
    page.get_by_role("button", name="Send my message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message was sent")
    assert all_violations(page) == []
