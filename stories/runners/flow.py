"""What happens to a runner who joins a team from the site: sign-up, review, sign-in links, changes to
their page, thanks to their donors and the milestones their gifts reach.

A runner has no account: a signed, expiring link emailed to them opens a session of their own
(`SESSION_KEY`), which reaches their dashboard and nothing else (never a Django or Wagtail login).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.models import Revision, Workflow, WorkflowState

from core import private_links, ratelimit
from core.emails import EMAIL_BACKEND_ALIAS, SEND_ERRORS, branded_email, retry_later, send_email
from core.models import OrganisationSettings
from core.pagecache import drop
from core.sharing import share_links
from core.site_url import absolute_url
from donations.fields import format_cents
from donations.models import Donation
from donations.recognition import gift_topics

from ..common.forms import SendingAllowances
from ..common.text import one_line, story_blocks, unique_slug
from .models import RunnerMilestone, RunnerSignup, RunnerStoryPage, RunnerThankYou

LINK_SALT = "stories.runner-sign-in-link"
SESSION_KEY = "runner_signup"
WORKFLOW_NAME = "Runner sign-up review"
HOUR = 60 * 60

logger = logging.getLogger(__name__)


# --- Sign-in links and the runner's session --------------------------------------------------------


def make_token(signup):
    return private_links.make_token({"r": signup.pk, "k": signup.sign_in_key}, LINK_SALT)


def signup_for_token(token):
    """The sign-up a link opens, or None for a forged, altered or expired link (or one whose key changed)."""
    data = private_links.read_token(token, LINK_SALT, timedelta(hours=settings.RUNNER_SIGN_IN_LINK_MAX_AGE_HOURS))
    if data is None:
        return None
    return RunnerSignup.objects.filter(pk=data.get("r"), sign_in_key=data.get("k")).first()


def sign_in_link(signup):
    return absolute_url(reverse("runner_sign_in", args=[make_token(signup)]))


def sign_in(request, signup):
    # A new session key: a session id planted before the link was opened is worth nothing after.
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": signup.pk, "k": signup.sign_in_key}


def sign_out(request):
    request.session.pop(SESSION_KEY, None)


def signed_in_signup(request):
    """The sign-up whose dashboard this session opens, or None."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    signup = RunnerSignup.objects.select_related("runner", "event").filter(pk=data.get("id")).first()
    if signup is None or signup.sign_in_key != data.get("k"):
        return None
    return signup


# --- Limits ------------------------------------------------------------------------------------------


# The sign-up form's two allowances per address (every sending; sign-ups stored or refused as automated).
SIGNUP_ALLOWANCES = SendingAllowances("runner-signup", "RUNNER_SIGNUP_SENDINGS_PER_HOUR", "RUNNER_SIGNUPS_PER_HOUR")
count_signup_sending = SIGNUP_ALLOWANCES.count_sending
signups_allowed = SIGNUP_ALLOWANCES.allows
count_signup = SIGNUP_ALLOWANCES.count


def count_sign_in_request(request):
    return ratelimit.hit("runner-sign-in", request, settings.RUNNER_SIGN_IN_REQUESTS_PER_HOUR, HOUR)


def count_dashboard_action(signup):
    """One change or thank-you by a signed-in runner; False once the hour's allowance is spent."""
    return ratelimit.hit_value("runner-dashboard", signup.pk, settings.RUNNER_DASHBOARD_ACTIONS_PER_HOUR, HOUR)


# --- Joining the team ----------------------------------------------------------------------------


def store_photo(photo, runner_name):
    image = get_image_model()(title=f"Photo of {runner_name}"[:255], file=photo.content)
    image.save()
    return image


def start_review(runner):
    """Send the runner's latest revision to the moderators, ending any review of an earlier one."""
    for state in WorkflowState.objects.filter(
        base_content_type=runner.get_base_content_type(),
        object_id=str(runner.pk),
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
    ):
        state.cancel(user=None)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is None:
        raise RuntimeError(f"The {WORKFLOW_NAME!r} workflow is missing: run the migrations.")
    workflow.start(runner, user=None)


