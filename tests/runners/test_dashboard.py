"""The runner's side: sign-in links, the dashboard, their gifts and thanks; and nobody else's."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from donations.models import Donation
from stories.models import RunnerSignup, RunnerStoryPage, RunnerThankYou, TributeIndexPage
from stories.runners.flow import make_token
from tests.factories.stories import MileDedicationFactory, TributePageFactory
from tests.support.email import assert_branded, sent_mail
from tests.support.runners import act, approved_signup, links_in
from tests.support.tributes import photo_bytes, upload

pytestmark = pytest.mark.django_db

DASHBOARD = "/runners/dashboard/"


@pytest.fixture
def maya(client, join_url, moderator):
    """Maya, signed up and approved; her sign-in link."""
    return approved_signup(client, join_url, moderator)


@pytest.fixture
def ben(client, join_url, moderator):
    return approved_signup(client, join_url, moderator, runner_name="Ben Ortiz", email="ben@example.org")


def gift(runner_id, **fields):
    defaults = {
        "page_id": runner_id,
        "amount_cents": 5_000,
        "donor_name": "Jane Donor",
        "donor_email": "jane@example.org",
        "message": "Go Maya!",
        "source": Donation.Source.CHEQUE,
    }
    return Donation.objects.create(**{**defaults, **fields})


def test_the_link_signs_in_to_the_dashboard_and_nothing_else(client, maya):
    signup, link = maya
    assert client.get(DASHBOARD).status_code == 302  # not signed in yet
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(DASHBOARD)
    assert page.status_code == 200 and "Your dashboard, Maya Okafor" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    # A runner's session is no Django login: the admin still asks for a password.
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_expired_or_altered_link_is_refused_and_a_new_one_can_be_asked_for(client, maya, settings):
    signup, link = maya
    assert client.get(link[:-6] + "AAAAA/").status_code == 404
    settings.RUNNER_SIGN_IN_LINK_MAX_AGE_HOURS = 0
    expired = client.get(link)
    assert expired.status_code == 404 and "no longer works" in expired.content.decode()
    assert client.get(DASHBOARD).status_code == 302
    settings.RUNNER_SIGN_IN_LINK_MAX_AGE_HOURS = 72
    response = client.post(reverse("runner_sign_in_request"), {"email": "MAYA@example.org"}, follow=True)
    # POST, then redirect to GET: refreshing the answer sends no second link.
    assert response.redirect_chain == [(reverse("runner_sign_in_request") + "?sent=1", 302)]
    assert "a sign-in link is on its way" in response.content.decode()
    (email,) = sent_mail()
    assert email.to == ["maya@example.org"]
    assert_branded(email, "Maya Okafor", links=links_in(email))
    client.get(links_in(email)[0])
    assert client.get(DASHBOARD).status_code == 200


def test_the_sign_in_form_answers_the_same_for_an_unknown_address_and_is_rate_limited(client, maya, settings):
    known = client.post(reverse("runner_sign_in_request"), {"email": "maya@example.org"}, follow=True)
    unknown = client.post(reverse("runner_sign_in_request"), {"email": "nobody@example.org"}, follow=True)
    strip = lambda response: re.sub(r'value="[^"]*"', "", response.content.decode())  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert strip(known) == strip(unknown)
    assert [m.to for m in sent_mail()] == [["maya@example.org"]]
    settings.RUNNER_SIGN_IN_REQUESTS_PER_HOUR = 2
    refused = client.post(reverse("runner_sign_in_request"), {"email": "maya@example.org"})
    assert refused.status_code == 429
    assert len(sent_mail()) == 1


def test_a_known_and_an_unknown_address_queue_the_same_job_and_only_the_runner_gets_mail(client, maya):
    """Constant work: the request never looks the address up (a known one took longer: its email was
    rendered and queued there); one job is queued either way and decides in the worker."""
    sent_mail().clear()  # what Maya's sign-up and approval sent
    DBTaskResult.objects.all().delete()
    known = client.post(reverse("runner_sign_in_request"), {"email": "maya@example.org"})
    unknown = client.post(reverse("runner_sign_in_request"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    [for_known, for_unknown] = [
        (job.task_path, job.queue_name, job.priority, job.status, job.args_kwargs)
        for job in DBTaskResult.objects.order_by("enqueued_at")
    ]
    assert for_known[:4] == for_unknown[:4]
    assert for_known[4] == {"args": ["maya@example.org"], "kwargs": {}}
    assert for_unknown[4] == {"args": ["nobody@example.org"], "kwargs": {}}
    assert [email.to for email in sent_mail()] == [["maya@example.org"]]


def test_the_sign_in_emails_to_one_address_are_limited_whoever_asks(client, maya, settings):
    settings.RUNNER_SIGN_IN_REQUESTS_PER_HOUR = 2
    for n in range(4):
        client.post(reverse("runner_sign_in_request"), {"email": "maya@example.org"}, REMOTE_ADDR=f"10.0.0.{n}")
    assert len(sent_mail()) == 2


def test_changing_the_sign_in_key_ends_links_and_sessions(client, maya):
    signup, link = maya
    client.get(link)
    RunnerSignup.objects.filter(pk=signup.pk).update(sign_in_key="renewed-by-staff")
    assert client.get(DASHBOARD).status_code == 302
    assert client.get(link).status_code == 404


def test_dashboard_lists_gifts_without_emails_and_hides_anonymous_amounts(client, maya):
    signup, link = maya
    gift(signup.runner_id, amount_cents=12_345)
    gift(signup.runner_id, amount_cents=77_700, donor_name="Secret Giver", is_anonymous=True, message="hidden words")
    client.get(link)
    html = client.get(DASHBOARD).content.decode()
    assert "Jane" in html and "Go Maya!" in html and "$123.45" in html
    assert "Anonymous" in html and "$777" not in html and "Secret" not in html and "hidden words" not in html
    assert "jane@example.org" not in html and "Donor" not in html  # first names only, never an email
    assert "$900.45" in html  # raised, against the $1,000 goal


def test_dashboard_shows_the_gifts_a_page_at_a_time_newest_first(client, maya):
    signup, link = maya
    start = timezone.now() - timedelta(days=30)
    Donation.objects.bulk_create(  # 26 gifts, one a day, from Donor 1 (oldest) to Donor 26
        Donation(
            page_id=signup.runner_id,
            amount_cents=1_000,
            donor_name=f"Donor{n}",
            donor_email="d@example.org",
            source=Donation.Source.CHEQUE,
            status=Donation.Status.PAID,
            received_at=start + timedelta(days=n),
        )
        for n in range(1, 27)
    )
    client.get(link)
    first = client.get(DASHBOARD).content.decode()
    assert first.count("Say thank you<") == 25
    assert "Donor26" in first and "Donor2<" in first and "Donor1<" not in first
    assert "Page 1 of 2 (26 gifts)" in first and f'href="{DASHBOARD}?gifts=2#gifts-heading"' in first
    second = client.get(DASHBOARD + "?gifts=2").content.decode()
    assert second.count("Say thank you<") == 1 and "Donor1<" in second and "Donor2<" not in second
    assert client.get(DASHBOARD + "?gifts=99").status_code == 200  # past the end: the last page


def test_a_runner_cannot_see_or_thank_another_runners_gifts(client, maya, ben):
    maya_signup, maya_link = maya
    ben_signup, _ = ben
    bens_gift = gift(ben_signup.runner_id, donor_name="Bob Bensfriend", message="For Ben")
    client.get(maya_link)
    assert "Bensfriend" not in client.get(DASHBOARD).content.decode()
    assert "Bob" not in client.get(DASHBOARD).content.decode()
    thank = reverse("runner_thank_donor", args=[bens_gift.pk])
    assert client.get(thank).status_code == 404
    assert client.post(thank, {"message": "Thanks!"}).status_code == 404
    assert not RunnerThankYou.objects.exists()
    assert [m for m in sent_mail() if "jane@example.org" in m.to or "bob" in str(m.to)] == []
    # Extra fields naming Ben's page change nothing of his.
    client.post(reverse("runner_change_goal"), {"goal": "4,000", "runner_id": ben_signup.runner_id})
    client.post(reverse("runner_change_story"), {"why_i_run": "Taken over", "runner": ben_signup.runner_id})
    assert RunnerStoryPage.objects.get(pk=ben_signup.runner_id).goal_cents == 100_000
    assert RunnerStoryPage.objects.get(pk=maya_signup.runner_id).goal_cents == 400_000
    assert "Taken over" not in str(RunnerStoryPage.objects.get(pk=ben_signup.runner_id).get_latest_revision().content)
    # Ben's link in Maya's session signs in as Ben, and only Ben.
    ben_token = make_token(ben_signup)
    client.get(reverse("runner_sign_in", args=[ben_token]))
    assert "Your dashboard, Ben Ortiz" in client.get(DASHBOARD).content.decode()


def test_a_visitor_without_a_session_reaches_no_runner_action(client, maya):
    signup, _ = maya
    donation = gift(signup.runner_id)
    for url in [
        DASHBOARD,
        reverse("runner_qr_code"),
        reverse("runner_qr_code_png"),
        reverse("runner_thank_donor", args=[donation.pk]),
    ]:
        assert client.get(url).status_code == 302, url
    assert client.post(reverse("runner_change_goal"), {"goal": "200"}).status_code == 302
    assert RunnerStoryPage.objects.get().goal_cents == 100_000


def test_thanking_a_donor_emails_them_once_and_the_gift_shows_thanked(client, maya):
    signup, link = maya
    donation = gift(signup.runner_id)
    client.get(link)
    thank = reverse("runner_thank_donor", args=[donation.pk])
    assert "Say thank you" in client.get(DASHBOARD).content.decode()
    form = client.get(thank).content.decode()
    assert "jane@example.org" not in form
    sent_mail().clear()  # the first gift's milestone email to Maya
    response = client.post(thank, {"message": "Thank you <b>so</b> much, Jane!", "donation": "999"})
    assert response.status_code == 302
    (email,) = sent_mail()
    assert email.to == ["jane@example.org"] and "Thank you <b>so</b> much, Jane!" in email.body
    assert "Maya Okafor" in email.subject
    as_read = assert_branded(email, "Thank you <b>so</b> much, Jane!")
    assert "<b>so" not in as_read.html and "Thank you &lt;b&gt;so&lt;/b&gt; much, Jane!" in as_read.html
    assert "Thanked" in client.get(DASHBOARD).content.decode()
    client.post(thank, {"message": "Again!"})
    assert RunnerThankYou.objects.count() == 1 and len(sent_mail()) == 1


def test_an_anonymous_donor_is_thanked_as_your_anonymous_donor(client, maya):
    signup, link = maya
    donation = gift(signup.runner_id, is_anonymous=True)
    client.get(link)
    form = client.get(reverse("runner_thank_donor", args=[donation.pk])).content.decode()
    assert "<title>Thank your anonymous donor" in form and "Thank your anonymous donor</h1>" in form
    assert "Thank Anonymous" not in form


def test_a_gift_without_an_address_cannot_be_thanked(client, maya):
    signup, link = maya
    donation = gift(signup.runner_id, donor_email="")
    client.get(link)
    response = client.post(reverse("runner_thank_donor", args=[donation.pk]), {"message": "Thanks"})
    assert "without an email address" in response.content.decode()
    assert not RunnerThankYou.objects.exists()


def test_a_new_goal_applies_at_once_and_survives_the_next_approval(client, maya, moderator):
    signup, link = maya
    client.get(link)
    client.post(reverse("runner_change_story"), {"why_i_run": "New words about my run."})
    assert client.post(reverse("runner_change_goal"), {"goal": "2,500"}).status_code == 302
    runner = RunnerStoryPage.objects.get()
    assert runner.goal_cents == 250_000
    assert "$2,500" in client.get(runner.url).content.decode()
    act(client, moderator, runner.pk, "approve")
    runner.refresh_from_db()
    assert runner.goal_cents == 250_000
    refused = client.post(reverse("runner_change_goal"), {"goal": "99"})
    assert refused.status_code == 400 and "Choose a goal from $100 to $5,000." in refused.content.decode()


def test_a_story_or_photo_change_waits_for_approval_before_it_shows(client, maya, moderator):
    signup, link = maya
    client.get(link)
    old_photo = RunnerStoryPage.objects.get().photo_id
    response = client.post(
        reverse("runner_change_story"),
        {"why_i_run": "I now run for my nephew too.", "photo": upload("new.png", photo_bytes("PNG"), "image/png")},
    )
    assert response.status_code == 302
    runner = RunnerStoryPage.objects.get()
    assert "nephew" not in client.get(runner.url).content.decode()
    assert runner.photo_id == old_photo
    assert "waiting for the team's review" in client.get(DASHBOARD).content.decode()
    (to_staff,) = [m for m in sent_mail() if m.to == ["hello@necsociety.org"]]
    assert f"/admin/pages/{runner.pk}/edit/" in to_staff.body
    as_read = assert_branded(to_staff, "Maya Okafor")
    assert any(link.endswith(f"/admin/pages/{runner.pk}/edit/") for link in as_read.links)
    act(client, moderator, runner.pk, "approve")
    runner.refresh_from_db()
    assert "nephew" in client.get(runner.url).content.decode() and runner.photo_id != old_photo


def test_dashboard_shows_the_miles_and_a_qr_code_of_the_page(client, maya):
    signup, link = maya
    runner = RunnerStoryPage.objects.get()
    tribute = TributePageFactory(parent=TributeIndexPage.objects.get(), baby_name="Baby Ruiz")
    MileDedicationFactory(event=runner.get_parent().specific, mile=7, tribute=tribute, runner=runner)
    client.get(link)
    html = client.get(DASHBOARD).content.decode()
    assert "Baby Ruiz" in html and "Mile 7" in html
    assert runner.full_url in html and "facebook.com/sharer" in html
    assert reverse("runner_qr_code") in html and reverse("runner_qr_code_png") in html


def test_the_qr_codes_are_standalone_images_that_decode_to_the_runners_page(client, maya):
    """The PNG decodes (zbar) to the page's address; the SVG is a document an <img> shows (the browser test
    renders it and decodes what Chromium draws: tests/browser/test_runner_dashboard.py)."""
    from xml.etree import ElementTree

    from PIL import Image
    from pyzbar.pyzbar import decode

    signup, link = maya
    runner = RunnerStoryPage.objects.get()
    client.get(link)
    png = client.get(reverse("runner_qr_code_png"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    (code,) = decode(Image.open(io.BytesIO(png.content)))
    assert code.type == "QRCODE" and code.data.decode() == runner.full_url
    svg = client.get(reverse("runner_qr_code"))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(svg.content)  # noqa: S314 (the site's own answer)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    download = client.get(reverse("runner_qr_code_png") + "?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="my-nec-society-page.png"'


def test_dashboard_actions_are_rate_limited(client, maya, settings):
    signup, link = maya
    client.get(link)
    settings.RUNNER_DASHBOARD_ACTIONS_PER_HOUR = 2
    assert client.post(reverse("runner_change_goal"), {"goal": "200"}).status_code == 302
    assert client.post(reverse("runner_change_goal"), {"goal": "300"}).status_code == 302
    assert client.post(reverse("runner_change_goal"), {"goal": "400"}).status_code == 429
    assert RunnerStoryPage.objects.get().goal_cents == 30_000


def test_forms_need_a_csrf_token(maya):
    from django.test import Client

    signup, link = maya
    strict = Client(enforce_csrf_checks=True)
    strict.get(link)
    assert strict.post(reverse("runner_change_goal"), {"goal": "200"}).status_code == 403
    assert strict.post(reverse("runner_sign_in_request"), {"email": "maya@example.org"}).status_code == 403


def test_signing_out_ends_the_runners_session(client, maya):
    signup, link = maya
    client.get(link)
    client.post(reverse("runner_sign_out"))
    assert client.get(DASHBOARD).status_code == 302


def test_a_declined_change_to_a_live_page_leaves_the_live_page_as_the_draft(client, maya, moderator):
    signup, link = maya
    client.get(link)
    runner = RunnerStoryPage.objects.get()
    live_revision, old_photo = runner.live_revision_id, runner.photo_id
    client.post(
        reverse("runner_change_story"),
        {"why_i_run": "Words the team will not publish.", "photo": upload("new.png", photo_bytes("PNG"), "image/png")},
    )
    assert "waiting for the team's review" in client.get(DASHBOARD).content.decode()
    act(client, moderator, runner.pk, "decline", "Please keep to your own story.")
    runner.refresh_from_db()
    assert runner.latest_revision_id == live_revision and not runner.has_unpublished_changes
    html = client.get(DASHBOARD).content.decode()
    assert "waiting for the team's review" not in html and "Please keep to your own story." in html
    # The next change builds on the live page, not on the declined photo and words.
    client.post(reverse("runner_change_story"), {"why_i_run": "My second try."})
    draft = RunnerStoryPage.objects.get().get_latest_revision_as_object()
    assert "second try" in str(draft.story) and draft.photo_id == old_photo
    act(client, moderator, runner.pk, "approve")
    runner.refresh_from_db()
    assert runner.photo_id == old_photo and "second try" in client.get(runner.url).content.decode()


def test_only_a_publish_of_the_runners_own_change_emails_them(client, maya, moderator):
    signup, link = maya
    runner = RunnerStoryPage.objects.get()
    # Staff fix a typo and publish, then republish: the runner sent nothing, so hears nothing.
    runner.title = "Maya Okafor runs CIM"
    runner.save_revision().publish()
    RunnerStoryPage.objects.get().save_revision().publish()
    assert [m for m in sent_mail() if m.to == ["maya@example.org"]] == []
    client.get(link)
    client.post(reverse("runner_change_story"), {"why_i_run": "A change of my own."})
    act(client, moderator, runner.pk, "approve")
    (email,) = [m for m in sent_mail() if m.to == ["maya@example.org"]]
    assert runner.full_url in email.body
    assert_branded(email, links=[runner.full_url])
    sent_mail().clear()
    RunnerStoryPage.objects.get().save_revision().publish()
    assert [m for m in sent_mail() if m.to == ["maya@example.org"]] == []


def test_changes_asked_for_a_live_pages_change_say_the_page_stays_as_it_is(client, maya, moderator):
    signup, link = maya
    client.get(link)
    client.post(reverse("runner_change_story"), {"why_i_run": "A change of my own."})
    sent_mail().clear()
    act(client, moderator, signup.runner_id, "reject", "Could you name your niece's hospital?")
    (email,) = sent_mail()
    assert "Could you name your niece's hospital?" in email.body
    assert "Before we publish it" not in email.body and "Before it goes on your page" in email.body
    assert_branded(email, "Could you name your niece's hospital?", "Before it goes on your page")


def test_dashboard_shows_progress_and_the_gifts_by_day_without_anonymous_amounts(client, maya):
    signup, link = maya
    day = timezone.now().replace(hour=12) - timedelta(days=3)
    gift(signup.runner_id, amount_cents=26_200, received_at=day)
    gift(signup.runner_id, amount_cents=10_000, received_at=day + timedelta(minutes=5))
    gift(signup.runner_id, amount_cents=77_700, is_anonymous=True, received_at=day + timedelta(days=1))
    gift(signup.runner_id, amount_cents=5_000, received_at=day + timedelta(days=2))
    client.get(link)
    html = client.get(DASHBOARD).content.decode()
    # The bar toward the $1,000 goal: $1,189 raised, 100% (the anonymous gift counts in the total).
    assert 'role="progressbar"' in html and 'aria-valuenow="100"' in html and "$1,189" in html
    chart = re.search(r"<svg viewBox[^>]*role=\"img\".*?</svg>", html, re.S).group(0)
    assert "Amount given each day: a chart; its figures are in the table that follows" in chart
    assert chart.count("<rect") == 2  # the anonymous gift's day has no bar: its amount is never shown
    assert "$362" in chart and "$50" in chart and "$777" not in html
    table = html[html.index('class="runner-dashboard__by-day"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>", table)
    local = timezone.localtime(day)
    assert [(when, count, re.sub(r"<[^>]+>", "", amount)) for when, count, amount in rows] == [
        (f"{local:%b} {local.day}, {local.year}", "2", "$362"),
        (
            f"{(local + timedelta(days=1)):%b} {(local + timedelta(days=1)).day}, {local.year}",
            "1 (1 anonymous)",
            "Not shown",
        ),
        (f"{(local + timedelta(days=2)):%b} {(local + timedelta(days=2)).day}, {local.year}", "1", "$50"),
    ]
