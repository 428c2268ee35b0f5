"""Every email about a gift, sent by the task worker, never inside a request.

The ledger queues an email in the same database transaction that records the gift (the task
backend `emails` stores jobs in PostgreSQL: django-tasks-db), so a gift and its receipt are kept
together or not at all, and the webhook answers without waiting for SMTP. The worker
(`manage.py email_worker`) sends it; a failure is tried again later, and a receipt is marked sent
right after it is sent and checked before, so it goes out once however many workers or retries run.
"""

import datetime
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core.emails import (
    EMAIL_BACKEND_ALIAS,
    SEND_ERRORS,
    SENT,
    branded_email,
    retry_later,
    sending_alone,
    until_written,
)
from core.models import OrganisationSettings
from core.site_url import absolute_url

from . import statements
from .donor_links import manage_url
from .fields import format_cents
from .models import (
    DedicationCard,
    Donation,
    DonationSettings,
    GivingStatement,
    MonthlyPledge,
    Refund,
    RefundRequest,
    is_designatable,
)

logger = logging.getLogger(__name__)
# How soon a receipt another worker was sending is looked at again.
RECHECK_AFTER = datetime.timedelta(minutes=1)


def queue_gift_emails(donation):
    """Queue the receipt, the staff's dedication notice and the notice to whom the designated page names
    (a baby's family who asked to be told) of a gift just recorded, in the caller's transaction."""
    send_receipt.enqueue(donation.pk)
    if donation.tribute_name:
        send_tribute_notice.enqueue(donation.pk)
    if donation.page_id and _page_tells_of_gifts(donation.page) and not _is_monthly_renewal(donation):
        send_designation_notice.enqueue(donation.pk)


def _page_tells_of_gifts(page):
    """A tribute's family may be told of gifts; a gift to a runner or an event (most of race day's) queues
    no notice that would find nobody to tell."""
    return getattr(page.specific_class, "tells_of_gifts", False)


def _is_monthly_renewal(donation):
    """A monthly gift is announced to the designated page's people at its first payment only."""
    return bool(donation.stripe_subscription_id) and (
        Donation.objects.filter(stripe_subscription_id=donation.stripe_subscription_id, pk__lt=donation.pk).exists()
    )


def queue_dedication_card(card):
    """The e-card of a gift just recorded, queued in the ledger's transaction (the card is claimed once)."""
    send_dedication_card.enqueue(card.pk)


def queue_refund_notice(refund):
    """Tell the donor of a refund the ledger just recorded, in the caller's transaction."""
    send_refund_notice.enqueue(refund.pk)


def queue_card_update_email(pledge, update_url):
    send_card_update_request.enqueue(pledge.pk, update_url)


def queue_pledge_email(pledge, kind, before="", after=""):
    """Confirm a change Stripe confirmed: kind is amount, designation, card or ended."""
    send_pledge_change.enqueue(pledge.pk, kind, before, after)


def queue_manage_links_email(email):
    """The donor asked for their link: queued whatever the address, so the answer never says if it is known."""
    send_manage_links.enqueue(email.strip())


def _monthly_manage_url(donation):
    """A fresh private link for a monthly payment's receipt, if its pledge is still open."""
    if donation.frequency != "monthly" or not donation.stripe_subscription_id:
        return ""
    pledge = MonthlyPledge.objects.open().filter(stripe_subscription_id=donation.stripe_subscription_id).first()
    return manage_url(pledge) if pledge else ""


def _send_then_mark(message, task_function, attempt, object_id, unmarked, mark_field, what, **also):
    """Send `message`, then mark its row sent (`mark_field` set now on `unmarked`, the row while still
    unmarked, with `also`), waiting out a database outage: a job run again after a lost worker sees the mark.
    A mail server that refuses or does not answer gets the next attempt queued. Returns what the task reports.
    """
    try:
        message.send()
    except SEND_ERRORS as error:
        logger.exception("%s %s could not be sent (attempt %d)", what, object_id, attempt)
        return retry_later(task_function, attempt, object_id, error=error)
    until_written(lambda: unmarked.update(**{mark_field: timezone.now()}, **also))
    return SENT


