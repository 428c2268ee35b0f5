"""A runner joins a team from the event page; moderators approve, ask for changes or decline; the runner
hears each time."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from stories.models import RunnerSignup, RunnerStoryPage
from tests.support.email import assert_branded, sent_mail
from tests.support.runners import act, links_in, sign_up, signup_data
from tests.support.tributes import photo_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_event_page_offers_the_form_only_while_sign_up_is_open(client, event, join_url):
    assert join_url in client.get(event.url).content.decode()
    event.runner_signup_closes = timezone.now() - datetime.timedelta(minutes=1)
    event.save_revision().publish()
    assert join_url not in client.get(event.url).content.decode()
    closed = client.get(join_url)
    assert "Sign-up is closed" in closed.content.decode()
    assert client.post(join_url, signup_data()).status_code == 404
    assert not RunnerSignup.objects.exists()


def test_sign_up_makes_a_draft_page_under_the_event_in_review_and_emails_a_sign_in_link(client, event, join_url):
    response = client.post(join_url, {**signup_data(), "photo": upload("me.jpg", photo_bytes(exif_gps=True))})
    assert response.status_code == 302
    signup = RunnerSignup.objects.get()
    runner = signup.runner
    assert not runner.live and runner.get_parent().pk == event.pk
    assert runner.runner_name == "Maya Okafor" and runner.goal_cents == 100_000
    assert runner.photo is not None and b"PhoneMaker" not in runner.photo.file.read()
    assert runner.photo.file.name.split("/")[-1].startswith("runner-")
    state = WorkflowState.objects.get(object_id=str(runner.pk))
    assert state.status == "in_progress" and state.workflow.name == "Runner sign-up review"
    assert client.get(runner.url or "/nope/").status_code == 404  # a draft is not public
    mails = sent_mail()
    to_runner = [m for m in mails if m.to == ["maya@example.org"]]
    assert len(to_runner) == 1 and links_in(to_runner[0])
    to_staff = [m for m in mails if m.to == ["hello@necsociety.org"]]
    assert "maya@example.org" in to_staff[0].body and f"/admin/pages/{runner.pk}/edit/" in to_staff[0].body
    assert_branded(to_runner[0], "Maya Okafor", links=links_in(to_runner[0]))
    staff_as_read = assert_branded(to_staff[0], "Maya Okafor", "maya@example.org")
    assert any(link.endswith(f"/admin/pages/{runner.pk}/edit/") for link in staff_as_read.links)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"goal": "50"}, "Choose a goal from $100 to $5,000."),
        ({"goal": "9,000"}, "Choose a goal from $100 to $5,000."),
        ({"goal": "1e3"}, "Enter an amount in US dollars"),
        ({"consent_publication": None}, "Please agree to publication"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, join_url, overrides, message):
    response = client.post(join_url, signup_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RunnerSignup.objects.exists() and not RunnerStoryPage.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, join_url):
    response = client.post(join_url, {**signup_data(), "photo": upload("me.jpg", b"%PDF-1.4 not a photo")})
    assert response.status_code == 400
    assert "is not a JPEG, PNG or WebP photo" in response.content.decode()
    assert not RunnerSignup.objects.exists()


def test_honeypot_too_fast_and_rate_limit_refuse_without_storing(client, join_url, settings):
    assert client.post(join_url, signup_data(website="http://spam.example")).status_code == 400
    settings.RUNNER_SIGNUP_FORM_MIN_SECONDS = 60
    assert "quicker than we expected" in client.post(join_url, signup_data()).content.decode()
    settings.RUNNER_SIGNUP_FORM_MIN_SECONDS = 0
    settings.RUNNER_SIGNUPS_PER_HOUR = 3
    assert client.post(join_url, signup_data()).status_code == 302  # the third this hour
    refused = client.post(join_url, signup_data(email="other@example.org"))
    assert refused.status_code == 429
    assert RunnerSignup.objects.count() == 1


def test_extra_post_fields_are_ignored(client, join_url):
    client.post(join_url, signup_data(live="on", status="published", sign_in_key="mine", goal_cents="1"))
    signup = RunnerSignup.objects.get()
    assert signup.status == "pending" and signup.sign_in_key != "mine"
    assert not signup.runner.live and signup.runner.goal_cents == 100_000


def test_hostile_strings_stay_text_in_page_admin_and_email(client, join_url, moderator):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    signup, _link = sign_up(client, join_url, runner_name=f"Eve {hostile}", why_i_run=f"Why? {hostile}")
    act(client, moderator, signup.runner_id, "approve")
    runner = RunnerStoryPage.objects.get()
    html = client.get(runner.url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    client.force_login(moderator)
    admin_html = client.get(f"/admin/pages/{runner.pk}/edit/").content.decode()
    assert '<script>alert("x")' not in admin_html
    (published,) = [m for m in sent_mail() if m.to == ["maya@example.org"]]
    assert "&lt;" not in published.body and "\n" not in published.subject
    as_read = assert_branded(published, f"Dear Eve {hostile},")
    assert "<script>" not in as_read.html and "<img" not in as_read.html and "&lt;script&gt;" in as_read.html


def test_approval_publishes_and_emails_the_page_share_links_and_a_sign_in_link(client, join_url, moderator):
    signup, _ = sign_up(client, join_url)
    assert act(client, moderator, signup.runner_id, "approve").status_code == 302
    signup.refresh_from_db()
    assert signup.status == "published" and signup.runner.live
    assert client.get(signup.runner.url).status_code == 200
    (email,) = sent_mail()
    assert signup.runner.full_url in email.body and "facebook.com/sharer" in email.body and links_in(email)
    assert_branded(email, "Welcome to the team!", links=[signup.runner.full_url, *links_in(email)])


def test_request_changes_then_a_new_story_goes_back_to_review(client, join_url, moderator):
    signup, link = sign_up(client, join_url)
    act(client, moderator, signup.runner_id, "reject", "Could you add where you train?")
    signup.refresh_from_db()
    assert signup.status == "changes_requested"
    (email,) = sent_mail()
    assert "Could you add where you train?" in email.body and links_in(email)
    assert "Before we publish it" in email.body
    assert_branded(email, "Could you add where you train?", links=links_in(email))
    sent_mail().clear()
    client.get(link)
    assert "Could you add where you train?" in client.get("/runners/dashboard/").content.decode()
    client.post("/runners/dashboard/story/", {"why_i_run": "I train along the American River."})
    signup.refresh_from_db()
    assert signup.status == "pending"
    assert WorkflowState.objects.filter(object_id=str(signup.runner_id), status="in_progress").count() == 1
    act(client, moderator, signup.runner_id, "approve")
    assert "American River" in client.get(RunnerStoryPage.objects.get().url).content.decode()


def test_decline_keeps_the_page_a_draft_and_tells_the_runner(client, join_url, moderator):
    signup, _ = sign_up(client, join_url)
    act(client, moderator, signup.runner_id, "decline", "We need runners registered for the race.")
    signup.refresh_from_db()
    assert signup.status == "declined" and not signup.runner.live
    assert not WorkflowState.objects.filter(object_id=str(signup.runner_id), status="in_progress").exists()
    (email,) = sent_mail()
    assert "We need runners registered for the race." in email.body
    assert_branded(email, "We need runners registered for the race.")


def test_moderators_see_runner_sign_ups_in_the_admin_and_editors_do_not(client, join_url, moderator, django_user_model):
    from django.contrib.auth.models import Group

    sign_up(client, join_url)
    client.force_login(moderator)
    listing = client.get("/admin/runner_signups/")
    assert listing.status_code == 200 and "maya@example.org" in listing.content.decode()
    editor = django_user_model.objects.create_user("eddie", "eddie@necsociety.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/runner_signups/").status_code in (302, 403)


def test_a_declined_runner_cannot_send_their_page_again(client, join_url, moderator):
    signup, link = sign_up(client, join_url)
    act(client, moderator, signup.runner_id, "decline", "We need runners registered for the race.")
    sent_mail().clear()
    revisions = signup.runner.revisions.count()
    client.get(link)
    assert "Send my change for review" not in client.get("/runners/dashboard/").content.decode()
    refused = client.post("/runners/dashboard/story/", {"why_i_run": "Please reconsider."})
    assert refused.status_code == 403 and "declined your page, so it cannot be changed" in refused.content.decode()
    signup.refresh_from_db()
    assert signup.status == "declined" and "reconsider" not in signup.why_i_run
    assert signup.runner.revisions.count() == revisions
    assert not WorkflowState.objects.filter(object_id=str(signup.runner_id), status="in_progress").exists()
    assert sent_mail() == []


def test_staff_hear_of_a_change_once_while_its_review_waits(client, join_url, moderator):
    signup, link = sign_up(client, join_url)  # the staff's "new runner" email is sent (and cleared)
    client.get(link)
    client.post("/runners/dashboard/story/", {"why_i_run": "A better first version."})
    assert [m for m in sent_mail() if m.to == ["hello@necsociety.org"]] == []  # its review already waits
    act(client, moderator, signup.runner_id, "reject", "Could you add where you train?")
    client.post("/runners/dashboard/story/", {"why_i_run": "I train along the American River."})
    client.post("/runners/dashboard/story/", {"why_i_run": "I train along the American River, daily."})
    assert len([m for m in sent_mail() if m.to == ["hello@necsociety.org"]]) == 1
