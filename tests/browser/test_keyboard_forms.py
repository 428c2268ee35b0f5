"""The donation and tribute forms completed with the keyboard alone, in Chromium: every focused
control shows its focus, errors are summarised at the top and linked to their fields, and axe finds
no violation at any step (form, errors, card step, thanks)."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import all_violations
from tests.browser.test_donation import runner_page_served  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUS_STATE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
        tag: el.tagName, name: el.getAttribute('name'), id: el.id, text: (el.innerText || '').slice(0, 40),
        visible: outlined || style.boxShadow !== 'none',
    };
}"""


def focus(page):
    return page.evaluate(FOCUS_STATE)


def tab_to(page, selector, key="Tab", limit=120):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; each stop on the way
    must show its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        state = focus(page)
        if state["tag"] != "BODY":
            assert state["visible"], f"focus not visible on {state}"
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return state
    raise AssertionError(f"{key} never reached {selector}")


def assert_focused(page, selector):
    assert page.evaluate("sel => document.activeElement.matches(sel)", selector), focus(page)
    assert focus(page)["visible"], f"focus not visible on {focus(page)}"


def error_links(page, summary):
    """Each entry of the error summary: its link target, and that field's ARIA wiring."""
    return page.evaluate(
        """summary => [...summary.querySelectorAll('li')].map(li => {
            const link = li.querySelector('a[href^="#"]');
            const field = link && document.getElementById(link.getAttribute('href').slice(1));
            // A group of radios is described on its fieldset, as Django renders it.
            const described = field && (field.closest('[aria-describedby]') || field);
            const ids = described ? described.getAttribute('aria-describedby').split(/\\s+/) : [];
            const messages = ids.map(id => document.getElementById(id)).filter(Boolean).map(e => e.innerText.trim());
            return {
                text: li.innerText.trim(),
                linked: Boolean(field),
                invalid: field ? field.getAttribute('aria-invalid') : null,
                described: messages.filter(Boolean),
            };
        })""",
        summary.element_handle(),
    )


def test_donor_gives_with_the_keyboard_alone_and_errors_lead_to_their_fields(
    runner_page_served,  # noqa: F811
    browser_page,
    artifacts_dir,
):
    url, _ = runner_page_served
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    started = []
    page.on(
        "response",
        lambda response: started.append(response) if response.url.endswith("/donations/start/") else None,
    )
    page.goto(url)
    form = page.locator("form.donation-form")
    page.wait_for_selector("[data-payment-element] input")
    # Step 1, the form as loaded, with localstripe's card element mounted.
    assert all_violations(page) == []

    # Too small an amount, no name, no email: Give.
    tab_to(page, "form.donation-form [name=amount]")
    page.keyboard.type("2")
    tab_to(page, "form.donation-form [data-submit]")
    page.keyboard.press("Enter")

    # Step 2: the summary at the top takes focus; each entry links to its invalid field.
    summary = form.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    entries = error_links(page, summary)
    assert [entry["text"] for entry in entries] == [
        "Enter an amount between $5 and $25,000.",
        "Enter your name, for your receipt.",
        "Enter your email address, e.g. name@example.org, for your receipt.",
    ]
    for entry in entries:
        assert entry["linked"] and entry["invalid"] == "true", entry
        assert entry["text"] in entry["described"], entry
    page.screenshot(path=str(artifacts_dir / "donation-keyboard-errors.png"), full_page=True)
    assert all_violations(page) == []

    # The first entry leads to the amount; a preset is chosen with the arrow keys.
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")
    assert_focused(page, "form.donation-form [name=amount]")
    tab_to(page, "form.donation-form [name=preset]", key="Shift+Tab")
    for _ in range(8):
        if page.evaluate("document.activeElement.checked && document.activeElement.value") == "5000":
            break
        page.keyboard.press("ArrowDown")
        assert_focused(page, "form.donation-form [name=preset]")
    expect(form.get_by_label("Amount in dollars")).to_have_value("50")
    expect(form.locator("[data-summary]")).to_have_text("You give $50 once.")

    tab_to(page, "form.donation-form [name=donor_name]")
    page.keyboard.type("Maria Lopez")
    tab_to(page, "form.donation-form [name=donor_email]")
    page.keyboard.type("maria@example.org")

    # Step 3, the card: localstripe's element is plain inputs in our page (no iframe); each moves
    # the focus on once complete.
    tab_to(page, "[data-payment-element] input[placeholder=number]")
    for text, next_field in [
        ("4242424242424242", "exp_month"),
        ("12", "exp_year"),
        ("31", "cvc"),
        ("123", "postal_code"),
    ]:
        page.keyboard.type(text)
        assert_focused(page, f"[data-payment-element] input[placeholder={next_field}]")
    page.keyboard.type("95814")
    assert all_violations(page) == []
    tab_to(page, "form.donation-form [data-submit]")
    page.keyboard.press("Enter")

    # Step 4: the thanks replace the form and take the focus; the errors are gone.
    thanks = form.locator("[data-thanks]")
    expect(thanks).to_contain_text("Thank you for your gift!", timeout=15_000)
    expect(thanks).to_be_focused()
    expect(summary).to_be_hidden()
    assert all_violations(page) == []
    page.screenshot(path=str(artifacts_dir / "donation-keyboard-thanks.png"), full_page=True)
    # Wait for localstripe's webhook to be recorded: a late one would write into the next test.
    expect(page.locator("section.giving [data-raised]")).to_have_text("$50", timeout=20_000)

    # The thank-you page Stripe's redirect lands on, for the same payment.
    payment = json.loads(started[-1].text())
    intent_id = payment["client_secret"].split("_secret_")[0]
    page.goto(url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + f"/donations/thank-you/?payment_intent={intent_id}")
    expect(page.locator("h1")).to_have_text("Thank you for your gift")
    assert all_violations(page) == []


