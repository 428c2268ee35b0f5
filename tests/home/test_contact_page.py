"""The demo's standard pages and the contact form: About NEC and the privacy policy have real words, the
contact page gives the organisation's address and email and a form whose message reaches the staff through
the email queue (with the public forms' spam defences), and every public form that asks for personal
details links to the privacy policy chosen in Settings → Organisation, right beside its button."""

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import OrganisationSettings
from home.contact import ContactForm
from home.models import ContactPage, HomePage, StandardPage
from tests.support.email import assert_branded, sent_mail

pytestmark = pytest.mark.django_db

THANKS = "Your message has reached the NEC Society's team"


@pytest.fixture
def contact(demo_site, settings):
    settings.CONTACT_FORM_MIN_SECONDS = 0
    return ContactPage.objects.get()


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def message(**overrides):
    data = {
        "name": "Rosa Lind",
        "email": "rosa@example.org",
        "topic": "privacy",
        "message": "Please delete my guestbook message on Aria's page.\r\nThank you.",
        "website": "",
        "started": signing.TimestampSigner(salt=ContactForm.started_salt).sign("shown"),
    }
    data.update(overrides)
    return data


def test_about_and_privacy_are_real_pages_not_stubs_repeating_their_summary(demo_site, client):
    about = StandardPage.objects.get(slug="about-nec")
    privacy = StandardPage.objects.get(slug="privacy")
    for page in (about, privacy):
        text = html(client.get(page.url)).select_one("main").get_text(" ", strip=True)
        assert len(text) > 2000, f"{page.title}: {len(text)} characters"
    about_text = html(client.get(about.url)).select_one("main").get_text(" ", strip=True)
    assert "premature" in about_text and "human milk" in about_text.lower()
    policy = html(client.get(privacy.url)).select_one("main")
    headings = [h.get_text(strip=True) for h in policy.select("h2")]
    subjects = ("When you give", "When you share your baby's tribute", "The guestbook", "When you run with the team")
    assert set(subjects) <= set(headings), headings
    text = policy.get_text(" ", strip=True)
    for promise in ("never sell", "Stripe", "seven years", "to see", "to correct", "to delete", "to withdraw"):
        assert promise in text, promise
    # Its links to the contact page are Wagtail page links, so they follow the page if it moves.
    assert policy.select_one(f'a[href="{ContactPage.objects.get().url}"]')


def test_the_privacy_page_is_the_one_chosen_in_settings(demo_site):
    assert OrganisationSettings.load().privacy_page.specific == StandardPage.objects.get(slug="privacy")


