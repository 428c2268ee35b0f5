"""The staff's page of receipts not sent yet: every receipt is a queued job; one that failed all its
attempts (or whose job was lost) shows here until it is sent, and staff can send it again."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .emails import send_receipt
from .models import Donation

# A receipt younger than this is still on its first attempts: not worth a staff member's worry yet.
SETTLING_MINUTES = 10


def unsent_receipts():
    return Donation.objects.filter(
        source=Donation.Source.STRIPE, status=Donation.Status.PAID, receipt_sent_at__isnull=True
    ).exclude(donor_email="")


@permission_required("donations.change_donation", raise_exception=True)
def unsent_receipts_view(request):
    if request.method == "POST":
        chosen = unsent_receipts().filter(pk__in=request.POST.getlist("donation"))
        with transaction.atomic():
            count = 0
            for donation in chosen:
                send_receipt.enqueue(donation.pk)
                count += 1
        messages.success(request, f"{count} receipt(s) queued to be sent again.")
        return redirect("donations_unsent_receipts")
    settled = timezone.now() - timezone.timedelta(minutes=SETTLING_MINUTES)
    return TemplateResponse(
        request,
        "donations/admin/unsent_receipts.html",
        {
            "donations": unsent_receipts().select_related("page").order_by("received_at")[:500],
            "settled": settled,
            "header_title": "Receipts not sent",
        },
    )


def admin_urls():
    return [path("donations/unsent-receipts/", unsent_receipts_view, name="donations_unsent_receipts")]


def admin_url():
    return reverse("donations_unsent_receipts")
