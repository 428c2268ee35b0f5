"""What the donation form tells a donor before they give: how to manage a monthly gift later, and who
sees their gift on a runner's page."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def form_on(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.select_one("form[data-donation-form]")


@pytest.mark.parametrize("page", ["event", "runner", "tribute"])
def test_the_monthly_note_links_to_email_me_my_link(client, campaign, page):
    note = form_on(client, campaign[page]).select_one("[data-monthly-note]")
    assert "Write to us at any time" not in note.get_text()
    link = note.find("a")
    assert link["href"] == "/donations/monthly/" and link.get_text() == "Email me my link"
    assert "Email me my link" in client.get(link["href"]).content.decode()


def test_a_runners_form_says_what_the_runner_sees_and_an_events_does_not(client, campaign):
    runner = campaign["runner"]
    note = form_on(client, runner).select_one("[data-visibility-note]")
    text = " ".join(note.get_text().split())
    assert text.startswith(f"{runner.runner_name} sees your shown name, message, date and amount")
    assert "never your email" in text and "only the date: not your name, your message nor the amount" in text
    assert "if it is their only anonymous gift the total can tell its amount" in text
    checkbox = form_on(client, runner).select_one("input[name=is_anonymous]")
    assert checkbox["aria-describedby"] == note["id"]

    for other in ("event", "tribute"):
        form = form_on(client, campaign[other])
        assert form.select_one("[data-visibility-note]") is None
        assert "sees your shown name" not in form.get_text()