def create_signup(event, cleaned):
    """Store the draft runner page, their photo and the sign-up, and send the page for review."""
    saved_files = []
    try:
        with transaction.atomic():
            runner = RunnerStoryPage(
                title=cleaned["runner_name"],
                slug=unique_slug(cleaned["runner_name"], "runner"),
                runner_name=cleaned["runner_name"],
                story=story_blocks(cleaned["why_i_run"]),
                goal_cents=cleaned["goal"],
                live=False,
            )
            if cleaned.get("photo"):
                runner.photo = store_photo(cleaned["photo"], cleaned["runner_name"])
                saved_files.append(runner.photo.file.name)
            event.add_child(instance=runner)
            signup = RunnerSignup.objects.create(
                runner=runner,
                event=event,
                runner_name=cleaned["runner_name"],
                email=cleaned["email"],
                why_i_run=cleaned["why_i_run"],
                consent_publication_at=timezone.now(),
            )
            runner.save_revision(user=None)
            start_review(runner)
            send_runner_email(signup, "received")
            send_staff_email(signup, "new_runner")
    except Exception:
        # Nothing half-stored: the rows rolled back, so the file goes too.
        for name in saved_files:
            get_image_model()._meta.get_field("file").storage.delete(name)
        raise
    return signup


def queue_sign_in_links(email):
    """The same work for every address, known or not: one use counted against the address, one job
    queued. The job (in the email worker) looks the address up, so the answer never tells, not even by
    its time, whether a runner signed up with it."""
    email = email.strip()
    # Each address gets at most this many emails an hour, whoever asks for them.
    if ratelimit.hit_value("runner-sign-in-email", email.lower(), settings.RUNNER_SIGN_IN_REQUESTS_PER_HOUR, HOUR):
        send_sign_in_links.enqueue(email)


@task(backend=EMAIL_BACKEND_ALIAS)
def send_sign_in_links(email, attempt=1):
    """Email a fresh sign-in link for every runner page signed up with this address; nothing if none."""
    signups = list(RunnerSignup.objects.select_related("event").filter(email__iexact=email))
    if not signups:
        return "no runner signed up with this address"
    links = [(signup, sign_in_link(signup)) for signup in signups]
    context = {"links": links, "hours": settings.RUNNER_SIGN_IN_LINK_MAX_AGE_HOURS}
    subject = one_line(render_to_string("stories/runners/email/sign_in_subject.txt", context))
    body = render_to_string("stories/runners/email/sign_in.txt", context)
    try:
        branded_email(subject, body, [signups[0].email]).send()
    except SEND_ERRORS:
        logger.exception("Sign-in links could not be sent (attempt %d)", attempt)
        return retry_later(send_sign_in_links, attempt, email)
    return f"sent {len(links)} link(s)"


# --- The runner's changes ------------------------------------------------------------------------


def submit_story_change(signup, why_i_run, photo=None):
    """A new revision with the runner's words (and photo), sent for review; the live page is unchanged.

    Staff are emailed when this starts a review, not for each new version of one already waiting.
    """
    with transaction.atomic():
        runner = RunnerStoryPage.objects.select_for_update().get(pk=signup.runner_id)
        review_waiting = runner.workflow_in_progress
        draft = runner.get_latest_revision_as_object()
        draft.story = story_blocks(why_i_run)
        if photo is not None:
            draft.photo = store_photo(photo, signup.runner_name)
        draft.save_revision(user=None)
        signup.why_i_run = why_i_run
        signup.change_submitted = True
        if signup.status != RunnerSignup.Status.PUBLISHED:
            signup.status = RunnerSignup.Status.PENDING
        signup.save(update_fields=["why_i_run", "change_submitted", "status"])
        start_review(runner)
        if not review_waiting:
            send_staff_email(signup, "runner_changed")


def set_goal(signup, goal_cents):
    """The goal applies at once: on the live page, and in the latest revision so a later approval keeps it."""
    with transaction.atomic():
        runner = RunnerStoryPage.objects.select_for_update().get(pk=signup.runner_id)
        RunnerStoryPage.objects.filter(pk=runner.pk).update(goal_cents=goal_cents)
        revision = Revision.objects.select_for_update().filter(pk=runner.latest_revision_id).first()
        if revision is not None:
            revision.content["goal_cents"] = goal_cents
            revision.save(update_fields=["content"])
        check_milestones(runner.pk, goal_changed=True)
        # The goal shows with the runner's figures and on the event's leaderboard: those figures go.
        topics = gift_topics(runner.pk, runner.gift_rollup_page_id())
        transaction.on_commit(lambda: drop(*topics, at_once=False))


