"""What happens to a family's tribute: submission, private link, changes, publication, withdrawal.

Below the page types, whose routes call the views that call this: it uses the records (`models.py`) and
makes a new tribute page through its index (`TributeIndexPage.add_tribute`), never importing a page type."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision, WorkflowState

from core import private_links
from core.emails import send_email
from core.models import OrganisationSettings
from core.sharing import share_links
from core.site_url import absolute_url

from ..common.forms import SendingAllowances
from ..common.text import one_line, story_blocks, unique_slug
from .models import TributeChangeRequest, TributePhoto, TributeSubmission, WithdrawnTribute

LINK_SALT = "stories.tribute-private-link"


def link_max_age():
    return timedelta(days=settings.TRIBUTE_LINK_MAX_AGE_DAYS)


# --- The family's private link -------------------------------------------------------------------


def make_token(submission):
    return private_links.make_token({"s": submission.pk, "k": submission.link_key}, LINK_SALT)


def submission_for_token(token):
    """The submission a private link opens, or None for a forged, altered or expired link."""
    data = private_links.read_token(token, LINK_SALT, link_max_age())
    if data is None:
        return None
    return TributeSubmission.objects.filter(pk=data.get("s"), link_key=data.get("k")).first()


def private_link(index_page, submission):
    return index_page.get_full_url() + index_page.reverse_subpage("tribute_status", args=[make_token(submission)])


# --- Per-address limit ---------------------------------------------------------------------------


# Every sending of the share form counts in a roomy allowance (a family correcting a mistake sends
# again); tributes stored and sendings refused as automated count in the small one.
ALLOWANCES = SendingAllowances("tribute", "TRIBUTE_SENDINGS_PER_HOUR", "TRIBUTE_SUBMISSIONS_PER_HOUR")


# --- Submission ----------------------------------------------------------------------------------


def create_submission(index_page, cleaned):
    """Store the draft tribute, its photos and the submission, and submit it to the review workflow."""
    saved_files = []
    try:
        with transaction.atomic():
            now = timezone.now()
            tribute = index_page.add_tribute(
                title=cleaned["baby_name"],
                slug=unique_slug(cleaned["baby_name"]),
                baby_name=cleaned["baby_name"],
                story=story_blocks(cleaned["story"]),
                family_message=cleaned["family_message"],
                remembrance=cleaned["remembrance"],
                is_listed=cleaned["is_listed"],
            )
            Image = get_image_model()
            for order, photo in enumerate(cleaned["photos"]):
                image = Image(title=f"Photo of {cleaned['baby_name']}"[:255], file=photo.content)
                image.save()
                saved_files.append(image.file.name)
                TributePhoto.objects.create(
                    tribute=tribute, image=image, sort_order=order, alt_text=cleaned["photo_alt"]
                )
            submission = TributeSubmission.objects.create(
                tribute=tribute,
                baby_name=cleaned["baby_name"],
                submitter_name=cleaned["submitter_name"],
                submitter_email=cleaned["submitter_email"],
                relationship=cleaned["relationship"],
                notify_of_gifts=cleaned["notify_of_gifts"],
                requested_event=cleaned["requested_event"],
                photo_names=[photo.original_name for photo in cleaned["photos"]],
                consent_guardian_at=now,
                consent_publication_at=now,
            )
            tribute.save_revision(user=None)
            workflow = tribute.get_workflow()
            if workflow is None:
                raise RuntimeError(f"No workflow applies to {index_page}: run the migrations.")
            workflow.start(tribute, user=None)
    except Exception:
        # Nothing half-stored: the rows rolled back, so the files go too.
        for name in saved_files:
            get_image_model()._meta.get_field("file").storage.delete(name)
        raise
    link = private_link(index_page, submission)
    send_family_email(submission, "received", link=link)
    send_staff_email(submission, "new_submission", link=absolute_url(admin_edit_path(tribute)))
    return submission, link


def admin_edit_path(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


# --- The family's requests -----------------------------------------------------------------------


def may_request_change(submission):
    """A private link may send TRIBUTE_CHANGE_REQUESTS_PER_DAY change requests a day: each emails the staff."""
    since = timezone.now() - timedelta(days=1)
    sent = submission.change_requests.filter(requested_at__gte=since).count()
    return sent < settings.TRIBUTE_CHANGE_REQUESTS_PER_DAY


def request_change(submission, message):
    change = TributeChangeRequest.objects.create(submission=submission, message=message)
    edit = absolute_url(admin_edit_path(submission.tribute)) if submission.tribute else ""
    send_staff_email(submission, "change_request", link=edit, extra={"message": message})
    return change


@transaction.atomic
def withdraw(submission):
    """Remove the tribute, its revisions, photos (and renditions), log entries and search entries."""
    tribute = submission.tribute
    if tribute is not None:
        url_parts = tribute.get_url_parts()
        path = url_parts[2] if url_parts else None
        image_ids = list(tribute.photos.values_list("image_id", flat=True))
        image_ids += [i for i in (tribute.listing_image_id, tribute.social_image_id) if i]
        WorkflowState.objects.filter(
            base_content_type=tribute.get_base_content_type(), object_id=str(tribute.pk)
        ).delete()
        Revision.objects.filter(base_content_type=tribute.get_base_content_type(), object_id=str(tribute.pk)).delete()
        # Deleting the page removes its search entries, mile dedications and photos' join rows;
        # gifts in the baby's honour keep their ledger row with the page link set to null.
        page_id = tribute.pk
        tribute.delete()
        # Wagtail's history (including the deletion entry it just wrote) repeats the baby's name.
        PageLogEntry.objects.filter(page_id=page_id).delete()
        for image in get_image_model().objects.filter(pk__in=image_ids):
            image.delete()  # Wagtail deletes the files and renditions after the commit
        if path and path.startswith("/"):
            WithdrawnTribute.objects.get_or_create(path=path)
    submission.status = TributeSubmission.Status.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["status", "withdrawn_at"])
    send_staff_email(submission, "withdrawn")


def _moderator_decision(tribute, status, comment, email_kind):
    """Record a moderator's decision with their comment, and tell the family through their link."""
    submission = TributeSubmission.objects.filter(tribute=tribute).first()
    if submission is None:
        return
    submission.status = status
    submission.moderator_comment = comment
    submission.save(update_fields=["status", "moderator_comment"])
    send_family_email(submission, email_kind, link=private_link(tribute.get_parent().specific, submission))


