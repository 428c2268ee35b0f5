"""The emails' look, as staff set it and as a reader's mail app shows it: a staff member sets the emails' colour and
footer in Settings → Organisation in Chromium under production's headers (an unreadable colour is refused with its
reason); a receipt sent afterwards carries them, and its HTML part, opened in Chromium light and dark on a 375 px
phone, reads with every text and link at 4.5:1 or more, no sideways scrolling, and nothing serious for axe."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from core.models import OrganisationSettings, contrast_ratio
from tests.browser.axe import serious_violations
from tests.support.email import assert_branded, run_email_worker
from tests.support.stripe import event, payment_intent, post_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

COLOURS = """() => {
    const style = (element) => getComputedStyle(element);
    const content = document.querySelector(".email-content");
    const header = document.querySelector(".email-header");
    return {
        text: style(content).color,
        background: style(content).backgroundColor,
        link: style(content.querySelector("a")).color,
        label: style(document.querySelector(".email-fact-label")).color,
        footer: style(document.querySelector(".email-footer")).color,
        footerLink: style(document.querySelector(".email-footer a")).color,
        card: style(document.querySelector(".email-card")).backgroundColor,
        header: style(header).backgroundColor,
        headerText: style(header.querySelector("a")).color,
        scrollWidth: document.documentElement.scrollWidth,
    };
}"""


def hex_colour(css):
    red, green, blue = (int(part) for part in re.findall(r"\d+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


def sign_in(page, base):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-comms-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def test_staff_brand_the_emails_and_a_receipt_reads_in_light_and_dark_on_a_phone(
    production_served_site, browser, browser_page, close_browser_time_connections, django_user_model, artifacts_dir
):
    django_user_model.objects.create_superuser("casey", "casey@necsociety.org", "a-long-comms-pass")
    base, page = production_served_site.url, browser_page
    sign_in(page, base)
    page.goto(base + "/admin/settings/core/organisationsettings/")
    page.locator("#id_email_colour").fill("#f0c0f0")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("White text on #f0c0f0 is too faint to read (1.6:1")).to_be_visible()
    assert OrganisationSettings.load().email_colour == "#6b2c7a"  # nothing changed

    page.locator("#id_email_colour").fill("#0b5e5e")
    page.locator("#id_email_dark_mode_colour").fill("#9fe0e0")
    page.get_by_label("Email footer").fill("Call us: (530) 555-0100, weekdays 9 to 5 Pacific")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("updated", exact=False).first).to_be_visible()
    organisation = OrganisationSettings.load()
    assert (organisation.email_colour, organisation.email_dark_mode_colour) == ("#0b5e5e", "#9fe0e0")

    # A gift after the change: its receipt carries the new look.
    intent = payment_intent("pi_branded", 2620, None, fee_cents="120", donor_name="Ana <b>Silva</b>")
    assert post_event(Client(), event("payment_intent.succeeded", intent)).status_code == 200
    run_email_worker()
    (receipt,) = mail.outbox
    as_read = assert_branded(
        receipt,
        "Dear Ana <b>Silva</b>,",
        "Gift: $25 USD Processing fee you covered: $1.20 USD Total charged: $26.20 USD",
        "Call us: (530) 555-0100, weekdays 9 to 5 Pacific",
        organisation=organisation,
    )

    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 375, "height": 800})
        reader = context.new_page()
        reader.set_content(as_read.html)
        expect(reader.get_by_text("Dear Ana <b>Silva</b>,")).to_be_visible()
        colours = reader.evaluate(COLOURS)
        background = hex_colour(colours["background"])
        assert background == ("#ffffff" if scheme == "light" else "#1d2330")
        for name in ("text", "link", "label", "footer", "footerLink"):
            ratio = contrast_ratio(hex_colour(colours[name]), background)
            assert ratio >= 4.5, f"{scheme}: {name} {colours[name]} on {background} is {ratio:.1f}:1"
        assert hex_colour(colours["header"]) == "#0b5e5e"
        assert contrast_ratio(hex_colour(colours["headerText"]), "#0b5e5e") >= 4.5
        assert colours["scrollWidth"] <= 375
        assert serious_violations(reader) == []
        reader.screenshot(path=str(artifacts_dir / f"branded-receipt-{scheme}.png"), full_page=True)
        context.close()


def test_an_editor_who_forgot_their_password_gets_the_reset_link_in_the_same_layout_and_it_works(
    production_served_site, browser_page, close_browser_time_connections, django_user_model
):
    """Wagtail's password reset, asked in Chromium under production's headers: the email has both parts, in
    the organisation's layout, and its link (as a mail app shows it) lets the editor set a new password."""
    django_user_model.objects.create_superuser("casey", "casey@necsociety.org", "a-long-comms-pass")
    base, page = production_served_site.url, browser_page
    mail.outbox.clear()
    page.goto(base + "/admin/password_reset/")
    page.get_by_label("Enter your email address to reset your password").fill("casey@necsociety.org")
    page.get_by_role("button", name="Reset password").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    [message] = [m for m in mail.outbox if m.to == ["casey@necsociety.org"]]
    as_read = assert_branded(message, "Please follow the link below to reset your password:")
    [link] = [url for url in as_read.links if "/admin/password_reset/confirm/" in url]
    page.goto(base + urlsplit(link).path)  # the site's address in the email; this test's server beside it
    expect(page.get_by_role("heading", name="Set your new password")).to_be_visible()
    page.locator("#id_new_password1").fill("a-new-long-comms-pass")
    page.locator("#id_new_password2").fill("a-new-long-comms-pass")
    page.get_by_role("button", name="Reset password").click()
    expect(page.get_by_role("heading", name="Password change successful")).to_be_visible()
    assert django_user_model.objects.get(username="casey").check_password("a-new-long-comms-pass")