def test_the_contact_page_gives_the_organisations_address_and_email_and_a_form(contact, client):
    org = OrganisationSettings.load()
    response = client.get(contact.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = html(response)
    main = page.select_one("main").get_text(" ", strip=True)
    assert org.contact_email in main and "Davis, CA 95617" in main
    form = page.select_one("form[method=post]")
    labels = [label.get_text(strip=True) for label in form.select("label")]
    assert {"Your name", "Your email", "What is it about?", "Your message"} <= set(labels), labels
    assert form.select_one("input[name=email]")["type"] == "email"


def test_a_message_reaches_the_staff_through_the_email_queue_and_the_reader_is_thanked(contact, client):
    sent_mail().clear()
    response = client.post(contact.url, message())
    assert response.status_code == 302 and response["Location"] == contact.url + "?sent=1"
    thanks = client.get(response["Location"])
    notice = html(thanks).select_one('.notice--success[role="status"]')
    assert notice is not None and THANKS in notice.get_text(" ", strip=True)
    assert not html(thanks).select("form[method=post]")
    (email,) = sent_mail()
    assert email.to == [OrganisationSettings.load().contact_email]
    assert email.subject == "Contact form: My details: see, correct or delete them (Rosa Lind)"
    assert "rosa@example.org" in email.body
    assert "Please delete my guestbook message on Aria's page.\nThank you." in email.body
    as_read = assert_branded(email, "Rosa Lind wrote from the contact page", "Their email: rosa@example.org")
    assert "mailto:rosa@example.org" in as_read.links and contact.full_url in as_read.links


def test_a_message_with_markup_in_its_name_reaches_the_staff_as_text(contact, client):
    sent_mail().clear()
    name = 'Rosa <script>alert("x")</script> & Co'
    client.post(contact.url, message(name=name, message="<b>Hello</b> & thanks"))
    (email,) = sent_mail()
    as_read = assert_branded(email, f"{name} wrote from the contact page", "<b>Hello</b> & thanks")
    assert "<script>" not in as_read.html and "<b>Hello" not in as_read.html
    assert "&lt;b&gt;Hello&lt;/b&gt; &amp; thanks" in as_read.html


def test_messages_go_to_the_pages_own_address_when_it_has_one(contact, client):
    contact.staff_email = "privacy@necsociety.org"
    contact.save_revision().publish()
    sent_mail().clear()
    assert client.post(contact.url, message()).status_code == 302
    assert [email.to for email in sent_mail()] == [["privacy@necsociety.org"]]


def test_errors_are_listed_above_the_form_and_the_words_are_kept(contact, client):
    response = client.post(contact.url, message(email="not an address", message=""))
    assert response.status_code == 400
    page = html(response)
    summary = page.select_one(".error-summary")
    assert summary is not None and summary["role"] == "alert"
    items = [li.get_text(" ", strip=True) for li in summary.select("li")]
    assert [item.split(":")[0] for item in items] == ["Your email", "Your message"], items
    assert page.select_one("input[name=email]")["aria-invalid"] == "true"
    assert page.select_one("input[name=name]")["value"] == "Rosa Lind"
    assert sent_mail() == []


def test_the_honeypot_and_the_minimum_time_refuse_a_message_and_keep_the_words(contact, client, settings):
    refused = client.post(contact.url, message(website="http://spam.example", message="My kept words"))
    assert refused.status_code == 400
    assert "a field meant to stay empty was filled in" in refused.content.decode()
    assert "My kept words" in refused.content.decode()
    settings.CONTACT_FORM_MIN_SECONDS = 5
    too_fast = client.post(contact.url, message(message="Typed by a bot"))
    assert too_fast.status_code == 400 and "quicker than we expected" in too_fast.content.decode()
    assert "Typed by a bot" in too_fast.content.decode()
    assert sent_mail() == []


def test_one_address_may_send_a_few_messages_an_hour(contact, client, settings):
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    statuses = [client.post(contact.url, message(message=f"Message {n}")).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    refused = client.post(contact.url, message(message="Words kept for later"))
    assert "Words kept for later" in refused.content.decode()
    assert "Please try again later" in refused.content.decode()
    assert len(sent_mail()) == 2


def test_sendings_with_mistakes_have_an_allowance_too(contact, client, settings):
    settings.CONTACT_SENDINGS_PER_HOUR = 3
    assert [client.post(contact.url, message(message="")).status_code for _ in range(3)] == [400, 400, 400]
    assert client.post(contact.url, message()).status_code == 429
    assert sent_mail() == []


def test_every_public_form_that_asks_for_details_links_to_the_privacy_policy_beside_its_button(demo_site, client):
    from events.models import EventPage
    from stories.models import RunnerStoryPage, TributeIndexPage, TributePage

    privacy = StandardPage.objects.get(slug="privacy")
    tribute = TributePage.objects.live().filter(is_listed=True).order_by("path").first()
    event = EventPage.objects.get(slug="cim-next")  # coming up: its team may open to runners
    event.runner_signup_open = True
    event.save_revision().publish()
    pages = {
        "giving (event)": event.url,
        "giving (runner)": RunnerStoryPage.objects.live().first().url,
        "giving (tribute)": tribute.url,
        "giving (general fund)": "/donations/give/",
        "tribute submission": TributeIndexPage.objects.get().url + "share/",
        "guestbook": tribute.url + "guestbook/",
        "contact": ContactPage.objects.get().url,
        "runner sign-in link": "/runners/sign-in/",
        "monthly gift link": "/donations/monthly/",
    }
    assert event.runner_signup_is_open()
    pages["runner sign-up"] = f"/runners/join/{event.pk}/"
    for name, url in pages.items():
        page = html(client.get(url))
        forms = page.select("form[method=post]")
        assert forms, f"{name}: no form asking for details"
        for form in forms:
            button = form.select("button[type=submit]")[-1]
            note = button.find_next_sibling()
            assert note is not None and "privacy-note" in note.get("class", []), f"{name}: {button.parent}"
            assert note.get_text(" ", strip=True) == "How we use your details: Privacy policy"
            assert note.a["href"] == privacy.url


def test_the_privacy_link_follows_the_setting_and_falls_back_on_the_contact_email(demo_site, client):
    org = OrganisationSettings.load()
    other = StandardPage.objects.get(slug="about-nec")
    org.privacy_page = other
    org.save()
    note = html(client.get("/runners/sign-in/")).select_one(".privacy-note")
    assert note.a["href"] == other.url
    org.privacy_page = None
    org.save()
    note = html(client.get("/runners/sign-in/")).select_one(".privacy-note")
    assert note.get_text(" ", strip=True) == f"How we use your details: ask us at {org.contact_email}"


def test_the_footer_links_to_the_privacy_policy(demo_site, client):
    footer = html(client.get("/")).select_one("footer")
    assert footer.find("a", string="Privacy policy")["href"] == StandardPage.objects.get(slug="privacy").url


class ContactPageRulesTests(WagtailPageTestCase):
    def test_one_contact_page_under_the_home_page_or_a_standard_page_without_children(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(ContactPage, set())
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanNotCreateAt(ContactPage, StandardPage)
        self.assertCanNotCreateAt(Page, ContactPage)
