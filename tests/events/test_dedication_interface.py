"""What an event shows of its mile dedications and its team, it reads through names events defines itself
(`events/dedications.py`: honoured_name, honoured_page, carrier_name, carrier_page; `events/team.py`:
member_name, member_photo_alt), which stories fills in. Never through the fields of stories' pages.

The first tests fail if a tribute's or runner's field is renamed without its dedication following: the
event page, its course map and its bracelets must still name the baby and the runner. The last ones read
events' code and templates, and the includes they render, for any name that only stories defines.
"""

import ast
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from events.course_map import FINAL_STRETCH
from events.dedications import MileDedicationBase
from events.team import TeamMember
from tests.factories.events import EventPageFactory
from tests.factories.home import campaign_site
from tests.factories.stories import MileDedicationFactory, RunnerStoryPageFactory, TributePageFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

BABY, HIDDEN_BABY, RUNNER = "Esperanza Quill", "Tobias Wren", "Priya Raman-Okoro"


@pytest.fixture
def event(db):
    """An event with two miles dedicated: mile 3 to a listed baby carried by a runner, the final 0.2 to a
    baby whose family did not list the tribute, carried by nobody yet."""
    site = campaign_site()
    event = EventPageFactory(parent=site.events, title="Riverside Marathon", slug="riverside")
    runner = RunnerStoryPageFactory(parent=event, runner_name=RUNNER, slug="priya")
    listed = TributePageFactory(parent=site.tributes, baby_name=BABY, slug="esperanza")
    unlisted = TributePageFactory(parent=site.tributes, baby_name=HIDDEN_BABY, slug="tobias", is_listed=False)
    MileDedicationFactory(event=event, mile=3, tribute=listed, runner=runner)
    MileDedicationFactory(event=event, mile=FINAL_STRETCH, tribute=unlisted)
    return event


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(nodes):
    return [" ".join(node.get_text(" ").split()) for node in nodes]


def test_the_event_page_names_each_baby_and_runner_in_the_mile_list(client, event):
    html = html_of(client, event.url)
    items = text_of(html.select("ol.miles li"))
    assert items == [f"Mile 3 {BABY} carried by {RUNNER}", f"Mile 0.2 {HIDDEN_BABY}"]
    # The listed baby and the live runner are linked to their pages; the unlisted baby is named only.
    links = {a.get_text(): a["href"] for a in html.select("ol.miles a")}
    assert links == {BABY: "/tributes/esperanza/", RUNNER: "/events/riverside/priya/"}


def test_the_course_map_labels_and_links_each_dedicated_mile(client, event):
    html = html_of(client, event.url)
    course_map = html.select_one("figure.course-map")
    assert text_of(course_map.select(".course-map__baby")) == [BABY, HIDDEN_BABY]
    assert text_of(course_map.select(".course-map__runner")) == [RUNNER]
    link = course_map.select_one("a.course-map__name")
    # Named by the words it shows, as shown, then its mile (label in name, WCAG 2.5.3).
    assert link["aria-label"] == f"{BABY}, {RUNNER}: mile 3"
    assert link["href"] == "/tributes/esperanza/"
    assert len(course_map.select("a.course-map__name")) == 1


def test_the_bracelets_print_each_baby_and_runner_in_mile_order(client, event):
    html = html_of(client, event.url + "bracelets/")
    assert text_of(html.select("li.bracelet")) == [f"Mile 3 {BABY} {RUNNER}", f"Mile 0.2 {HIDDEN_BABY}"]
    assert text_of(html.select(".course-map__baby")) == [BABY, HIDDEN_BABY]


def test_a_runner_in_draft_is_printed_on_the_bracelet_but_not_named_on_the_event_page(client, event):
    event.get_children().get(slug="priya").specific.unpublish()
    assert text_of(html_of(client, event.url).select("ol.miles li")) == [f"Mile 3 {BABY}", f"Mile 0.2 {HIDDEN_BABY}"]
    bracelets = html_of(client, event.url + "bracelets/")
    assert text_of(bracelets.select("li.bracelet"))[0] == f"Mile 3 {BABY} {RUNNER}"
    assert bracelets.select(".course-map__runner") == []


def test_the_event_page_and_its_team_listing_name_the_runners_on_their_cards(client, event):
    for url in (event.url, event.url + "team/"):
        assert text_of(html_of(client, url).select(".cards--people .card__title")) == [RUNNER], url


# --- No name of stories' in events ------------------------------------------------------------------