def decline_submission(tribute, comment):
    _moderator_decision(tribute, TributeSubmission.Status.DECLINED, comment, "declined")


def changes_requested(tribute, comment):
    _moderator_decision(tribute, TributeSubmission.Status.CHANGES_REQUESTED, comment, "changes_requested")


def tribute_published(tribute):
    submission = TributeSubmission.objects.filter(tribute=tribute).first()
    if submission is None or submission.published_at:
        return
    submission.status = TributeSubmission.Status.PUBLISHED
    submission.published_at = timezone.now()
    submission.save(update_fields=["status", "published_at"])
    page_url = tribute.get_full_url()
    send_family_email(
        submission,
        "published",
        link=private_link(tribute.get_parent().specific, submission),
        extra={"page_url": page_url, "share_links": share_links(page_url, tribute.share_text())},
    )


# --- Emails (plain text: whatever the family typed stays inert text) ------------------------------


def send_family_email(submission, kind, link="", extra=None):
    context = {"submission": submission, "link": link, **(extra or {})}
    subject = one_line(render_to_string(f"stories/email/family_{kind}_subject.txt", context))
    body = render_to_string(f"stories/email/family_{kind}.txt", context)
    send_email.enqueue(subject, body, [submission.submitter_email])


def send_staff_email(submission, kind, link="", extra=None):
    context = {"submission": submission, "link": link, **(extra or {})}
    subject = one_line(render_to_string(f"stories/email/staff_{kind}_subject.txt", context))
    body = render_to_string(f"stories/email/staff_{kind}.txt", context)
    send_email.enqueue(subject, body, [OrganisationSettings.load().contact_email])
