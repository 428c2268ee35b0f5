"""Every public form of the site submitted in Chromium, with production's security middleware, headers
and cookie flags in force (tests/browser/conftest.py): the test client sends no Origin header, so only
a real browser shows what Django's CSRF check makes of the headers these pages send."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.stripe_card import fill_test_card
from tests.support.stripe import WEBHOOK_URL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def assert_production_headers(response):
    headers = response.headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]


def test_family_shares_a_tribute_asks_for_a_change_and_withdraws_it(
    production_served_site, browser_page, close_browser_time_connections, settings, tmp_path
):
    settings.TRIBUTE_FORM_MIN_SECONDS = 1
    photo = tmp_path / "noah.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (120, 160, 200)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    page = browser_page

    response = page.goto(production_served_site.url + "/tributes/share/")
    assert_production_headers(response)
    page.get_by_label("Your baby's name").fill("Noah James")
    page.get_by_label("Honoured: our baby lived", exact=False).check()
    page.get_by_label("Your baby's story").fill("Noah was born at 27 weeks.")
    page.get_by_label("Photos (optional)").set_input_files(str(photo))
    page.get_by_label("Your name", exact=True).fill("Sam Okafor")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_label("Your relationship to the baby").fill("Father")
    page.get_by_label("I am the baby's parent or guardian", exact=False).check()
    page.get_by_label("I agree to the NEC Society publishing", exact=False).check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("h1")).to_have_text("Your tribute for Noah James")
    # The private link stays out of other sites' Referer headers, and out of search engines.
    status = page.request.get(page.url)
    assert status.headers["referrer-policy"] == "same-origin"
    assert "noindex" in status.headers["x-robots-tag"]
    assert page.evaluate("document.referrer === '' || new URL(document.referrer).origin === location.origin")

    page.get_by_label("What would you like us to change?").fill("Please spell his middle name Jaymes.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("main")).to_contain_text("We have received your request")

    page.get_by_role("link", name="Withdraw the tribute…").click()
    page.get_by_role("button", name="Yes, withdraw and delete it").click()
    expect(page.locator("main")).to_contain_text("You withdrew this tribute")


def test_reader_searches_the_site(production_served_site, browser_page):
    page = browser_page
    response = page.goto(production_served_site.url + "/")
    assert_production_headers(response)
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Search the site").fill("marathon")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=marathon"))
    expect(page.locator(".search-results li").first).to_be_visible()


def test_donor_gives_on_a_runner_page(
    production_served_site,
    browser_page,
    close_browser_time_connections,
    settings,
    localstripe_url,  # noqa: F811
    stripe_webhook,
):
    from stories.models import RunnerStoryPage

    settings.STRIPE_API_BASE = localstripe_url
    stripe_webhook(production_served_site.url + WEBHOOK_URL)
    runner = RunnerStoryPage.objects.live().first()
    page = browser_page
    response = page.goto(production_served_site.url + runner.url)
    assert_production_headers(response)
    giving = page.locator("section.giving")
    giving.get_by_label("$50").check()
    giving.get_by_label("Your name", exact=True).fill("Maria Lopez")
    giving.get_by_label("Email (for your receipt, never shown)").fill("maria@example.org")
    fill_test_card(giving)
    giving.get_by_role("button", name="Give").click()
    expect(giving.get_by_text("Thank you for your gift!")).to_be_visible(timeout=15_000)


def test_reader_leaves_a_message_in_a_tributes_guestbook_and_a_moderator_approves_it(
    production_served_site, browser_page, close_browser_time_connections, settings, django_user_model
):
    from django.contrib.auth.models import Group

    from stories.models import GuestbookMessage, TributePage

    settings.TRIBUTE_FORM_MIN_SECONDS = 1
    tribute = TributePage.objects.live().filter(is_listed=True).first()
    page = browser_page
    response = page.goto(production_served_site.url + tribute.url)
    assert_production_headers(response)
    page.get_by_role("link", name="Leave a message for the family").click()
    expect(page.get_by_label("Your name")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Your name").fill("Aunt Rosa")
    page.get_by_label("Your message to the family").fill("Thinking of you all <3")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send my message").click()
    expect(page.locator("main")).to_contain_text("It will show on the tribute once a moderator has approved it.")
    message = GuestbookMessage.objects.get()
    assert (message.tribute_id, message.name, message.status) == (tribute.pk, "Aunt Rosa", "pending")
    page.goto(production_served_site.url + tribute.url)  # kept in the page cache, without the message
    expect(page.locator("main")).not_to_contain_text("Thinking of you all")

    # A moderator approves it in the admin, through the listing's POST form (with its CSRF token).
    moderator = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "a-long-moderator-pass")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    staff = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = staff.new_page()
    admin.goto(production_served_site.url + "/admin/login/")
    admin.get_by_label("Username").fill("morgan")
    admin.get_by_label("Password").fill("a-long-moderator-pass")
    admin.get_by_role("button", name="Sign in").click()
    admin.get_by_role("link", name=re.compile("1 guestbook message waiting")).click()
    admin.get_by_role("row", name=re.compile("Aunt Rosa")).get_by_role("button", name="Approve").click()
    expect(admin.get_by_text("Aunt Rosa's message is published on the tribute.")).to_be_visible()
    staff.close()
    message.refresh_from_db()
    assert message.status == "published"

    # The reader's next visit shows it.
    page.goto(production_served_site.url + tribute.url)
    expect(page.locator("section.guestbook")).to_contain_text("Thinking of you all <3")


def test_family_hides_a_guestbook_message_from_their_private_link(
    production_served_site, browser_page, close_browser_time_connections
):
    from django.utils import timezone

    from stories.models import GuestbookMessage, TributePage, TributeSubmission
    from stories.tributes.flow import private_link

    tribute = TributePage.objects.live().filter(is_listed=True).first()
    now = timezone.now()
    submission = TributeSubmission.objects.create(
        tribute=tribute,
        baby_name=tribute.baby_name,
        submitter_name="Maria Lopez",
        submitter_email="maria@example.org",
        relationship="Mother",
        status=TributeSubmission.Status.PUBLISHED,
        consent_guardian_at=now,
        consent_publication_at=now,
    )
    for name, words in (("Aunt Rosa", "Thinking of you all."), ("Spammy Sam", "Buy cheap watches")):
        GuestbookMessage.objects.create(tribute=tribute, name=name, message=words, status="published", published_at=now)
    page = browser_page
    response = page.goto(private_link(tribute.get_parent().specific, submission))
    assert_production_headers(response)
    expect(page.get_by_role("button", name="Hide the message from Spammy Sam")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Hide the message from Spammy Sam").click()
    expect(page.locator("main")).to_contain_text("The message is hidden")
    expect(page.locator("main")).not_to_contain_text("Buy cheap watches")

    page.goto(production_served_site.url + tribute.url)
    guestbook = page.locator("section.guestbook")
    expect(guestbook).to_contain_text("Thinking of you all.")
    expect(guestbook).not_to_contain_text("Buy cheap watches")


def test_reader_writes_to_the_team_from_the_contact_page(
    production_served_site, browser_page, close_browser_time_connections, settings
):
    from django.core import mail

    from core.models import OrganisationSettings
    from tests.support.email import run_email_worker

    settings.CONTACT_FORM_MIN_SECONDS = 1
    page = browser_page
    response = page.goto(production_served_site.url + "/")
    assert_production_headers(response)
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy policy").click()
    expect(page.locator("h1")).to_have_text("Privacy policy")
    page.get_by_role("link", name="contact form").click()
    expect(page.locator("h1")).to_have_text("Contact us")
    page.get_by_label("Your name").fill("Rosa Lind")
    page.get_by_label("Your email").fill("rosa@example.org")
    page.get_by_label("What is it about?").select_option(label="Press and media")
    page.get_by_label("Your message").fill("Could we interview one of your runners before race day?")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send my message").click()
    expect(page.locator("main .notice--success")).to_contain_text("Your message has reached the NEC Society's team")

    run_email_worker()
    (email,) = mail.outbox
    assert email.to == [OrganisationSettings.load().contact_email]
    assert "Could we interview one of your runners before race day?" in email.body
    assert "rosa@example.org" in email.body
