"""Staff refund a Stripe gift from its page in the admin, in Chromium under production's security headers:
the form, the confirmation, localstripe refunding and sending its signed charge.refunded, the ledger and
the totals, the donor's one email; the same confirmation posted again refunds nothing more. Staff without
the permission see no button and are refused; an amount above what is left and Stripe unreachable are
told clearly and change nothing. The forms pass axe at 375 and 1280 px."""

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.support.email import run_email_worker
from tests.support.servers import free_port, wait_until
from tests.support.stripe import WEBHOOK_URL, charge_of, paid_gift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-treasurer-pass"


def staff_member(django_user_model, username, *codenames):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user(username, f"{username}@necsociety.org", PASSWORD, first_name="Robin")
    group, _ = Group.objects.get_or_create(name=f"Donations ({username})")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="donations", codename__in=codenames),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def gift(production_served_site, stripe_at_localstripe, stripe_webhook):
    """Jane's $50 gift to a demo runner, made through the form, charged by localstripe and recorded."""
    from stories.models import RunnerStoryPage

    stripe_webhook(production_served_site.url + WEBHOOK_URL)
    runner = RunnerStoryPage.objects.live().order_by("pk").first()
    return paid_gift(Client(), stripe_at_localstripe, runner), runner


def sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")


def raised(base, runner):
    return Client().get(f"/donations/totals/{runner.pk}/").json()["raised_cents"]


def test_staff_refund_part_of_a_gift_once_and_the_ledger_totals_and_donor_follow(
    gift,
    production_served_site,
    stripe_at_localstripe,
    browser_page,
    close_browser_time_connections,
    django_user_model,
    artifacts_dir,
):
    from donations.models import Donation

    donation, runner = gift
    base = production_served_site.url
    staff_member(django_user_model, "robin", "view_donation", "refund_donation")
    before = raised(base, runner)
    page = browser_page
    sign_in(page, base, "robin")

    page.goto(f"{base}/admin/donations/donation/inspect/{donation.pk}/")
    page.get_by_role("link", name="Refund this gift").click()
    expect(page.locator("h1")).to_have_text("Refund a gift")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(page) == [], width
        page.screenshot(path=str(artifacts_dir / f"refund-form-{width}.png"), full_page=True)
    page.get_by_label("Amount to refund (US dollars)").fill("12.50")
    page.get_by_label("The donor asked for it").check()
    page.get_by_label("Note for the team (optional)").fill("Meant to give $37.50; asked by email")
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Confirm the refund")
    what = page.locator("main")
    expect(what).to_contain_text("Stripe will give $12.50 back to Jane Runner (jane@example.org)")
    expect(what).to_contain_text("$37.50 will still count")
    expect(what).to_contain_text("This cannot be undone.")
    assert serious_violations(page) == []
    form = page.locator("form[action$='/refund/']")
    sent = form.evaluate("form => [...new FormData(form)]")  # what the confirmation posts, to post it again
    page.get_by_role("button", name="Refund $12.50").click()
    page.wait_for_url(f"{base}/admin/donations/donation/inspect/{donation.pk}/")
    expect(page.get_by_text("Stripe accepted the refund of $12.50.")).to_be_visible()

    # The same confirmation posted twice more at once, with the browser's cookies and Origin (a double-click,
    # a retried request): Stripe is asked with the same idempotency key and refunds nothing more.
    statuses = page.evaluate(
        """async ([url, sent]) => Promise.all([1, 2].map(() =>
            fetch(url, {method: "POST", body: new URLSearchParams(sent), credentials: "same-origin"})
                .then(response => response.status)))""",
        [f"{base}/admin/donations/gifts/{donation.pk}/refund/", sent],
    )
    assert statuses == [200, 200]  # each redirected to the gift's page

    assert wait_until(lambda: Donation.objects.get(pk=donation.pk).refunded_cents == 1250)
    page.reload()
    refunds = page.locator("table", has_text="Left counted")
    expect(refunds.locator("tbody tr")).to_have_count(1)
    expect(refunds).to_contain_text("$12.50")
    expect(refunds).to_contain_text("$37.50")
    requests = page.locator("table", has_text="Reason")
    expect(requests.locator("tbody tr")).to_have_count(1)
    for words in ("Robin", "$12.50", "The donor asked for it", "Meant to give $37.50", "Accepted by Stripe (re_"):
        expect(requests).to_contain_text(words)
    expect(page.get_by_role("link", name="Refund this gift")).to_be_visible()  # $37.50 left
    page.screenshot(path=str(artifacts_dir / "refund-gift-page.png"), full_page=True)

    charge = charge_of(stripe_at_localstripe, donation)
    assert charge["amount_refunded"] == 1250 and len(charge["refunds"]["data"]) == 1
    donation.refresh_from_db()
    assert (donation.amount_cents, donation.refunded_cents, donation.status) == (3750, 1250, "paid")
    assert raised(base, runner) == before - 1250
    mail.outbox.clear()
    run_email_worker()
    refund_emails = [m for m in mail.outbox if "refunded" in m.subject]
    assert [(m.to, m.subject) for m in refund_emails] == [
        (["jane@example.org"], "$12.50 of your gift to the NEC Society is refunded")
    ]
    assert "What remains of your gift: $37.50" in refund_emails[0].body


def test_refunds_refused_without_the_permission_above_what_is_left_and_while_stripe_is_unreachable(
    gift, production_served_site, browser_page, close_browser_time_connections, django_user_model, settings
):
    from donations.models import Donation, RefundRequest

    donation, runner = gift
    base = production_served_site.url
    gift_page = f"{base}/admin/donations/donation/inspect/{donation.pk}/"
    staff_member(django_user_model, "sam", "view_donation", "change_donation")
    staff_member(django_user_model, "robin", "view_donation", "refund_donation")
    page = browser_page

    sign_in(page, base, "sam")
    page.goto(gift_page)
    expect(page.get_by_text("jane@example.org").first).to_be_visible()
    expect(page.get_by_role("link", name="Refund this gift")).to_have_count(0)
    page.goto(f"{base}/admin/donations/gifts/{donation.pk}/refund/")
    page.wait_for_url(base + "/admin/")
    expect(page.get_by_text("Sorry, you do not have permission to access this area.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "robin")
    page.goto(gift_page)
    page.get_by_role("link", name="Refund this gift").click()
    page.get_by_label("Amount to refund (US dollars)").fill("50.01")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("At most $50 is left to refund on this gift: enter $50 or less.")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Amount to refund (US dollars)").fill("10")
    page.get_by_role("button", name="Continue").click()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # Stripe down: nothing listens
    page.get_by_role("button", name="Refund $10").click()
    page.wait_for_url(gift_page)
    expect(page.get_by_text("Stripe could not be reached: the ledger is unchanged")).to_be_visible()
    expect(page.get_by_role("button", name="Send the refund of $10 to Stripe again")).to_be_visible()
    expect(page.locator("table", has_text="Reason")).to_contain_text("Not confirmed by Stripe")
    donation.refresh_from_db()
    assert (donation.amount_cents, donation.refunded_cents, donation.status) == (5000, 0, "paid")
    assert not donation.refunds.exists()
    assert RefundRequest.objects.get().status == "sending"
    assert Donation.objects.filter(pk=donation.pk, amount_cents=5000).exists()
