"""An editor of the communications team sets up an event in the Wagtail admin, in Chromium: dates, venue,
two mile dedications chosen with the page chooser, publishes it, adds a runner, and sees it all live."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.models import EventIndexPage, EventPage
from stories.models import RunnerStoryPage, TributePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-editor-pass"  # noqa: S105 (a test user's password)


@pytest.fixture
def comms_editor(served_demo_site, django_user_model):
    """A member of the communications team: may edit and publish pages, is not a superuser."""
    user = django_user_model.objects.create_user("casey", "casey@necsociety.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def log_in(page, base_url, user):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")


def fill_title(page, title):
    """Wagtail fills the slug (on the Promote tab) from the title when the editor leaves the title
    field: leave it, and wait for the slug, before anything is published."""
    title_field = page.get_by_role("textbox", name="Title*")
    title_field.fill(title)
    title_field.press("Tab")
    expect(page.locator("#id_slug")).not_to_have_value("")


def publish(page):
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")


def choose_tribute(page, row, baby_name):
    """Wagtail's page chooser: open it, search for the baby, pick the page."""
    row.get_by_role("button", name="Choose a page (Tribute page)").click()
    modal = page.get_by_role("dialog")
    modal.get_by_role("textbox", name="Search term").fill(baby_name)
    modal.get_by_role("link", name=baby_name).first.click()
    modal.wait_for(state="hidden")
    row.get_by_text(baby_name).first.wait_for()


