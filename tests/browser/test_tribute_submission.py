"""A family shares their baby's story in Chromium, and a moderator approves it in the Wagtail admin."""

import io

import pytest
from PIL import Image

from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_family_submits_a_tribute_with_a_photo_and_a_moderator_approves_it(
    served_demo_site, browser_page, close_browser_time_connections, artifacts_dir, tmp_path, settings, django_user_model
):
    from django.contrib.auth.models import Group

    from stories.models import TributePage, TributeSubmission

    settings.TRIBUTE_FORM_MIN_SECONDS = 1  # a person in a hurry, still slower than a bot
    photo = tmp_path / "amelia.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 120, 170)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    page = browser_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(served_demo_site.url + "/tributes/")
    page.get_by_role("link", name="Share your baby's story").click()
    assert page.locator("h1").inner_text() == "Share your baby's story"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(page) == []

    page.get_by_label("Your baby's name").fill("Amelia Rose")
    page.get_by_label("Remembered: our baby died", exact=False).check()
    page.get_by_label("Your baby's story").fill("Amelia was born at 25 weeks.\n\nShe held my finger every day.")
    page.get_by_label("Photos (optional)").set_input_files(str(photo))
    page.get_by_label("A message from your family (optional)").fill("Thank you, NICU nurses.")
    page.get_by_label("Anyone: show it in the list of tributes and in search (listed)").check()
    page.get_by_label("Your name", exact=True).fill("Grace Chen")
    page.get_by_label("Your email address").fill("grace@example.org")
    page.get_by_label("Your relationship to the baby").fill("Mother")
    page.get_by_label("I am the baby's parent or guardian", exact=False).check()
    page.get_by_label("I agree to the NEC Society publishing", exact=False).check()
    page.wait_for_timeout(1100)
    page.screenshot(path=str(artifacts_dir / "tribute-form-375.png"), full_page=True)
    page.get_by_role("button", name="Send for review").click()

    assert page.locator("h1").inner_text() == "Your tribute for Amelia Rose"
    assert "Waiting for review" in page.locator("main").inner_text()
    status_url = page.url
    assert serious_violations(page) == []
    tribute = TributePage.objects.get(baby_name="Amelia Rose")
    assert not tribute.live and tribute.is_listed and tribute.photos.count() == 1

    moderator = django_user_model.objects.create_user("morgan", "morgan@necsociety.org", "a-long-moderator-pass")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_demo_site.url + "/admin/login/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill("a-long-moderator-pass")
    page.get_by_role("button", name="Sign in").click()
    page.goto(served_demo_site.url + f"/admin/pages/{tribute.pk}/edit/")
    assert "grace@example.org" in page.locator("body").inner_text()  # submitter details, admin only
    page.screenshot(path=str(artifacts_dir / "tribute-admin-review.png"), full_page=True)
    page.wait_for_load_state("networkidle")
    page.locator("footer").get_by_role("button", name="More actions").click()
    approve = page.locator('[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    approve.click()
    page.wait_for_url("**/admin/pages/**")

    tribute.refresh_from_db()
    assert tribute.live
    assert TributeSubmission.objects.get().status == "published"
    page.goto(served_demo_site.url + tribute.url)
    assert page.locator("h1").inner_text() == "Amelia Rose"
    page.goto(status_url)
    assert "Published" in page.locator("main").inner_text()
