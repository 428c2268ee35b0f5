"""Staff refund a Stripe gift, all or part of it, from the gift's page in the admin.

Two steps: the form (amount in dollars, Stripe's reason, a note of our own), then a page that says
exactly what will happen. Confirming saves a RefundRequest, then asks Stripe with an idempotency key
made from it, so a double-click or a retried confirmation never refunds twice. The ledger is not
touched here: Stripe's charge.refunded event records the refund (donations/ledger.py), as it records
one made in Stripe's dashboard, and the donor's email is queued with it.
"""

import logging
import uuid

import stripe
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .fields import DollarsFormField, format_cents
from .models import Donation, RefundRequest
from .stripe_api import stripe_client

logger = logging.getLogger(__name__)

PERMISSION = "donations.refund_donation"

STRIPE_UNREACHABLE = (
    "Stripe could not be reached: the ledger is unchanged and the donor is not told anything. "
    "Press “Send again” beside the request below in a few minutes: the same request is sent, "
    "and Stripe never refunds it twice."
)


class RefundForm(forms.Form):
    amount = DollarsFormField(
        label="Amount to refund (US dollars)",
        help_text="e.g. 25 or 26.20. The whole gift, or a part of it.",
        error_messages={"required": "Enter the amount to refund, in dollars."},
    )
    reason = forms.ChoiceField(
        choices=RefundRequest.Reason.choices,
        widget=forms.RadioSelect,
        initial=RefundRequest.Reason.REQUESTED_BY_CUSTOMER,
        help_text=(
            "Stripe is told this reason. “Fraudulent” also helps Stripe block the card, and the payer is not "
            "emailed (the address may be the card thief's)."
        ),
        error_messages={"required": "Choose why the gift is refunded."},
    )
    note = forms.CharField(
        label="Note for the team (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the request on the gift's page; never sent to Stripe or the donor.",
    )
    # Made when the confirmation page is shown: names the request it saves, and so its idempotency key.
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, donation, **kwargs):
        super().__init__(*args, **kwargs)
        self.donation = donation

    def clean_amount(self):
        cents = self.cleaned_data["amount"]
        left = self.donation.refundable_cents
        if cents <= 0:
            raise forms.ValidationError("Enter an amount more than $0.")
        if cents > left:
            raise forms.ValidationError(
                f"At most {format_cents(left)} is left to refund on this gift: enter {format_cents(left)} or less."
            )
        return cents


def gift_url(donation):
    return reverse("donations_donation_modeladmin_inspect", args=[donation.pk])


def refund_url(donation):
    return reverse("donations_refund", args=[donation.pk])


@permission_required(PERMISSION, raise_exception=True)
def refund_view(request, donation_id):
    donation = get_object_or_404(Donation.objects.select_related("page"), pk=donation_id)
    context = {"donation": donation, "gift_url": gift_url(donation), "header_title": "Refund a gift"}
    if request.method == "POST" and "confirm" in request.POST:
        # A confirmation already saved (a double-click, a resent page, "Send again"): never a second request.
        saved = RefundRequest.objects.filter(donation=donation, token=token_of(request.POST)).first()
        if saved is not None:
            return send_again(request, saved, donation)
    if not donation.refundable_cents:
        messages.error(request, refusal(donation))
        return redirect(gift_url(donation))
    if request.method != "POST":
        return TemplateResponse(
            request, "donations/admin/refund_form.html", {**context, "form": RefundForm(donation=donation)}
        )
    form = RefundForm(request.POST, donation=donation)
    if not form.is_valid():
        return TemplateResponse(request, "donations/admin/refund_form.html", {**context, "form": form})
    if "confirm" not in request.POST:
        return TemplateResponse(
            request, "donations/admin/refund_confirm.html", {**context, **confirmation(form, donation)}
        )
    if form.cleaned_data["token"] is None:
        messages.error(request, "The confirmation page was not sent whole: nothing was refunded. Please start again.")
        return redirect(refund_url(donation))
    refund_request = saved_request(request, donation, form.cleaned_data)
    if refund_request.donation_id != donation.pk:
        messages.error(request, "That confirmation belongs to another gift: nothing was refunded.")
        return redirect(gift_url(donation))
    return send_again(request, refund_request, donation)


