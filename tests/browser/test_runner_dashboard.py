"""The runner's dashboard on the demo campaign, in Chromium: the QR code the page shows decodes to the
runner's page, the progress bar and the chart of gifts by day show, and the dashboard passes axe on a phone and
a wide screen."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from pyzbar.pyzbar import decode

from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_runner_signed_in(served_demo_site):
    """The demo team's first runner, with the demo gifts, as if she had signed up herself; her sign-in link."""
    from events.models import EventPage
    from home.demo.gifts import add_demo_gifts
    from stories.models import RunnerSignup, RunnerStoryPage
    from stories.runners.flow import make_token

    add_demo_gifts()
    event = EventPage.objects.get(slug="cim-2018")
    runner = RunnerStoryPage.objects.live().child_of(event).order_by("path").first()
    signup = RunnerSignup.objects.create(
        runner=runner,
        event=event,
        runner_name=runner.title,
        email="runner@example.org",
        why_i_run="I run for the babies.",
        consent_publication_at=timezone.now(),
        status=RunnerSignup.Status.PUBLISHED,
    )
    return runner, f"{served_demo_site.url}/runners/sign-in/{make_token(signup)}/"


def shown_qr_code(page):
    """What Chromium draws of the dashboard's QR code <img>, decoded by zbar as a phone's camera would."""
    image = page.locator("figure.runner-dashboard__qr img")
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image did not load"
    return [code.data.decode() for code in decode(Image.open(io.BytesIO(image.screenshot())))]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_dashboards_qr_code_scans_to_the_runners_page_and_the_page_passes_axe(
    demo_runner_signed_in, browser_page, close_browser_time_connections, artifacts_dir, width
):
    runner, link = demo_runner_signed_in
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(link)
    assert page.locator("h1").inner_text().startswith("Your dashboard")
    progress = page.get_by_role("progressbar", name="Raised toward the goal")
    expect(progress).to_be_visible()
    assert progress.bounding_box()["width"] > 200
    chart = page.get_by_role("img", name="Amount given each day", exact=False)
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 1  # Lucy's $262; Sam gave anonymously: his day has no bar
    expect(page.get_by_role("region", name="How your gifts came in")).to_contain_text("1 (1 anonymous)")
    assert shown_qr_code(page) == [runner.full_url]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts_dir / f"runner-dashboard-demo-{width}.png"), full_page=True)