def thank_donor(signup, donation, message):
    """Queue the runner's thank-you to the donor, once per gift. Returns False if it was already thanked."""
    try:
        with transaction.atomic():
            RunnerThankYou.objects.create(donation=donation, signup=signup, message=message)
            context = {"signup": signup, "donation": donation, "message": message}
            subject = one_line(render_to_string("stories/runners/email/donor_thanks_subject.txt", context))
            body = render_to_string("stories/runners/email/donor_thanks.txt", context)
            send_email.enqueue(subject, body, [donation.donor_email])
    except IntegrityError:
        return False
    return True


def runner_gifts(signup):
    """The gifts counted for the runner's own page, newest first, with whether each was thanked."""
    return (
        Donation.objects.counted()
        .filter(page_id=signup.runner_id)
        .select_related("runner_thanks")
        .order_by("-received_at", "-pk")
    )


def runner_gifts_by_day(signup):
    """[(day, gifts, anonymous gifts, cents shown)] for the runner's own page, summed by the database per day in
    the organisation's time zone. Anonymous gifts count as gifts, not in the amounts: the dashboard never shows them."""
    return list(
        Donation.objects.counted()
        .filter(page_id=signup.runner_id)
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(
            gifts=Count("id"),
            anonymous=Count("id", filter=Q(is_anonymous=True)),
            shown_cents=Coalesce(Sum("amount_cents", filter=Q(is_anonymous=False)), 0),
        )
        .order_by("day")
        .values_list("day", "gifts", "anonymous", "shown_cents")
    )


def gift_of_runner(signup, donation_id):
    """One of this runner's gifts, or None: another runner's gift is never found from here."""
    if signup.runner_id is None:
        return None
    return runner_gifts(signup).filter(pk=donation_id).first()


# --- Milestones ----------------------------------------------------------------------------------

GOAL_MILESTONES = [
    RunnerMilestone.Kind.QUARTER,
    RunnerMilestone.Kind.HALF,
    RunnerMilestone.Kind.THREE_QUARTERS,
    RunnerMilestone.Kind.GOAL,
]


def milestones_reached(gift_count, raised_cents, goal_cents):
    reached = [RunnerMilestone.Kind.FIRST_GIFT] if gift_count else []
    if goal_cents:
        reached += [kind for kind in GOAL_MILESTONES if raised_cents * 100 >= goal_cents * kind.value]
    return reached


# No savepoint of its own: in the webhook's transaction a failure here undoes the handler's savepoint
# (the event is kept aside for staff), and two round trips a gift are saved.
@transaction.atomic(savepoint=False)
def check_milestones(runner_id, goal_changed=False, new_gift_cents=None):
    """Record the milestones the runner's gifts have reached, each once, and email the runner about new ones.

    Runs in the caller's transaction (the webhook's, for a gift), or its own when there is none (a gift
    staff save outside one). The runner's page row is locked first, so two gifts recorded at once are
    counted one after the other and neither misses the other's money.

    For a gift just recorded (`new_gift_cents`, its amount), only the milestones it crosses are looked up:
    the gifts before it, counted under the same lock, were checked when each was recorded, and most gifts
    cross none (no further query). A gift staff edit or move, and a new goal, check every milestone.

    After a new goal (`goal_changed`), the percent milestones it no longer reaches are forgotten: the page
    shows no "100%" above a 25% bar, and each is emailed again when the gifts reach it. The first gift stays.
    """
    try:
        runner = RunnerStoryPage.objects.select_for_update().only("goal_cents").get(pk=runner_id)
    except RunnerStoryPage.DoesNotExist:
        return []
    totals = Donation.objects.counted().filter(page_id=runner_id).raised()
    reached = milestones_reached(totals["gift_count"], totals["raised_cents"], runner.goal_cents)
    if new_gift_cents is not None:
        before = milestones_reached(
            totals["gift_count"] - 1, totals["raised_cents"] - new_gift_cents, runner.goal_cents
        )
        reached = [kind for kind in reached if kind not in before]
        if not reached:
            return []
    if goal_changed:
        RunnerMilestone.objects.filter(runner_id=runner_id, milestone__in=GOAL_MILESTONES).exclude(
            milestone__in=reached
        ).delete()
    known = set(RunnerMilestone.objects.filter(runner_id=runner_id).values_list("milestone", flat=True))
    new = []
    for kind in reached:
        if kind in known:
            continue
        _milestone, created = RunnerMilestone.objects.get_or_create(
            runner_id=runner_id, milestone=kind, defaults={"raised_cents": totals["raised_cents"]}
        )
        if created:
            new.append(kind)
    signup = RunnerSignup.objects.filter(runner_id=runner_id).first() if new else None
    if signup is not None:
        send_runner_email(
            signup,
            "milestone",
            extra={
                "milestones": [RunnerMilestone.Kind(kind).label for kind in new],
                "raised": format_cents(totals["raised_cents"]),
                "goal": format_cents(runner.goal_cents) if runner.goal_cents else "",
            },
        )
    return new


