"""A monthly donor's own page, opened by their private link: see the gift, change it, or end it.

Every change is asked of Stripe; the page says it is on its way, and the ledger records it (and
emails the donor) when Stripe's webhook confirms it. A forged, altered or expired link gets a
clear page and changes nothing; the page shows only the pledge its link names.
"""

import logging

import stripe
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import ratelimit
from core.models import OrganisationSettings
from core.security import allow_sources
from core.site_url import absolute_url

from . import pledge_changes
from .donor_links import link_max_age, manage_path, pledge_for_token
from .emails import queue_manage_links_email
from .ledger import subscription_deleted
from .manage_forms import ChangeAmountForm, ChangeDesignationForm, RequestLinkForm
from .models import Donation, DonationSettings
from .stripe_api import stripe_csp_sources, stripe_js_url

logger = logging.getLogger(__name__)

# Changes one pledge may ask of Stripe in an hour (the amount, the designation, the card, its end): plenty
# for a donor, a wall for a script with a leaked link.
CHANGES_PER_HOUR = 20
# "Email me my link" sendings per address asked for, in an hour: nobody's inbox is flooded.
LINK_EMAILS_PER_ADDRESS_PER_HOUR = 3
DONE_MESSAGES = {
    "amount": "Thank you. Your new amount is on its way to our payment processor; we will email you once it is "
    "confirmed, and this page will show it.",
    "designation": "Thank you. Your new designation is on its way; we will email you once it is confirmed.",
    "cancel": "Your monthly gift is being ended. We will email you once it is done; nothing more will be charged.",
    "card": "Thank you. Your new card is saved with our payment processor; we will email you once your monthly "
    "gift uses it.",
}
TOO_MANY_CHANGES = "Too many changes in an hour. Please try again later."
UNCHANGED = "That is already your monthly gift: nothing was changed."
STRIPE_DOWN = "We could not reach our payment processor, so nothing was changed. Please try again in a few minutes."


def _private(response):
    response["Cache-Control"] = "private, no-store"
    # The link's token never leaves the site in a Referer; same-origin (not no-referrer, under which
    # Chromium sends "Origin: null" with the page's own forms, and Django's CSRF check refuses them).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _bad_link(request):
    form = RequestLinkForm()
    return _private(render(request, "donations/manage/bad_link.html", {"form": form}, status=404))


def _ended(request, token, pledge):
    return _private(render(request, "donations/manage/ended.html", {"pledge": pledge, "token": token}, status=409))


def _page(request, token, pledge, status=200, **forms):
    rules = DonationSettings.load(request_or_site=request)
    allow_sources(request, **stripe_csp_sources())
    context = {
        "token": token,
        "pledge": pledge,
        "payments": Donation.objects.filter(stripe_subscription_id=pledge.stripe_subscription_id)
        .select_related("page")
        .order_by("-received_at")[:120],
        "amount_form": forms.get("amount_form") or ChangeAmountForm(donation_settings=rules),
        "designation_form": forms.get("designation_form")
        or ChangeDesignationForm(current_page=pledge.page, initial={"page_id": pledge.page_id or ""}),
        "done": DONE_MESSAGES.get(request.GET.get("done", "")),
        "error": forms.get("error"),
        "unchanged": forms.get("unchanged"),
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js_url": stripe_js_url(),
        "currency": rules.currency.lower(),
        "link_days": link_max_age().days,
    }
    return _private(render(request, "donations/manage/manage.html", context, status=status))


@require_http_methods(["GET", "HEAD"])
def manage(request, token):
    pledge = pledge_for_token(token)
    if pledge is None:
        return _bad_link(request)
    return _page(request, token, pledge)


def _may_change(pledge):
    return ratelimit.hit_value("monthly-gift-changes", pledge.pk, CHANGES_PER_HOUR, 3600)


@require_POST
def change_amount(request, token):
    pledge = pledge_for_token(token)
    if pledge is None:
        return _bad_link(request)
    if pledge.ended_at:
        return _ended(request, token, pledge)
    rules = DonationSettings.load(request_or_site=request)
    form = ChangeAmountForm(request.POST, donation_settings=rules)
    if not form.is_valid():
        return _page(request, token, pledge, status=400, amount_form=form)
    if not _may_change(pledge):
        return _page(request, token, pledge, status=429, error=TOO_MANY_CHANGES)
    if form.cleaned_data["amount"] == pledge.amount_cents:
        # Stripe would confirm no change, and the donor would wait for an email that never comes.
        return _page(request, token, pledge, amount_form=form, unchanged=UNCHANGED)
    try:
        pledge_changes.change_amount(pledge, form.cleaned_data["amount"], rules.currency.lower())
    except stripe.StripeError:
        logger.exception("Stripe refused or did not answer a change of amount for %s", pledge.stripe_subscription_id)
        return _page(request, token, pledge, status=503, amount_form=form, error=STRIPE_DOWN)
    return redirect(manage_path(pledge) + "?done=amount")


