"""The campaign report in Chromium, on the demo campaign with its gifts: a staff member who may see donations
signs in, opens Reports → Campaign report, sees the chart with its table and the tables by runner and by kind of
gift, downloads the CSV; axe finds nothing serious at 375 and 1280 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def comms_officer(served_demo_site, django_user_model):
    from django.contrib.auth.models import Permission

    from home.demo.gifts import add_demo_gifts

    add_demo_gifts()
    user = django_user_model.objects.create_user("casey", "casey@necsociety.org", "a-long-comms-pass", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_donation")
    )
    return served_demo_site.url


@pytest.mark.parametrize("width", [375, 1280])
def test_staff_open_the_campaign_report_from_reports_and_it_passes_axe(
    comms_officer, browser_page, close_browser_time_connections, artifacts_dir, width
):
    base = comms_officer
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("a-long-comms-pass")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/admin/")
    if width < 800:
        page.get_by_role("button", name="Toggle sidebar").click()
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Campaign report").click()
    expect(page.locator("h1")).to_have_text("Campaign report")
    # The coming CIM first (the latest event); the demo gifts are the 2018 race's: its dates follow it.
    page.get_by_label("Event", exact=True).select_option(label="California International Marathon 2018")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("heading", name="California International Marathon 2018", exact=False)).to_be_visible()
    chart = page.get_by_role("img", name="Raised per day and in total against the goal", exact=False)
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() > 5
    expect(page.get_by_role("region", name="The chart's figures, a row per day")).to_contain_text("$")
    expect(page.locator("#report-by-designation + table tbody tr")).to_have_count(9)  # the event and 8 runners
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts_dir / f"campaign-report-{width}.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("campaign-report-cim-2018-")
