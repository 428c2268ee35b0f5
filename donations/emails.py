"""The receipt every recorded gift gets, and the optional notice of a gift in a baby's honour."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import OrganisationSettings

from .models import Donation, DonationSettings, is_designatable

logger = logging.getLogger(__name__)


def send_gift_emails(donation_id):
    donation = Donation.objects.select_related("page").filter(pk=donation_id).first()
    if donation is None or donation.receipt_sent_at or donation.status != Donation.Status.PAID:
        return
    organisation = OrganisationSettings.load()
    context = {"donation": donation, "organisation": organisation}
    if donation.donor_email:
        try:
            send_mail(
                f"Your receipt: {donation.amount_display} to the {organisation.name}",
                render_to_string("donations/emails/receipt.txt", context),
                None,
                [donation.donor_email],
            )
        except OSError:
            logger.exception("Receipt for donation %s could not be sent", donation.pk)
            return
        Donation.objects.filter(pk=donation.pk).update(receipt_sent_at=timezone.now())
    send_designation_notice(donation, organisation)
    if donation.tribute_name and DonationSettings.load().notify_families and organisation.contact_email:
        send_mail(
            f"A gift was made {donation.get_tribute_kind_display().lower()} {donation.tribute_name}",
            render_to_string("donations/emails/tribute_notice.txt", context),
            None,
            [organisation.contact_email],
            fail_silently=True,
        )


def send_designation_notice(donation, organisation):
    """Tell whom the designated page names (a baby's family who asked to be told) that someone gave.

    The donor's name and message unless they gave anonymously; never the amount. A monthly gift is
    announced at its first payment only.
    """
    if donation.page is None or not is_designatable(donation.page):
        return
    if donation.stripe_subscription_id and (
        Donation.objects.filter(stripe_subscription_id=donation.stripe_subscription_id, pk__lt=donation.pk).exists()
    ):
        return
    page = donation.page.specific
    recipients = page.gift_notice_recipients()
    if not recipients:
        return
    context = {"donation": donation, "page": page, "organisation": organisation}
    try:
        send_mail(
            render_to_string("donations/emails/designation_notice_subject.txt", context).strip(),
            render_to_string("donations/emails/designation_notice.txt", context),
            None,
            recipients,
        )
    except OSError:
        logger.exception("Gift notice for donation %s could not be sent", donation.pk)
