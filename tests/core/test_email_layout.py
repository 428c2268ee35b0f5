"""Every email's two parts (core.emails.branded_email), as a mail app reads them: the plain-text part and the
same words in the organisation's layout, a job queued before this release still sent, whatever people typed
kept as text, the organisation's settings read when the worker sends."""

import re

import pytest
from django.core.exceptions import ValidationError

from core.emails import send_email
from core.models import OrganisationSettings
from tests.support.email import assert_branded, sent_mail

pytestmark = pytest.mark.django_db

BODY = """Dear Ana,

Thank you for running for a world without NEC.

Amount: $26.20 USD
Designation: Maya Okafor

Your private link (keep it to yourself):
https://necsociety.example/runners/sign-in/abc.def/?next=/runners/dashboard/&x=1

Questions? Write to hello@necsociety.org.
"""


def test_a_job_queued_before_this_release_is_sent_in_both_parts():
    """A job in a live database holds (subject, body, recipients[, attempt]): it runs after the deploy."""
    send_email.enqueue("Your link", BODY, ["ana@example.org"])
    send_email.enqueue("Your link, again", BODY, ["ana@example.org"], attempt=2)

    first, second = sent_mail()

    assert [first.to, second.to] == [["ana@example.org"]] * 2
    link = "https://necsociety.example/runners/sign-in/abc.def/?next=/runners/dashboard/&x=1"
    mail = assert_branded(first, "Dear Ana,", "Amount: $26.20 USD", "Designation: Maya Okafor", links=[link])
    assert "mailto:hello@necsociety.org" in mail.links
    assert_branded(second, "Thank you for running", links=[link])
    # "Label: value" lines set as a table of two columns, in the words' order.
    assert re.search(r"<td[^>]*>Amount:</td><td[^>]*>\$26\.20 USD</td>", mail.html)


def test_what_people_typed_is_text_in_the_html_part():
    hostile = 'Ana <script>alert("x")</script> & <b>Bo</b> <img src=x onerror=alert(1)>'
    send_email.enqueue(
        f"A message from {hostile}", f"{hostile} wrote:\n\n{hostile}\nhttps://ex.org/?a=<b>&c=1\n", ["x@example.org"]
    )

    (email,) = sent_mail()

    mail = assert_branded(email, hostile)
    assert "<script>" not in mail.html and "<b>Bo" not in mail.html and "<img" not in mail.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Bo&lt;/b&gt;" in mail.html
    assert mail.subject == f"A message from {hostile}"
    # An address ends where an address must: "<" is not part of it.
    assert "https://ex.org/?a=" in mail.links


def test_the_organisations_name_colours_and_footer_are_read_when_the_worker_sends():
    send_email.enqueue("Your receipt", BODY, ["ana@example.org"])
    organisation = OrganisationSettings.load()
    organisation.name = "NEC Society & Friends"
    organisation.email_colour = "#0b5e5e"
    organisation.email_dark_mode_colour = "#9fe0e0"
    organisation.email_footer = "Call us: 555-0100 (weekdays)\nWe never sell or share your address."
    organisation.postal_address = "PO Box 1234\nDavis, CA 95617"
    organisation.save()

    (email,) = sent_mail()

    mail = assert_branded(email, "Call us: 555-0100 (weekdays)", "PO Box 1234", organisation=organisation)
    assert mail.html_words.startswith("NEC Society & Friends Dear Ana,")
    assert "NEC Society &amp; Friends" in mail.html
    assert mail.text.endswith(
        "-- \nNEC Society & Friends\nCall us: 555-0100 (weekdays)\nWe never sell or share your address.\n"
        "PO Box 1234\nDavis, CA 95617\nhello@necsociety.org\n"
    )
    assert "background-color: #0b5e5e" in mail.html and "color: #9fe0e0 !important" in mail.html


@pytest.mark.parametrize(
    ("field", "colour", "message"),
    [
        ("email_colour", "#f0c0f0", "White text on #f0c0f0 is too faint to read (1.6:1; at least 4.5:1 is needed)"),
        ("email_dark_mode_colour", "#4d1f58", "Links in #4d1f58 on a dark background are too faint to read"),
        ("email_colour", "purple", "Write the colour as # and six hexadecimal digits"),
    ],
)
def test_an_unreadable_colour_is_refused_with_its_reason(field, colour, message):
    organisation = OrganisationSettings.load()
    setattr(organisation, field, colour)

    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()

    assert message in " ".join(refused.value.message_dict[field])