@task(backend=EMAIL_BACKEND_ALIAS)
def send_receipt(donation_id, attempt=1):
    """Render, send, then mark sent: no lock on the gift while the mail server answers, so a refund or a
    webhook never waits on it. One sender at a time per gift (an advisory lock, not the row's), and the
    mark checked first, so the receipt goes out once however many workers, retries or resends run."""
    with sending_alone("receipt", donation_id) as alone:
        if not alone:
            # Another worker is sending this receipt now: look again later, when it has marked it sent.
            send_receipt.using(run_after=timezone.now() + RECHECK_AFTER).enqueue(donation_id, attempt=attempt)
            return "being sent by another worker: checked again later"
        donation = Donation.objects.filter(pk=donation_id).first()
        if donation is None or donation.receipt_sent_at or donation.status != Donation.Status.PAID:
            return "nothing to send"
        if not donation.donor_email:
            return "no email address"
        organisation = OrganisationSettings.load()
        context = {
            "donation": donation,
            "organisation": organisation,
            "manage_url": _monthly_manage_url(donation),
            "request_link_url": absolute_url(reverse("donations:request_link")),
            "link_days": settings.MONTHLY_GIFT_LINK_MAX_AGE_DAYS,
        }
        subject = f"Your receipt: {donation.amount_display} to the {organisation.name}"
        body = render_to_string("donations/emails/receipt.txt", context)
        return _send_then_mark(
            branded_email(subject, body, [donation.donor_email], organisation=organisation),
            send_receipt,
            attempt,
            donation_id,
            Donation.objects.filter(pk=donation_id, receipt_sent_at__isnull=True),
            "receipt_sent_at",
            "Receipt for donation",
        )


@task(backend=EMAIL_BACKEND_ALIAS)
def send_refund_notice(refund_id, attempt=1):
    """The donor is told what was refunded, what remains of the gift and when the money arrives. Sent as a
    receipt is: rendered, sent, then marked, one sender at a time, so each refund is told once."""
    with sending_alone("refund", refund_id) as alone:
        if not alone:
            send_refund_notice.using(run_after=timezone.now() + RECHECK_AFTER).enqueue(refund_id, attempt=attempt)
            return "being sent by another worker: checked again later"
        refund = Refund.objects.select_related("donation__page").filter(pk=refund_id).first()
        if refund is None or refund.notice_sent_at:
            return "nothing to send"
        donation = refund.donation
        if not donation.donor_email:
            return "no email address"
        if (
            donation.refund_requests.filter(reason=RefundRequest.Reason.FRAUDULENT, amount_cents=refund.amount_cents)
            .exclude(status=RefundRequest.Status.REFUSED)
            .exists()
        ):
            # A stolen card's address is the thief's: staff who refund a gift as fraudulent tell no one.
            return "refunded as fraudulent: the payer is not told"
        organisation = OrganisationSettings.load()
        pledge = (
            MonthlyPledge.objects.open().filter(stripe_subscription_id=donation.stripe_subscription_id).first()
            if donation.stripe_subscription_id
            else None
        )
        context = {
            "refund": refund,
            "donation": donation,
            "charged": format_cents(donation.charged_cents),
            "organisation": organisation,
            "pledge": pledge,
        }
        subject = render_to_string("donations/emails/refund_notice_subject.txt", context).strip()
        body = render_to_string("donations/emails/refund_notice.txt", context)
        return _send_then_mark(
            branded_email(subject, body, [donation.donor_email], organisation=organisation),
            send_refund_notice,
            attempt,
            refund_id,
            Refund.objects.filter(pk=refund_id, notice_sent_at__isnull=True),
            "notice_sent_at",
            "Refund notice",
        )


@task(backend=EMAIL_BACKEND_ALIAS)
def send_tribute_notice(donation_id, attempt=1):
    donation = Donation.objects.select_related("page").filter(pk=donation_id).first()
    organisation = OrganisationSettings.load()
    if donation is None or not donation.tribute_name or donation.status != Donation.Status.PAID:
        return "nothing to send"
    if not DonationSettings.load().notify_families or not organisation.contact_email:
        return "notices are off"
    try:
        branded_email(
            f"A gift was made {donation.get_tribute_kind_display().lower()} {donation.tribute_name}",
            render_to_string(
                "donations/emails/tribute_notice.txt", {"donation": donation, "organisation": organisation}
            ),
            [organisation.contact_email],
            organisation=organisation,
        ).send()
    except SEND_ERRORS as error:
        logger.exception("Tribute notice for donation %s could not be sent (attempt %d)", donation_id, attempt)
        return retry_later(send_tribute_notice, attempt, donation_id, error=error)
    return SENT


