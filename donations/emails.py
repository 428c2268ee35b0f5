"""Every email about a gift, sent by the task worker, never inside a request.

The ledger queues an email in the same database transaction that records the gift (the task
backend `emails` stores jobs in PostgreSQL: django-tasks-db), so a gift and its receipt are kept
together or not at all, and the webhook answers without waiting for SMTP. The worker
(`manage.py db_worker --backend emails`) sends it; a failure is tried again later, and a receipt
is marked sent under a row lock, so it goes out once however many workers or retries run.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from core.emails import EMAIL_BACKEND_ALIAS, SEND_ERRORS, retry_later
from core.models import OrganisationSettings

from .models import Donation, DonationSettings, MonthlyPledge, is_designatable

logger = logging.getLogger(__name__)


def queue_gift_emails(donation):
    """Queue the receipt, the staff's dedication notice and the notice to whom the designated page names
    (a baby's family who asked to be told) of a gift just recorded, in the caller's transaction."""
    send_receipt.enqueue(donation.pk)
    if donation.tribute_name:
        send_tribute_notice.enqueue(donation.pk)
    if donation.page_id:
        send_designation_notice.enqueue(donation.pk)


def queue_card_update_email(pledge, update_url):
    send_card_update_request.enqueue(pledge.pk, update_url)


@task(backend=EMAIL_BACKEND_ALIAS)
def send_receipt(donation_id, attempt=1):
    with transaction.atomic():
        # The lock makes a second worker (or a staff resend) wait, then see the receipt sent.
        donation = Donation.objects.select_for_update().filter(pk=donation_id).first()
        if donation is None or donation.receipt_sent_at or donation.status != Donation.Status.PAID:
            return "nothing to send"
        if not donation.donor_email:
            return "no email address"
        organisation = OrganisationSettings.load()
        context = {"donation": donation, "organisation": organisation}
        try:
            send_mail(
                f"Your receipt: {donation.amount_display} to the {organisation.name}",
                render_to_string("donations/emails/receipt.txt", context),
                None,
                [donation.donor_email],
            )
        except SEND_ERRORS:
            logger.exception("Receipt for donation %s could not be sent (attempt %d)", donation_id, attempt)
            return retry_later(send_receipt, attempt, donation_id)
        donation.receipt_sent_at = timezone.now()
        donation.save(update_fields=["receipt_sent_at"])
    return "sent"


@task(backend=EMAIL_BACKEND_ALIAS)
def send_tribute_notice(donation_id, attempt=1):
    donation = Donation.objects.select_related("page").filter(pk=donation_id).first()
    organisation = OrganisationSettings.load()
    if donation is None or not donation.tribute_name or donation.status != Donation.Status.PAID:
        return "nothing to send"
    if not DonationSettings.load().notify_families or not organisation.contact_email:
        return "notices are off"
    try:
        send_mail(
            f"A gift was made {donation.get_tribute_kind_display().lower()} {donation.tribute_name}",
            render_to_string(
                "donations/emails/tribute_notice.txt", {"donation": donation, "organisation": organisation}
            ),
            None,
            [organisation.contact_email],
        )
    except SEND_ERRORS:
        logger.exception("Tribute notice for donation %s could not be sent (attempt %d)", donation_id, attempt)
        return retry_later(send_tribute_notice, attempt, donation_id)
    return "sent"


@task(backend=EMAIL_BACKEND_ALIAS)
def send_card_update_request(pledge_id, update_url, attempt=1):
    pledge = MonthlyPledge.objects.select_related("page").filter(pk=pledge_id).first()
    if pledge is None or not pledge.donor_email or pledge.failing_since is None:
        return "nothing to send"
    organisation = OrganisationSettings.load()
    context = {"pledge": pledge, "organisation": organisation, "update_url": update_url}
    try:
        send_mail(
            f"Your monthly gift to the {organisation.name} did not go through",
            render_to_string("donations/emails/card_update.txt", context),
            None,
            [pledge.donor_email],
        )
    except SEND_ERRORS:
        logger.exception("Card update request for pledge %s could not be sent (attempt %d)", pledge_id, attempt)
        return retry_later(send_card_update_request, attempt, pledge_id, update_url)
    return "sent"


@task(backend=EMAIL_BACKEND_ALIAS)
def send_designation_notice(donation_id, attempt=1):
    """Tell whom the designated page names (a baby's family who asked to be told) that someone gave.

    The donor's name and message unless they gave anonymously; never the amount. A monthly gift is
    announced at its first payment only.
    """
    donation = Donation.objects.select_related("page").filter(pk=donation_id).first()
    if donation is None or donation.status != Donation.Status.PAID or not is_designatable(donation.page):
        return "nothing to send"
    if donation.stripe_subscription_id and (
        Donation.objects.filter(stripe_subscription_id=donation.stripe_subscription_id, pk__lt=donation.pk).exists()
    ):
        return "not the first monthly payment"
    page = donation.page.specific
    recipients = page.gift_notice_recipients()
    if not recipients:
        return "nobody asked to be told"
    context = {"donation": donation, "page": page, "organisation": OrganisationSettings.load()}
    try:
        send_mail(
            render_to_string("donations/emails/designation_notice_subject.txt", context).strip(),
            render_to_string("donations/emails/designation_notice.txt", context),
            None,
            recipients,
        )
    except SEND_ERRORS:
        logger.exception("Gift notice for donation %s could not be sent (attempt %d)", donation_id, attempt)
        return retry_later(send_designation_notice, attempt, donation_id)
    return "sent"