def test_family_sends_a_tribute_with_the_keyboard_alone_after_correcting_errors(
    runner_page_served,  # noqa: F811
    browser_page,
    settings,
    artifacts_dir,
):
    # The bot timer has its own tests; here a send less than a second after loading must not be refused.
    settings.TRIBUTE_FORM_MIN_SECONDS = 0
    url, _ = runner_page_served
    base = "/".join(url.split("/", 3)[:3])
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(base + "/tributes/share/")
    assert all_violations(page) == []

    # Sent empty: the page comes back with a focused summary of the problems.
    tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    entries = error_links(page, summary)
    assert len(entries) == 8, entries
    for entry in entries:
        assert entry["linked"] and entry["invalid"] == "true", entry
        # The summary names the field and repeats the message the field is described by.
        assert any(entry["text"].endswith(message) for message in entry["described"]), entry
    page.screenshot(path=str(artifacts_dir / "tribute-keyboard-errors.png"), full_page=True)
    assert all_violations(page) == []

    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert_focused(page, "#id_baby_name")
    page.keyboard.type("Amelia Rose")
    tab_to(page, "[name=remembrance]")
    page.keyboard.press("Space")
    expect(page.get_by_label("Remembered: our baby died", exact=False)).to_be_checked()
    tab_to(page, "#id_story")
    page.keyboard.type("Amelia was born at 25 weeks.\n\nShe held my finger every day.")
    tab_to(page, "[name=is_listed]")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Anyone: show it in the list of tributes and in search (listed)")).to_be_checked()
    tab_to(page, "#id_submitter_name")
    page.keyboard.type("Grace Chen")
    tab_to(page, "#id_submitter_email")
    page.keyboard.type("grace@example.org")
    tab_to(page, "#id_relationship")
    page.keyboard.type("Mother")
    tab_to(page, "#id_consent_guardian")
    page.keyboard.press("Space")
    tab_to(page, "#id_consent_publication")
    page.keyboard.press("Space")
    tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Your tribute for Amelia Rose")
    expect(page.locator("main")).to_contain_text(re.compile("Waiting for review"))
    assert all_violations(page) == []


def test_errors_the_server_finds_are_summarised_and_linked_like_the_browsers_own(
    runner_page_served,  # noqa: F811
    browser_page,
):
    url, _ = runner_page_served
    page = browser_page
    page.goto(url)
    form = page.locator("form.donation-form")
    page.wait_for_selector("[data-payment-element] input")
    form.get_by_label("$50").check()
    form.get_by_label("Your name", exact=True).fill("Maria Lopez")
    # Looks like an address to the browser; the server's validator wants a real top-level domain.
    form.get_by_label("Email (for your receipt, never shown)").fill("maria@example.o")
    card = form.locator("[data-payment-element]")
    for placeholder, text in [("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "31"), ("cvc", "123")]:
        card.get_by_placeholder(placeholder).fill(text)
    form.get_by_role("button", name="Give").click()

    summary = form.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    entries = error_links(page, summary)
    assert [entry["text"] for entry in entries] == ["Enter a valid email address."]
    assert entries[0]["linked"] and entries[0]["invalid"] == "true"
    assert entries[0]["described"] == ["Enter a valid email address."]
    expect(form.get_by_role("button", name="Give")).to_be_visible()
    assert all_violations(page) == []
