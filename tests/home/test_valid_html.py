"""Every page type of the demo campaign, as the server sends it, passes the W3C Nu HTML checker (vnu) with no
error: home, events, an event with its team, leaderboard and bracelets, a runner, the story index, the tribute
index, a tribute and its guestbook form, the public forms empty and sent back with their errors, the press
index and an item, the standard pages, contact, search and the 404.

The checker is the W3C's own jar (npm's `vnu-jar`, pinned in package.json and installed by `make test`), run
on Java once over a folder of the saved pages: one JVM start, whatever the number of pages. Nothing is
fetched: vnu checks the files it is given. A missing jar or Java fails the test with what to install, so a run
without the checker cannot pass for a whole one.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from tests.support.demo_pages import demo_page_paths

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command():
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The W3C HTML checker needs a Java runtime and none is on PATH: install Debian's "
            "`default-jre-headless` (`make test` does so when run as root)."
        )
    if not VNU_JAR.is_file():
        pytest.fail(
            f"The W3C HTML checker is missing ({VNU_JAR.relative_to(settings.BASE_DIR)}): run `npm ci` in the "
            "project folder (`make test` does), which installs the pinned `vnu-jar` from package-lock.json."
        )
    return [java, "-Xss1m", "-jar", str(VNU_JAR)]


def demo_pages():
    """(name, path, form data or None) for one page of every type the demo campaign has, and the public forms
    as shown and as sent back with their errors."""
    from events.models import EventPage
    from home.models import StandardPage

    paths = demo_page_paths()
    event, tributes, tribute, contact = (paths[name] for name in ("event", "tribute-index", "tribute", "contact"))
    pages = [(name, path, None) for name, path in paths.items() if name not in ("bracelets", "standard")]
    pages += [
        ("event-team", event + "team/", None),
        ("event-leaderboard", event + "leaderboard/", None),
        ("event-bracelets", event + "bracelets/", None),
        ("tribute-form-errors", tributes + "share/", {}),
        ("guestbook-form", tribute + "guestbook/", None),
        ("contact-errors", contact, {}),
        ("contact-sent", contact + "?sent=1", None),
        ("runner-sign-in", "/runners/sign-in/", None),
        ("monthly-gift-link", "/donations/monthly/", None),
        ("give", "/donations/give/", None),
    ]
    # The coming event's team opens to runners, so that its sign-up form is checked too.
    coming = EventPage.objects.get(slug="cim-next")
    coming.runner_signup_open = True
    coming.save_revision().publish()
    join = f"/runners/join/{coming.pk}/"
    pages += [("runner-sign-up", join, None), ("runner-sign-up-errors", join, {})]
    pages += [(f"standard-{page.slug}", page.url, None) for page in StandardPage.objects.live().public()]
    return pages


def save_pages(folder):
    """Each page as the server sends it, in `folder`; the names of those saved."""
    client = Client()
    saved = []
    for name, path, form_data in demo_pages():
        if form_data is None:
            response = client.get(path)
        else:
            # What the form looks like sent back with its errors: sent empty, with the signed time it was shown.
            form = BeautifulSoup(client.get(path).content, "html.parser").select_one("form[method=post]")
            kept = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
            response = client.post(path, {**kept, **form_data})
            assert b"error-summary" in response.content, f"{name}: no errors listed"
        expected = 404 if name == "not-found" else 400 if form_data is not None else 200
        assert response.status_code == expected, f"{name} ({path}): {response.status_code}"
        (folder / f"{name}.html").write_bytes(response.content)
        saved.append(name)
    return saved


def checker_errors(folder):
    """vnu's errors for every file in `folder`, as 'file:line: message'."""
    result = subprocess.run(  # noqa: S603 (the jar and the folder are the project's own)
        [*vnu_command(), "--errors-only", "--format", "json", "--stdout", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode not in (0, 1) or not result.stdout.strip():
        pytest.fail(f"The HTML checker did not run: exit {result.returncode}\n{result.stderr[-2000:]}")
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']} [{(m.get('extract') or '').strip()}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


@pytest.mark.django_db
def test_every_page_type_of_the_demo_passes_the_w3c_html_checker(demo_site, tmp_path, settings):
    for form in ("TRIBUTE_FORM", "RUNNER_SIGNUP_FORM", "CONTACT_FORM"):
        setattr(settings, f"{form}_MIN_SECONDS", 0)  # the forms are sent back with their errors at once
    saved = save_pages(tmp_path)
    assert len(saved) >= 20, saved
    errors = checker_errors(tmp_path)
    assert errors == [], f"{len(errors)} errors from the W3C HTML checker:\n" + "\n".join(errors)


@pytest.mark.django_db
def test_every_text_field_of_the_giving_form_says_its_type(demo_site, client):
    """Checkers that read the markup, not the browser's defaults (pa11y), misread an input without `type`."""
    from events.models import EventPage

    html = client.get(EventPage.objects.live().order_by("path").first().url).content
    inputs = BeautifulSoup(html, "html.parser").select("form.donation-form input")
    assert inputs and [i.get("name") for i in inputs if not i.get("type")] == []
    assert BeautifulSoup(html, "html.parser").select_one("input[name=donor_name]")["type"] == "text"