@require_POST
def change_designation(request, token):
    pledge = pledge_for_token(token)
    if pledge is None:
        return _bad_link(request)
    if pledge.ended_at:
        return _ended(request, token, pledge)
    form = ChangeDesignationForm(request.POST, current_page=pledge.page)
    if not form.is_valid():
        return _page(request, token, pledge, status=400, designation_form=form)
    if not _may_change(pledge):
        return _page(request, token, pledge, status=429, error=TOO_MANY_CHANGES)
    if form.cleaned_data["page_id"] == pledge.page_id:
        return _page(request, token, pledge, designation_form=form, unchanged=UNCHANGED)
    try:
        pledge_changes.change_designation(pledge, form.cleaned_data["page_id"])
    except stripe.StripeError:
        logger.exception(
            "Stripe refused or did not answer a change of designation for %s", pledge.stripe_subscription_id
        )
        return _page(request, token, pledge, status=503, designation_form=form, error=STRIPE_DOWN)
    return redirect(manage_path(pledge) + "?done=designation")


@require_POST
def start_card_update(request, token):
    """JSON for the page's script: the SetupIntent's client secret the browser confirms with the new card."""
    pledge = pledge_for_token(token)
    if pledge is None:
        return JsonResponse({"error": "This link is not valid any more. Ask for a new one."}, status=404)
    if pledge.ended_at:
        return JsonResponse({"error": "This monthly gift has ended."}, status=409)
    if not _may_change(pledge):
        return JsonResponse({"error": TOO_MANY_CHANGES}, status=429)
    try:
        client_secret = pledge_changes.start_card_update(pledge)
    except stripe.StripeError:
        logger.exception("Stripe refused or did not answer a card update for %s", pledge.stripe_subscription_id)
        return JsonResponse({"error": STRIPE_DOWN}, status=503)
    return _private(JsonResponse({"client_secret": client_secret}))


@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    pledge = pledge_for_token(token)
    if pledge is None:
        return _bad_link(request)
    if pledge.ended_at:
        return _ended(request, token, pledge)
    if request.method == "POST":
        if not _may_change(pledge):
            return _page(request, token, pledge, status=429, error=TOO_MANY_CHANGES)
        try:
            pledge_changes.cancel(pledge)
        except pledge_changes.AlreadyEnded as ended:
            # Done already at Stripe: the pledge ends now, as the webhook would end it (once, the donor's
            # end since they asked, thanked by email); the webhook's own delivery then finds it ended.
            with transaction.atomic():
                subscription_deleted(ended.subscription)
            return redirect(manage_path(pledge) + "?done=cancel")
        except stripe.StripeError:
            logger.exception("Stripe refused or did not answer a cancellation of %s", pledge.stripe_subscription_id)
            return _page(request, token, pledge, status=503, error=STRIPE_DOWN)
        return redirect(manage_path(pledge) + "?done=cancel")
    return _private(render(request, "donations/manage/cancel.html", {"pledge": pledge, "token": token}))


@require_http_methods(["GET", "HEAD"])
def receipt(request, token, donation_id):
    """One payment's receipt, as emailed: only a payment of the pledge the link opens."""
    pledge = pledge_for_token(token)
    if pledge is None:
        return _bad_link(request)
    donation = (
        Donation.objects.select_related("page")
        .filter(pk=donation_id, stripe_subscription_id=pledge.stripe_subscription_id, status=Donation.Status.PAID)
        .first()
    )
    if donation is None:
        return _bad_link(request)
    text = render_to_string(
        "donations/emails/receipt.txt",
        {
            "donation": donation,
            "organisation": OrganisationSettings.load(request_or_site=request),
            "request_link_url": absolute_url(reverse("donations:request_link")),
        },
    )
    return _private(
        render(request, "donations/manage/receipt.html", {"donation": donation, "text": text, "token": token})
    )


@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request):
    """'Email me my link': the same answer whether or not the address gives monthly."""
    form = RequestLinkForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit("monthly-gift-link", request, settings.MONTHLY_GIFT_LINK_REQUESTS_PER_HOUR, 3600):
            return _private(
                render(request, "donations/manage/request_link.html", {"form": form, "too_many": True}, status=429)
            )
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if ratelimit.hit_value("monthly-gift-link-email", email, LINK_EMAILS_PER_ADDRESS_PER_HOUR, 3600):
                queue_manage_links_email(email)
            return _private(render(request, "donations/manage/request_link.html", {"form": None, "sent": True}))
        return _private(render(request, "donations/manage/request_link.html", {"form": form}, status=400))
    return _private(render(request, "donations/manage/request_link.html", {"form": form}))