def gift_saved(sender, instance, created=False, raw=False, **kwargs):
    """A gift recorded (by the webhook, or by staff for a cheque) for a runner's page may reach a milestone."""
    if raw or instance.status != Donation.Status.PAID or not instance.page_id:
        return
    # The gift's page is loaded by its save (its roll-up): a gift to an event or a tribute costs no query here.
    if not issubclass(instance.page.specific_class or type(None), RunnerStoryPage):
        return
    check_milestones(instance.page_id, new_gift_cents=instance.amount_cents if created else None)


# --- Moderation ----------------------------------------------------------------------------------


def runner_published(runner):
    signup = RunnerSignup.objects.filter(runner=runner).select_related("event").first()
    if signup is None:
        return
    first = signup.published_at is None
    if not first and not signup.change_submitted:
        # Staff's own edit or a republish: the runner sent nothing, so there is nothing to tell them.
        return
    signup.status = RunnerSignup.Status.PUBLISHED
    signup.published_at = signup.published_at or timezone.now()
    signup.moderator_comment = ""
    signup.change_submitted = False
    signup.save(update_fields=["status", "published_at", "moderator_comment", "change_submitted"])
    page_url = runner.get_full_url()
    send_runner_email(
        signup,
        "published" if first else "change_published",
        extra={"page_url": page_url, "share_links": share_links(page_url, runner.title)},
    )


def changes_requested(runner, comment):
    signup = RunnerSignup.objects.filter(runner=runner).first()
    if signup is None:
        return
    if signup.status != RunnerSignup.Status.PUBLISHED:
        signup.status = RunnerSignup.Status.CHANGES_REQUESTED
    signup.moderator_comment = comment
    signup.save(update_fields=["status", "moderator_comment"])
    send_runner_email(signup, "changes_requested")


def runner_declined(runner, comment):
    signup = RunnerSignup.objects.filter(runner=runner).first()
    if signup is None:
        return
    if runner.live and runner.live_revision_id:
        # A change declined: the live revision is the page's draft again, so the next change, a new goal
        # or an editor's publish starts from what is on the page, never from the declined words or photo.
        RunnerStoryPage.objects.filter(pk=runner.pk).update(
            latest_revision_id=runner.live_revision_id, has_unpublished_changes=False, draft_title=runner.title
        )
    elif signup.status != RunnerSignup.Status.PUBLISHED:
        # A sign-up declined stays a draft, for the records.
        signup.status = RunnerSignup.Status.DECLINED
    signup.moderator_comment = comment
    signup.save(update_fields=["status", "moderator_comment"])
    send_runner_email(signup, "declined")


# --- Emails (words from .txt templates; their HTML part escapes whatever a runner or donor typed) ----


def send_runner_email(signup, kind, extra=None):
    context = {
        "signup": signup,
        "link": sign_in_link(signup),
        "hours": settings.RUNNER_SIGN_IN_LINK_MAX_AGE_HOURS,
        **(extra or {}),
    }
    subject = one_line(render_to_string(f"stories/runners/email/{kind}_subject.txt", context))
    body = render_to_string(f"stories/runners/email/{kind}.txt", context)
    send_email.enqueue(subject, body, [signup.email])


def send_staff_email(signup, kind):
    edit = absolute_url(reverse("wagtailadmin_pages:edit", args=[signup.runner_id])) if signup.runner_id else ""
    context = {"signup": signup, "link": edit}
    subject = one_line(render_to_string(f"stories/runners/email/staff_{kind}_subject.txt", context))
    body = render_to_string(f"stories/runners/email/staff_{kind}.txt", context)
    contact = OrganisationSettings.load().contact_email
    if contact:
        send_email.enqueue(subject, body, [contact])
