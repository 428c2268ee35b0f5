"""A runner's whole path in Chromium: sign up from the event page, a moderator approves in the admin,
the runner signs in by the emailed link, changes their story, sees a gift made with localstripe, thanks
the donor with the keyboard alone, sets a new goal, signs out and asks for a new link by the sign-in
form; axe finds nothing serious on any runner page. And every runner form under production's headers."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.stripe_card import fill_test_card
from tests.browser.test_keyboard_forms import tab_to
from tests.support.email import sent_mail
from tests.support.runners import links_in
from tests.support.sites import build_campaign, serve_at
from tests.support.stripe import WEBHOOK_URL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def campaign_served(settings, localstripe_url, live_server, stripe_webhook):  # noqa: F811
    settings.STRIPE_API_BASE = localstripe_url
    settings.RUNNER_SIGNUP_FORM_MIN_SECONDS = 1
    stripe_webhook(live_server.url + WEBHOOK_URL)
    campaign = build_campaign(runner_count=1)
    event = campaign["event"]
    event.runner_signup_open = True
    event.save_revision().publish()
    serve_at(settings, live_server.url)
    return live_server.url, event


def join_the_team(page, name, why):
    """Fill the team's sign-up form as Maya would (after the form's minimum time) and send it."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Why you run").fill(why)
    page.get_by_label("Your fundraising goal").fill("1,000")
    page.get_by_label("Your email address").fill("maya@example.org")
    page.get_by_label("I agree to the NEC Society publishing", exact=False).check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Join the team").click()
    expect(page.locator("h1")).to_have_text("Thank you for joining the team")


def test_runner_signs_up_is_approved_signs_in_edits_sees_a_gift_and_thanks_the_donor(
    campaign_served, browser_page, close_browser_time_connections, artifacts_dir, tmp_path, django_user_model
):
    from django.contrib.auth.models import Group

    from stories.models import RunnerSignup, RunnerThankYou

    base, event = campaign_served
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 900})

    # 1. Join the team from the event page.
    page.goto(base + event.url)
    page.get_by_role("link", name="Run for the NEC Society").first.click()
    expect(page.locator("h1")).to_have_text("Run for the NEC Society")
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    join_the_team(page, "Maya <b>Okafor</b>", "My niece was born at 27 weeks.\n\nI run for answers.")
    signup = RunnerSignup.objects.get()
    assert not signup.runner.live

    # 2. A moderator approves the page in the Wagtail admin.
    moderator = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "a-long-moderator-pass")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    staff = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    admin.goto(base + "/admin/login/")
    admin.get_by_label("Username").fill("morgan")
    admin.get_by_label("Password").fill("a-long-moderator-pass")
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(base + f"/admin/pages/{signup.runner_id}/edit/")
    admin.wait_for_load_state("networkidle")
    admin.locator("footer").get_by_role("button", name="More actions").click()
    admin.locator('[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])').click()
    admin.wait_for_url("**/admin/pages/**")
    staff.close()
    signup.refresh_from_db()
    assert signup.status == "published" and signup.runner.live

    # 3. Sign in with the link from the approval email.
    published = [m for m in sent_mail() if m.to == ["maya@example.org"]][-1]
    page.goto(links_in(published)[0])
    expect(page.locator("h1")).to_have_text("Your dashboard, Maya <b>Okafor</b>")
    assert serious_violations(page) == []
    expect(page.locator("img[alt^='QR code']")).to_be_visible()

    # 4. Change the story: it waits for review.
    page.get_by_label("Why you run").fill("I run for my niece, and now for my nephew too.")
    page.get_by_role("button", name="Send my change for review").click()
    expect(page.get_by_text("your story was sent to the NEC Society team")).to_be_visible()

    # 5. A donor gives $50 on the runner's page, through localstripe.
    donor = page.context.browser.new_context().new_page()
    donor.goto(base + signup.runner.url)
    giving = donor.locator("section.giving")
    giving.get_by_label("$50").check()
    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    giving.get_by_label("A short message").fill("Run strong!")
    fill_test_card(giving)
    giving.get_by_role("button", name="Give").click()
    expect(giving.locator("[data-raised]")).to_have_text("$50", timeout=20_000)
    donor.context.close()

    # 6. The gift is on the dashboard, without the donor's email; the first gift is a milestone.
    page.reload()
    gifts = page.locator("table.runner-dashboard__gifts")
    expect(gifts).to_contain_text("Maria")
    expect(gifts).to_contain_text("Run strong!")
    expect(gifts).to_contain_text("$50")
    expect(page.locator("main")).not_to_contain_text("maria@example.org")
    expect(page.locator("main")).to_contain_text("First gift")
    page.screenshot(path=str(artifacts_dir / "runner-dashboard-375.png"), full_page=True)

    # 7. Thank the donor, with the keyboard alone.
    tab_to(page, "a[href*='/thank/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Thank Maria")
    assert serious_violations(page) == []
    tab_to(page, "textarea[name=message]")
    page.keyboard.type("Thank you so much, Maria!")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your thank-you is on its way to the donor.")).to_be_visible()
    expect(page.locator("table.runner-dashboard__gifts")).to_contain_text("Thanked")

    assert RunnerThankYou.objects.count() == 1
    to_donor = [m for m in sent_mail() if m.to == ["maria@example.org"] and "thank-you" in m.subject.lower()]
    assert len(to_donor) == 1 and "Thank you so much, Maria!" in to_donor[0].body
    assert re.search(r"Maya <b>Okafor</b>", to_donor[0].subject)

    # 8. A new goal shows at once.
    page.get_by_label("Your fundraising goal").fill("2,000")
    page.get_by_role("button", name="Save my goal").click()
    expect(page.get_by_text("Your new goal is on your page.")).to_be_visible()
    signup.runner.refresh_from_db()
    assert signup.runner.goal_cents == 200_000

    # 9. Signed out, the runner asks for a new link with the sign-in form; it opens the dashboard again.
    sent_mail().clear()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.get_by_label("Your email address").fill("maya@example.org")
    page.get_by_role("button", name="Email me my sign-in link").click()
    expect(page.get_by_text("a sign-in link is on its way", exact=False)).to_be_visible()
    assert page.url.endswith("/runners/sign-in/?sent=1")  # a redirect: a refresh sends nothing again
    assert serious_violations(page) == []
    (new_link,) = [m for m in sent_mail() if m.to == ["maya@example.org"]]
    page.goto(links_in(new_link)[0])
    expect(page.locator("h1")).to_have_text("Your dashboard, Maya <b>Okafor</b>")