def token_of(data):
    try:
        return uuid.UUID(str(data.get("token", ""))[:40])
    except ValueError:
        return None


def send_again(request, refund_request, donation):
    if refund_request.status == RefundRequest.Status.ACCEPTED:
        # Stripe already has it: nothing is asked twice.
        messages.info(request, f"This refund of {refund_request.amount_display} was already accepted by Stripe.")
        return redirect(gift_url(donation))
    if refund_request.status == RefundRequest.Status.REFUSED:
        messages.error(request, f"Stripe refused this refund: {refund_request.error}")
        return redirect(gift_url(donation))
    return ask_stripe(request, refund_request, donation)


def refusal(donation):
    if donation.is_offline:
        return "This gift was recorded by hand (cheque or cash): give it back outside the site and edit the record."
    if donation.status == Donation.Status.REFUNDED:
        return "This gift is already refunded in full: nothing is left to refund."
    return (
        "Stripe has not yet said which payment paid this monthly gift, so it cannot be refunded here yet. "
        "Try again later, or refund it in Stripe's dashboard."
    )


def confirmation(form, donation):
    """What the confirmation page says will happen, and what it sends back (the amount as typed in dollars)."""
    amount = form.cleaned_data["amount"]
    return {
        "amount": format_cents(amount),
        "whole": amount == donation.refundable_cents,
        "left_after": format_cents(donation.refundable_cents - amount),
        "reason": RefundRequest.Reason(form.cleaned_data["reason"]).label,
        "fraudulent": form.cleaned_data["reason"] == RefundRequest.Reason.FRAUDULENT,
        "note": form.cleaned_data["note"],
        "hidden": {
            "amount": format_cents(amount).removeprefix("$").replace(",", ""),
            "reason": form.cleaned_data["reason"],
            "note": form.cleaned_data["note"],
            # The request it will save, and so its idempotency key.
            "token": uuid.uuid4(),
            "confirm": "yes",
        },
    }


def saved_request(request, donation, data):
    """The request named by the confirmation's token, saved (committed) before Stripe is asked; or the one
    another POST of the same page saved a moment before."""
    try:
        with transaction.atomic():
            return RefundRequest.objects.create(
                token=data["token"],
                donation=donation,
                amount_cents=data["amount"],
                reason=data["reason"],
                note=data["note"],
                requested_by=request.user,
            )
    except IntegrityError:
        return RefundRequest.objects.get(token=data["token"])


def ask_stripe(request, refund_request, donation):
    params = {
        "payment_intent": donation.stripe_payment_intent_id,
        "amount": refund_request.amount_cents,
        "reason": refund_request.reason,
        "metadata": {"refund_request": str(refund_request.token), "gift": str(donation.pk)},
    }
    try:
        refund = stripe_client().v1.refunds.create(params, {"idempotency_key": refund_request.idempotency_key})
    except (stripe.APIConnectionError, stripe.RateLimitError) as error:
        # Stripe may or may not have refunded: the request stays open, and "Send again" uses the same key.
        logger.warning("Refund request %s: Stripe did not answer (%s)", refund_request.pk, error)
        messages.error(request, STRIPE_UNREACHABLE)
        return redirect(gift_url(donation))
    except stripe.StripeError as error:
        said = error.user_message or str(error) or "no reason given"
        RefundRequest.objects.filter(pk=refund_request.pk).update(status=RefundRequest.Status.REFUSED, error=said[:500])
        messages.error(request, f"Stripe refused the refund, so nothing was refunded: {said}")
        return redirect(gift_url(donation))
    RefundRequest.objects.filter(pk=refund_request.pk).update(
        status=RefundRequest.Status.ACCEPTED, stripe_refund_id=refund.id, error=""
    )
    messages.success(
        request,
        f"Stripe accepted the refund of {refund_request.amount_display}. The gift's figures change when Stripe "
        "confirms it (usually within a minute), and the donor is emailed then.",
    )
    return redirect(gift_url(donation))


def admin_urls():
    return [path("donations/gifts/<int:donation_id>/refund/", refund_view, name="donations_refund")]