@task(backend=EMAIL_BACKEND_ALIAS)
def send_dedication_card(card_id, attempt=1):
    """Tell the person the donor named of the dedication: the donor's shown name (“Someone” for an
    anonymous gift), whom the gift honours or remembers, and the donor's message; never the amount.

    Rendered, sent, then marked sent with the address erased, as the receipt is: one sender at a time per
    card and the mark checked first, so it goes out once however many workers, retries or redeliveries run.
    """
    with sending_alone("dedication-card", card_id) as alone:
        if not alone:
            send_dedication_card.using(run_after=timezone.now() + RECHECK_AFTER).enqueue(card_id, attempt=attempt)
            return "being sent by another worker: checked again later"
        card = DedicationCard.objects.select_related("donation__page").filter(pk=card_id).first()
        if card is None or card.sent_at or card.donation is None or not card.recipient_email:
            return "nothing to send"
        donation = card.donation
        if donation.status != Donation.Status.PAID or not donation.tribute_kind:
            # Refunded before the card went: it is not sent, and the address is not kept for anything else.
            unsent = DedicationCard.objects.filter(pk=card_id, sent_at__isnull=True)
            until_written(lambda: unsent.update(recipient_email=""))
            return "the gift was refunded: not sent"
        organisation = OrganisationSettings.load()
        context = {
            "card": card,
            "donation": donation,
            "donor": "Someone" if donation.is_anonymous else donation.public_name,
            "dedication": f"{donation.get_tribute_kind_display().lower()} {donation.tribute_name}",
            "organisation": organisation,
            "site_url": absolute_url("/"),
        }
        message = branded_email(
            # One line whatever a name holds: a line break in a subject would refuse the email.
            " ".join(render_to_string("donations/emails/dedication_card_subject.txt", context).split()),
            render_to_string("donations/emails/dedication_card.txt", context),
            [card.recipient_email],
            # A reply reaches the organisation's staff, never the donor's address.
            reply_to=[organisation.contact_email] if organisation.contact_email else None,
            organisation=organisation,
        )
        # The address was kept to send this card only: it goes with the mark (staff keep its masked hint).
        return _send_then_mark(
            message,
            send_dedication_card,
            attempt,
            card_id,
            DedicationCard.objects.filter(pk=card_id, sent_at__isnull=True),
            "sent_at",
            "E-card",
            recipient_email="",
        )


@task(backend=EMAIL_BACKEND_ALIAS)
def send_card_update_request(pledge_id, update_url, attempt=1):
    pledge = MonthlyPledge.objects.select_related("page").filter(pk=pledge_id).first()
    if pledge is None or not pledge.donor_email or pledge.failing_since is None:
        return "nothing to send"
    organisation = OrganisationSettings.load()
    # The card update on the donor's manage page, with a link made now (valid for the link's full life).
    context = {
        "pledge": pledge,
        "organisation": organisation,
        "update_url": update_url,
        "card_url": manage_url(pledge) + "#card" if pledge.ended_at is None else "",
    }
    try:
        branded_email(
            f"Your monthly gift to the {organisation.name} did not go through",
            render_to_string("donations/emails/card_update.txt", context),
            [pledge.donor_email],
            organisation=organisation,
        ).send()
    except SEND_ERRORS as error:
        logger.exception("Card update request for pledge %s could not be sent (attempt %d)", pledge_id, attempt)
        return retry_later(send_card_update_request, attempt, pledge_id, update_url, error=error)
    return SENT


@task(backend=EMAIL_BACKEND_ALIAS)
def send_designation_notice(donation_id, attempt=1):
    """Tell whom the designated page names (a baby's family who asked to be told) that someone gave.

    The donor's shown name and message unless they gave anonymously; never the amount. A monthly gift
    is queued at its first payment only (queue_gift_emails). A reply reaches the organisation's staff.
    """
    donation = Donation.objects.select_related("page").filter(pk=donation_id).first()
    if donation is None or donation.status != Donation.Status.PAID or not is_designatable(donation.page):
        return "nothing to send"
    page = donation.page.specific
    recipients = page.gift_notice_recipients()
    if not recipients:
        return "nobody asked to be told"
    organisation = OrganisationSettings.load()
    context = {"donation": donation, "page": page, "organisation": organisation}
    message = branded_email(
        render_to_string("donations/emails/designation_notice_subject.txt", context).strip(),
        render_to_string("donations/emails/designation_notice.txt", context),
        recipients,
        reply_to=[organisation.contact_email] if organisation.contact_email else None,
        organisation=organisation,
    )
    try:
        message.send()
    except SEND_ERRORS as error:
        logger.exception("Gift notice for donation %s could not be sent (attempt %d)", donation_id, attempt)
        return retry_later(send_designation_notice, attempt, donation_id, error=error)
    return SENT