def test_runner_forms_work_under_productions_security_headers(
    production_served_site, browser_page, close_browser_time_connections, settings
):
    """Production's CSRF check of the Origin header, Secure cookies and Referrer-Policy: every runner form
    (the sign-up, a story and a goal on the dashboard reached by the no-referrer sign-in link, signing
    out, asking for a new link) still posts."""
    from django.utils import timezone

    from events.models import EventPage
    from stories.models import RunnerSignup

    settings.RUNNER_SIGNUP_FORM_MIN_SECONDS = 1
    event = EventPage.objects.live().filter(end__gte=timezone.now()).first()  # the demo's coming race
    event.runner_signup_open = True
    event.save_revision().publish()
    base, page = production_served_site.url, browser_page

    response = page.goto(base + reverse("runner_signup", args=[event.pk]))
    assert response.headers["x-frame-options"] == "DENY" and response.headers["referrer-policy"]
    join_the_team(page, "Maya Okafor", "My niece was born at 27 weeks.")

    (received,) = [m for m in sent_mail() if m.to == ["maya@example.org"]]
    page.goto(links_in(received)[0])
    expect(page.locator("h1")).to_have_text("Your dashboard, Maya Okafor")
    page.get_by_label("Why you run").fill("I run for my niece, and now for my nephew too.")
    page.get_by_role("button", name="Send my change for review").click()
    expect(page.get_by_text("your story was sent to the NEC Society team")).to_be_visible()
    page.get_by_label("Your fundraising goal").fill("2,000")
    page.get_by_role("button", name="Save my goal").click()
    expect(page.get_by_text("Your new goal is on your page.")).to_be_visible()
    assert RunnerSignup.objects.get().runner.goal_cents == 200_000

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.get_by_label("Your email address").fill("maya@example.org")
    page.get_by_role("button", name="Email me my sign-in link").click()
    expect(page.get_by_text("a sign-in link is on its way", exact=False)).to_be_visible()