def attribute_names(klass):
    return {name for base in klass.__mro__ for name in vars(base)}


def names_below_stories():
    """Every field, relation and attribute name the apps below stories (and Wagtail, Django) define,
    including what events offers stories to fill in, and the names the kernel and the ledger use in
    their own code (e.g. the totals' `raised_cents`, which a runner's milestone also records)."""
    names = attribute_names(MileDedicationBase) | attribute_names(TeamMember)
    for app in ("core", "donations"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                names |= python_names(path.read_text())
    names |= {field.name for field in MileDedicationBase._meta.fields}
    for model in apps.get_models():
        if model._meta.app_label == "stories":
            continue
        # The relations stories adds to a lower model (an event's `runner_signups`) are stories' names.
        added_by_stories = {
            relation.get_accessor_name()
            for relation in model._meta.related_objects
            if relation.related_model._meta.app_label == "stories"
        }
        names |= attribute_names(model) - added_by_stories
        names |= {field.name for field in model._meta.get_fields() if not field.auto_created}
    return names | {"miles"}  # MileDedicationBase's relation: the event's own name for its dedications


def names_only_stories_defines():
    """The fields, relation names and attributes of stories' models that no lower layer defines too."""
    names = set()
    for model in apps.get_app_config("stories").get_models():
        for field in model._meta.get_fields():
            if not field.auto_created:
                names.add(field.name)
                related_name = getattr(field.remote_field, "related_name", None)
                if related_name and related_name != "+":
                    names.add(related_name)
        for klass in model.__mro__:
            if klass.__module__.startswith("stories."):
                names |= {name for name in vars(klass) if not name.startswith("_")}
    return names - names_below_stories()


IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
TEMPLATE_TAG = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
DOTTED = re.compile(r"\b[A-Za-z_]\w*((?:\.\w+)+)")
INCLUDED = re.compile(r"{%\s*(?:include|component)\s+\"([^\"]+)\"")


def python_names(source):
    """The attribute, keyword and lookup names a module uses (`a.tribute`, `filter(tribute=...)`,
    `only("tribute__baby_name")`): not its words in comments and docstrings."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            names.update(node.arg.split("__"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and IDENTIFIER.fullmatch(node.value):
            names.update(node.value.split("__"))
    return names


def template_names(source):
    """The attribute names a template reads (`dedication.tribute.baby_name`: tribute, baby_name)."""
    names = set()
    for match in TEMPLATE_TAG.finditer(re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", source, flags=re.S)):
        tag = match.group(1) or match.group(2)
        tag = re.sub(r"\"[^\"]*\"|'[^']*'", "", tag)  # strings are words, not names
        for dotted in DOTTED.finditer(tag):
            names.update(dotted.group(1).strip(".").split("."))
    return names


def templates_events_render():
    """templates/events/*, and every include they render, however deep."""
    found, pending = {}, sorted((TEMPLATES / "events").glob("*.html"))
    while pending:
        path = pending.pop()
        if path in found:
            continue
        found[path] = source = path.read_text()
        pending += [TEMPLATES / name for name in INCLUDED.findall(source) if (TEMPLATES / name).exists()]
    return found


def test_the_check_knows_stories_names_and_finds_them():
    forbidden = names_only_stories_defines()
    assert {"baby_name", "is_listed", "runner_name", "tribute", "runner", "photo_alt", "runner_signups"} <= forbidden
    assert {"honoured_name", "carrier_page", "member_name", "miles", "mile", "title"}.isdisjoint(forbidden)
    assert {"tribute", "baby_name"} <= template_names("{{ dedication.tribute.baby_name }}")
    assert {"tribute", "baby_name", "runner"} <= python_names('q.only("tribute__baby_name").filter(runner=r)')
    assert "includes/runner_card.html" in {str(p.relative_to(TEMPLATES)) for p in templates_events_render()}


def test_events_code_names_nothing_only_stories_defines():
    forbidden = names_only_stories_defines()
    found = {}
    for path in sorted((ROOT / "events").rglob("*.py")):
        if "migrations" not in path.parts and (named := python_names(path.read_text()) & forbidden):
            found[str(path.relative_to(ROOT))] = sorted(named)
    assert found == {}


def test_events_templates_and_their_includes_name_nothing_only_stories_defines():
    forbidden = names_only_stories_defines()
    found = {}
    for path, source in templates_events_render().items():
        if named := template_names(source) & forbidden:
            found[str(path.relative_to(ROOT))] = sorted(named)
    assert found == {}
