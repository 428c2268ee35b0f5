"""The tribute guestbook: readers leave a message, moderators approve it, the family is told once and
may hide it from their private link; the share form's spam defences; hostile strings stay text."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import pagecache
from stories.models import GuestbookMessage, TributePage, TributeSubmission
from stories.tributes.flow import withdraw
from tests.factories.stories import TributePageFactory
from tests.support.email import assert_branded, sent_mail
from tests.support.tributes import form_data, started_token

pytestmark = pytest.mark.django_db

APPROVED_LATER = "It will show on the tribute once a moderator has approved it."


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("eddie", "eddie@necsociety.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def shared(client, share_url, no_minimum_time):
    """A tribute the family shared (listed) and staff published: (tribute, the family's private link)."""
    response = client.post(share_url, form_data(is_listed="1"))
    link = response["Location"].removesuffix("?sent=1")
    tribute = TributePage.objects.get(baby_name="Charlotte Grace")
    tribute.save_revision().publish()
    sent_mail().clear()
    return tribute, link


def guestbook_url(tribute):
    return tribute.url + "guestbook/"


def message_data(**overrides):
    return {
        "name": "Aunt Rosa",
        "message": "Thinking of you all.",
        "website": "",
        "started": started_token(),
        **overrides,
    }


def leave(tribute, **overrides):
    return Client().post(guestbook_url(tribute), message_data(**overrides))


def moderate(client, user, message, action):
    client.force_login(user)
    url = reverse("guestbook_messages:moderate", args=[message.pk, action])
    return client.post(url, {"next": reverse("guestbook_messages:index")})


def shown_messages(tribute):
    soup = BeautifulSoup(Client().get(tribute.url).content, "html.parser")
    section = soup.find("section", class_="guestbook")
    return [item.get_text(" ", strip=True) for item in section.select("li")] if section else None


def test_a_message_shows_only_once_a_moderator_approves_it_and_at_the_next_visit(
    client, shared, moderator, no_minimum_time
):
    tribute, _ = shared
    assert shown_messages(tribute) == []  # the empty guestbook, now kept in the page cache
    response = leave(tribute)
    assert response.status_code == 302
    thanks = Client().get(response["Location"])
    assert APPROVED_LATER in thanks.content.decode()
    assert thanks["Cache-Control"] == "private, no-store"
    assert shown_messages(tribute) == []

    message = GuestbookMessage.objects.get()
    assert message.status == GuestbookMessage.Status.PENDING
    assert moderate(client, moderator, message, "approve").status_code == 302
    [shown] = shown_messages(tribute)
    assert "Thinking of you all." in shown and "Aunt Rosa" in shown


def visit_costs_queries(tribute):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(tribute.url).status_code == 200
    return len(queries)


def test_declining_a_waiting_message_keeps_the_kept_pages(client, shared, moderator, no_minimum_time):
    # A message that never showed changes no page: declining it must not empty the whole page cache.
    tribute, _ = shared
    leave(tribute)
    visit_costs_queries(tribute)
    assert visit_costs_queries(tribute) == 0
    moderate(client, moderator, GuestbookMessage.objects.get(), "decline")
    assert visit_costs_queries(tribute) == 0
    # Declining a published one takes it off the page at the next visit.
    message = GuestbookMessage.objects.get()
    moderate(client, moderator, message, "approve")
    assert len(shown_messages(tribute)) == 1
    moderate(client, moderator, message, "decline")
    assert shown_messages(tribute) == []


def test_a_declined_message_never_shows(client, shared, moderator, no_minimum_time):
    tribute, _ = shared
    leave(tribute)
    message = GuestbookMessage.objects.get()
    moderate(client, moderator, message, "decline")
    assert shown_messages(tribute) == []
    assert GuestbookMessage.objects.get().status == GuestbookMessage.Status.DECLINED
    assert sent_mail() == []


def test_the_family_is_emailed_once_when_a_message_is_published(client, shared, moderator, no_minimum_time):
    tribute, _ = shared
    leave(tribute, message="Our whole church is praying for you.")
    message = GuestbookMessage.objects.get()
    moderate(client, moderator, message, "approve")
    [email] = sent_mail()
    assert email.to == ["maria@example.org"]
    assert "guestbook" in email.subject and "Charlotte Grace" in email.subject
    assert "Our whole church is praying for you." in email.body and "Aunt Rosa" in email.body
    assert tribute.full_url in email.body
    assert_branded(email, "Our whole church is praying for you.", "Aunt Rosa", links=[tribute.full_url])
    # Their private link, where they can hide it.
    [private] = [line for line in email.body.splitlines() if "/tributes/your-tribute/" in line]
    family_page = Client().get(private.strip().removeprefix("http://localhost"))
    assert f"/guestbook/{message.pk}/hide/" in family_page.content.decode()

    # Taken down and approved again, a double click: still the one email.
    moderate(client, moderator, message, "decline")
    moderate(client, moderator, message, "approve")
    moderate(client, moderator, message, "approve")
    assert len(sent_mail()) == 1


def test_a_tribute_without_a_family_address_emails_nobody(client, tribute_index, moderator, no_minimum_time):
    tribute = TributePageFactory(parent=tribute_index, baby_name="Baby Chen")
    leave(tribute)
    moderate(client, moderator, GuestbookMessage.objects.get(), "approve")
    assert sent_mail() == []
    assert len(shown_messages(tribute)) == 1


def test_only_moderators_moderate_and_only_with_a_post(client, shared, editor, moderator, no_minimum_time):
    tribute, _ = shared
    leave(tribute)
    message = GuestbookMessage.objects.get()
    assert moderate(client, editor, message, "approve").status_code in (302, 403)
    client.force_login(editor)
    assert client.get(reverse("guestbook_messages:index")).status_code in (302, 403)
    assert GuestbookMessage.objects.get().status == GuestbookMessage.Status.PENDING

    client.force_login(moderator)
    assert client.get(reverse("guestbook_messages:moderate", args=[message.pk, "approve"])).status_code == 405
    assert GuestbookMessage.objects.get().status == GuestbookMessage.Status.PENDING


def test_the_dashboard_tells_moderators_how_many_messages_wait(client, shared, editor, moderator, no_minimum_time):
    tribute, _ = shared

    def dashboard_line(user):
        client.force_login(user)
        soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
        link = soup.select_one(f'a[href^="{reverse("guestbook_messages:index")}"]:-soup-contains("waiting")')
        return (" ".join(link.get_text().split()), link["href"]) if link else None

    assert dashboard_line(moderator)[0] == "0 guestbook messages waiting for a moderator"
    leave(tribute)
    leave(tribute, name="Uncle Ben")
    text, href = dashboard_line(moderator)
    assert text == "2 guestbook messages waiting for a moderator"
    listing = BeautifulSoup(client.get(href).content, "html.parser").get_text()
    assert "Aunt Rosa" in listing and "Uncle Ben" in listing
    moderate(client, moderator, GuestbookMessage.objects.get(name="Aunt Rosa"), "approve")
    assert dashboard_line(moderator)[0] == "1 guestbook message waiting for a moderator"
    # Editors, who may not moderate, are not told.
    assert dashboard_line(editor) is None


def test_the_moderation_list_shows_waiting_messages_first_with_their_buttons(
    client, shared, moderator, no_minimum_time
):
    tribute, _ = shared
    for name in ("First", "Second", "Third"):
        leave(tribute, name=name)
    moderate(client, moderator, GuestbookMessage.objects.get(name="Third"), "approve")
    moderate(client, moderator, GuestbookMessage.objects.get(name="First"), "decline")
    response = client.get(reverse("guestbook_messages:index"))
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select("tbody tr")
    assert [row.get_text(" ", strip=True).split()[0] for row in rows] == ["Second", "Third", "First"]
    buttons = [[button.get_text(strip=True) for button in row.select("form button")] for row in rows]
    assert buttons == [["Approve", "Decline"], ["Decline"], ["Approve"]]
    assert "Add" not in [a.get_text(strip=True) for a in soup.select("header a")]


def test_the_family_hides_a_published_message_from_their_private_link(client, shared, moderator, no_minimum_time):
    tribute, link = shared
    leave(tribute, name="Spammy Sam", message="Buy cheap watches")
    leave(tribute, name="Aunt Rosa")
    for message in GuestbookMessage.objects.all():
        moderate(client, moderator, message, "approve")
    assert len(shown_messages(tribute)) == 2  # kept in the page cache

    family = Client()
    soup = BeautifulSoup(family.get(link).content, "html.parser")
    sam = GuestbookMessage.objects.get(name="Spammy Sam")
    forms = soup.select("form[action*='/guestbook/']")
    assert sorted(form.button.get_text(strip=True) for form in forms) == [
        "Hidethe message from Aunt Rosa",
        "Hidethe message from Spammy Sam",
    ]
    action = next(form["action"] for form in forms if "Spammy Sam" in form.button.get_text())
    assert action.endswith(f"/guestbook/{sam.pk}/hide/")
    assert forms[0].find("input", attrs={"name": "csrfmiddlewaretoken"})

    assert family.get(action).status_code == 405
    response = family.post(action)
    assert response.status_code == 302
    page = family.get(response["Location"]).content.decode()
    assert "The message is hidden" in page
    assert "Buy cheap watches" not in page
    [shown] = shown_messages(tribute)
    assert "Aunt Rosa" in shown
    assert GuestbookMessage.objects.get(pk=sam.pk).status == GuestbookMessage.Status.HIDDEN

    # What the family hid, moderators cannot publish again.
    moderate(client, moderator, sam, "approve")
    assert GuestbookMessage.objects.get(pk=sam.pk).status == GuestbookMessage.Status.HIDDEN


def test_a_private_link_hides_only_its_own_tributes_messages(client, shared, tribute_index, moderator, no_minimum_time):
    tribute, link = shared
    other = TributePageFactory(parent=tribute_index, baby_name="Baby Chen")
    leave(other)
    message = GuestbookMessage.objects.get()
    moderate(client, moderator, message, "approve")
    Client().post(f"{link}guestbook/{message.pk}/hide/")
    assert GuestbookMessage.objects.get().status == GuestbookMessage.Status.PUBLISHED
    forged = link.rstrip("/")[:-3] + "xyz/"
    assert Client().post(f"{forged}guestbook/{message.pk}/hide/").status_code == 404
    assert GuestbookMessage.objects.get().status == GuestbookMessage.Status.PUBLISHED


def test_the_honeypot_refuses_a_message_and_keeps_the_words(shared, no_minimum_time):
    tribute, _ = shared
    response = leave(tribute, website="http://spam.example", message="My kept words")
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in response.content.decode()
    assert "My kept words" in response.content.decode()
    assert not GuestbookMessage.objects.exists()


def test_a_message_sent_too_fast_is_refused_with_the_words_kept(shared, settings):
    tribute, _ = shared
    settings.TRIBUTE_FORM_MIN_SECONDS = 5
    response = leave(tribute, message="Typed by a bot")
    assert response.status_code == 400
    assert "quicker than we expected" in response.content.decode()
    assert "Typed by a bot" in response.content.decode()
    assert not GuestbookMessage.objects.exists()


def test_one_address_may_leave_a_few_messages_an_hour(shared, settings, no_minimum_time):
    tribute, _ = shared
    settings.GUESTBOOK_MESSAGES_PER_HOUR = 2
    statuses = [leave(tribute, message=f"Message {n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    refused = leave(tribute, message="Words kept for later")
    assert refused.status_code == 429
    assert "Words kept for later" in refused.content.decode()
    assert GuestbookMessage.objects.count() == 2


def test_sendings_with_mistakes_have_an_allowance_too(shared, settings, no_minimum_time):
    tribute, _ = shared
    settings.GUESTBOOK_SENDINGS_PER_HOUR = 3
    assert [leave(tribute, message="").status_code for _ in range(3)] == [400, 400, 400]
    assert leave(tribute).status_code == 429
    assert not GuestbookMessage.objects.exists()


def test_a_message_with_a_mistake_says_what_and_keeps_the_name(shared, no_minimum_time):
    tribute, _ = shared
    response = leave(tribute, name="Grandpa Joe", message="")
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Your message to the family: This field is required." in soup.select_one(".error-summary").get_text()
    assert soup.find("input", attrs={"name": "name"})["value"] == "Grandpa Joe"
    too_long = leave(tribute, message="x" * 1001)
    assert too_long.status_code == 400
    assert "at most 1000 characters" in too_long.content.decode()
    assert not GuestbookMessage.objects.exists()


def test_hostile_strings_stay_text_on_the_page_and_in_the_email(client, shared, moderator, no_minimum_time):
    tribute, _ = shared
    name = '<script>alert("name")</script>\nBcc: victim@example.org'
    words = '<img src=x onerror=alert(1)> "quoted" & done\n\nSecond paragraph'
    leave(tribute, name=name, message=words)
    message = GuestbookMessage.objects.get()
    assert "\n" not in message.name
    moderate(client, moderator, message, "approve")
    html = Client().get(tribute.url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;" in html
    [email] = sent_mail()
    assert "\n" not in email.subject
    assert '<img src=x onerror=alert(1)> "quoted" & done' in email.body  # plain text, not entities
    as_read = assert_branded(email, '<img src=x onerror=alert(1)> "quoted" & done')
    assert (
        "<img" not in as_read.html
        and "&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; done" in as_read.html
    )


def test_no_guestbook_on_a_tribute_the_family_keeps_unlisted(client, share_url, no_minimum_time):
    client.post(share_url, form_data(is_listed="0"))
    tribute = TributePage.objects.get(baby_name="Charlotte Grace")
    assert Client().get(guestbook_url(tribute)).status_code == 404  # a draft
    tribute.save_revision().publish()
    assert Client().get(tribute.url).status_code == 200
    assert shown_messages(tribute) is None
    assert Client().get(guestbook_url(tribute)).status_code == 404
    assert leave(tribute).status_code == 404
    assert not GuestbookMessage.objects.exists()


def test_a_withdrawn_tribute_takes_its_guestbook_with_it(client, shared, moderator, no_minimum_time):
    tribute, link = shared
    leave(tribute)
    moderate(client, moderator, GuestbookMessage.objects.get(), "approve")
    Client().post(link + "withdraw/", {"confirm": "yes"})
    assert TributeSubmission.objects.get().status == TributeSubmission.Status.WITHDRAWN
    assert not GuestbookMessage.objects.exists()


def test_withdrawing_a_tribute_with_many_messages_drops_kept_pages_as_often_as_without(
    client, shared, moderator, no_minimum_time, monkeypatch
):
    tribute, link = shared
    for number in range(5):
        leave(tribute, name=f"Reader {number}")
    for message in GuestbookMessage.objects.all():
        moderate(client, moderator, message, "approve")
    clears = []  # each move of the versions that kept pages are checked against (core/pagecache.py)
    real_move = pagecache._move
    monkeypatch.setattr(pagecache, "_move", lambda topics: clears.append(topics) or real_move(topics))
    withdraw(TributeSubmission.objects.get())
    assert not GuestbookMessage.objects.exists()
    with_messages = len(clears)

    other = TributePageFactory(parent=tribute.get_parent(), baby_name="Other Baby")
    submission = TributeSubmission.objects.create(
        tribute=other,
        baby_name="Other Baby",
        submitter_name="A parent",
        submitter_email="parent@example.org",
        relationship="Parent",
        consent_guardian_at=timezone.now(),
        consent_publication_at=timezone.now(),
    )
    clears.clear()
    withdraw(submission)
    assert with_messages == len(clears) > 0