PLEDGE_SUBJECTS = {
    "amount": "Your monthly gift to the {name} is now {amount}",
    "designation": "Your monthly gift to the {name} now supports {designation}",
    "card": "Your card for your monthly gift to the {name} is updated",
    "ended": "Your monthly gift to the {name} has ended",
}


@task(backend=EMAIL_BACKEND_ALIAS)
def send_pledge_change(pledge_id, kind, before="", after="", attempt=1):
    pledge = MonthlyPledge.objects.select_related("page").filter(pk=pledge_id).first()
    if pledge is None or not pledge.donor_email or kind not in PLEDGE_SUBJECTS:
        return "nothing to send"
    organisation = OrganisationSettings.load()
    context = {
        "pledge": pledge,
        "organisation": organisation,
        "kind": kind,
        "before": before,
        "after": after,
        "manage_url": manage_url(pledge) if pledge.ended_at is None else "",
    }
    # The values the body names (`after`, as Stripe confirmed them), not the pledge's by the time this is sent.
    subject = PLEDGE_SUBJECTS[kind].format(name=organisation.name, amount=after, designation=after)
    try:
        branded_email(
            subject,
            render_to_string("donations/emails/pledge_change.txt", context),
            [pledge.donor_email],
            organisation=organisation,
        ).send()
    except SEND_ERRORS as error:
        logger.exception("Monthly gift email %s for pledge %s could not be sent (attempt %d)", kind, pledge_id, attempt)
        return retry_later(send_pledge_change, attempt, pledge_id, kind, before, after, error=error)
    return SENT


@task(backend=EMAIL_BACKEND_ALIAS)
def send_manage_links(email, attempt=1):
    """Every open monthly gift of this address, each with its private link; nothing to an unknown address."""
    pledges = list(MonthlyPledge.objects.open().for_email(email).select_related("page").order_by("started_at"))
    if not pledges:
        return "no monthly gift for this address"
    organisation = OrganisationSettings.load()
    links = [(pledge, manage_url(pledge)) for pledge in pledges]
    context = {
        "links": links,
        "organisation": organisation,
        "donor_name": pledges[0].donor_name,
        "link_days": settings.MONTHLY_GIFT_LINK_MAX_AGE_DAYS,
    }
    try:
        branded_email(
            f"Your link to manage your monthly gift to the {organisation.name}",
            render_to_string("donations/emails/manage_links.txt", context),
            [pledges[0].donor_email],
            organisation=organisation,
        ).send()
    except SEND_ERRORS as error:
        logger.exception("Manage links could not be sent (attempt %d)", attempt)
        return retry_later(send_manage_links, attempt, email, error=error)
    return SENT


def queue_giving_statement(statement):
    send_giving_statement.enqueue(statement.pk)


@task(backend=EMAIL_BACKEND_ALIAS)
def send_giving_statement(statement_id, attempt=1):
    """The year-end statement, its PDF made now from the ledger (refunds since the run are left out too)."""
    statement = GivingStatement.objects.filter(pk=statement_id).first()
    if statement is None:
        return "nothing to send"
    organisation = OrganisationSettings.load()
    gifts = list(statements.gifts_of(statement.donor_email, statement.year))
    if not gifts:
        return "every gift of the year was refunded since: nothing to send"
    context = {
        "statement": statement,
        "organisation": organisation,
        "count": len(gifts),
        # The gifts the PDF lists, summed: the email and its attachment say the same.
        "total": format_cents(sum(gift.amount_cents for gift in gifts)),
    }
    message = branded_email(
        f"Your {statement.year} giving statement from the {organisation.name}",
        render_to_string("donations/emails/giving_statement.txt", context),
        [statement.donor_email],
        attachments=[
            (
                statements.statement_filename(statement.year),
                statements.statement_pdf(statement.donor_email, statement.year, gifts),
                "application/pdf",
            )
        ],
        organisation=organisation,
    )
    try:
        message.send()
    except SEND_ERRORS as error:
        logger.exception("Giving statement %s could not be sent (attempt %d)", statement_id, attempt)
        return retry_later(send_giving_statement, attempt, statement_id, error=error)
    return SENT