def test_editor_creates_an_event_with_miles_and_a_runner_and_sees_them_published(
    served_demo_site, comms_editor, browser_page, close_browser_time_connections, artifacts_dir
):
    page, base = browser_page, served_demo_site.url
    page.set_viewport_size({"width": 1280, "height": 1000})
    first_baby, second_baby = (
        TributePage.objects.live().filter(is_listed=True).order_by("baby_name").values_list("baby_name", flat=True)[:2]
    )
    log_in(page, base, comms_editor)

    # Pages → Events → Add child page: an event is the only type offered, so its form opens.
    index = EventIndexPage.objects.get()
    page.goto(base + f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.wait_for_url(f"**/admin/pages/add/events/eventpage/{index.pk}/")

    fill_title(page, "Walk to End NEC 2031")
    page.get_by_role("textbox", name="Start*").fill("2031-05-03 09:00")
    page.get_by_role("textbox", name="End*").fill("2031-05-03 13:00")
    page.get_by_role("textbox", name="Venue*").fill("Golden Gate Park")

    for number, baby in [("1", first_baby), ("2", second_baby)]:
        page.get_by_role("button", name="Add mile dedication").click()
        row = page.locator("[data-inline-panel-child]:not(.deleted)").last
        row.get_by_role("combobox", name="Mile*").select_option(label=f"Mile {number}")
        choose_tribute(page, row, baby)
    page.screenshot(path=str(artifacts_dir / "admin-new-event.png"), full_page=True)
    publish(page)

    event = EventPage.objects.get(title="Walk to End NEC 2031")
    assert event.live
    assert [(d.mile, d.tribute.baby_name) for d in event.dedicated_miles()] == [(1, first_baby), (2, second_baby)]

    # The team: under the new event, "Add child page" opens a runner story at once.
    page.goto(base + f"/admin/pages/{event.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.wait_for_url(f"**/admin/pages/add/stories/runnerstorypage/{event.pk}/")
    fill_title(page, "Priya: why I walk")
    page.get_by_role("textbox", name="Runner name*").fill("Priya Natarajan")
    publish(page)
    assert RunnerStoryPage.objects.child_of(event).live().get().runner_name == "Priya Natarajan"

    # The public page shows the event, its miles and its runner.
    page.goto(base + event.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Walk to End NEC 2031"
    main = page.get_by_role("main")
    assert main.get_by_text("Golden Gate Park").count() >= 1
    assert main.get_by_role("link", name=first_baby).count() >= 1
    assert main.get_by_role("link", name=second_baby).count() >= 1
    assert main.get_by_text("Priya Natarajan").count() >= 1
    page.screenshot(path=str(artifacts_dir / "editor-published-event.png"), full_page=True)


def test_publish_clicked_while_the_autosave_creates_the_page_publishes_that_page_once(
    served_demo_site, comms_editor, browser_page, close_browser_time_connections
):
    """Wagtail autosaves a new page by creating it. An editor who clicks Publish while that autosave is on
    its way (a slow connection) gets the page published once, not a second page refused with an error."""
    page, base = browser_page, served_demo_site.url
    log_in(page, base, comms_editor)
    index = EventIndexPage.objects.get()
    held = []

    def slow_network(route):
        # The autosave (it asks for JSON) goes at once; a submission to "add page" is held back, as a slow
        # network would, until the autosave has answered.
        request = route.request
        if request.method == "POST" and "application/json" not in (request.headers.get("accept") or ""):
            held.append(route)
        else:
            route.continue_()

    def is_autosave(response):
        request = response.request
        return request.method == "POST" and "application/json" in (request.headers.get("accept") or "")

    page.route(f"**/admin/pages/add/events/eventpage/{index.pk}/", slow_network)
    page.goto(base + f"/admin/pages/add/events/eventpage/{index.pk}/")
    # Wagtail watches for edits a moment after the form opens: what is typed before that is its start.
    page.evaluate(
        "window.watching = new Promise(r => document.addEventListener('w-unsaved:watch-edits', r, {once: true}))"
    )
    page.evaluate("window.watching.then(() => true)")
    fill_title(page, "Walk to End NEC 2032")
    page.get_by_role("textbox", name="Start*").fill("2032-05-01 09:00")
    page.get_by_role("textbox", name="End*").fill("2032-05-01 13:00")
    page.get_by_role("textbox", name="Venue*").fill("Crissy Field")
    expect(page.locator("#w-autosave-indicator")).to_have_attribute("data-w-autosave-state-value", "saving")
    with page.expect_response(is_autosave):  # the autosave creates the page while Publish is clicked
        page.locator("footer").get_by_role("button", name="More actions").click()
        page.locator("footer").get_by_role("button", name="Publish").click()
    for route in held:  # a submission to "add page" goes now, after the autosave
        route.continue_()

    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    events = EventPage.objects.filter(slug="walk-to-end-nec-2032")
    assert events.count() == 1
    assert events.get().live and events.get().venue == "Crissy Field"


def test_publish_is_not_held_for_ever_by_an_autosave_that_never_answers(
    served_demo_site, comms_editor, browser_page, close_browser_time_connections
):
    """A stalled connection: the autosave never answers. The Publish waits for it ten seconds at most, then
    goes, and the page is published (the editor is not left on "Publishing…")."""
    page, base = browser_page, served_demo_site.url
    log_in(page, base, comms_editor)
    index = EventIndexPage.objects.get()
    stalled = []

    def stalled_autosave(route):
        if "application/json" in (route.request.headers.get("accept") or ""):
            stalled.append(route)  # never answered
        else:
            route.continue_()

    page.route(f"**/admin/pages/add/events/eventpage/{index.pk}/", stalled_autosave)
    page.goto(base + f"/admin/pages/add/events/eventpage/{index.pk}/")
    page.evaluate(
        "window.watching = new Promise(r => document.addEventListener('w-unsaved:watch-edits', r, {once: true}))"
    )
    page.evaluate("window.watching.then(() => true)")
    fill_title(page, "Walk to End NEC 2033")
    page.get_by_role("textbox", name="Start*").fill("2033-05-07 09:00")
    page.get_by_role("textbox", name="End*").fill("2033-05-07 13:00")
    page.get_by_role("textbox", name="Venue*").fill("Lake Merritt")
    expect(page.locator("#w-autosave-indicator")).to_have_attribute("data-w-autosave-state-value", "saving")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name="Publish").click()

    page.wait_for_url(f"**/admin/pages/{index.pk}/", timeout=30000)
    event = EventPage.objects.get(slug="walk-to-end-nec-2033")
    assert event.live and event.venue == "Lake Merritt"
    assert stalled, "the autosave was sent (and stalled)"
