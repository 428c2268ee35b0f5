"""Donation endpoints: start a gift, Stripe's webhook, the public totals, the thank-you page."""

import json
import logging
import time

import stripe
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from core import ratelimit
from core.pagecache import versions
from core.queries import CACHE_SECONDS

from . import challenge
from .forms import DonationForm
from .ledger import RetryLater, record_event
from .models import DonationSettings, is_designatable
from .payments import CardLimitReached, start_gift
from .recognition import figures_topic, page_recognition
from .stripe_api import stripe_client

logger = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300
ATTEMPTS_PER_MINUTE = 5
GIFT_COOKIE = "donations-started"
GIFT_COOKIE_MAX_AGE = 24 * 60 * 60
GIFTS_REMEMBERED = 5
THANK_YOU_STRIPE_TIMEOUT = 3
# A busy page's totals (counted again for a gift twice within TOTALS_BUSY_SECONDS) are counted at most once
# in TOTALS_HOLD_SECONDS: a gift still shows in the JSON within a second.
TOTALS_HOLD_SECONDS = 0.5
TOTALS_BUSY_SECONDS = 2


def too_many_attempts():
    return JsonResponse({"error": "Too many attempts. Please wait a while and try again."}, status=429)


@require_POST
def start(request):
    """Validate the form and create the payment at Stripe; the browser then confirms it.

    Before Stripe is called: attempts per address (a minute and an hour, in the shared cache), a
    valid form, the proof of work solved for this attempt, attempts per email and, with a card
    token, per card (payments.start_gift).
    """
    if not ratelimit.hit("donation-attempts", request, ATTEMPTS_PER_MINUTE, 60) or not ratelimit.hit(
        "donation-attempts-hour", request, settings.DONATION_ATTEMPTS_PER_ADDRESS_PER_HOUR, 3600
    ):
        return too_many_attempts()
    form = DonationForm(request.POST, donation_settings=DonationSettings.load(request_or_site=request))
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"error": "Please correct the highlighted fields.", "fields": errors}, status=400)
    # Stripe's idempotency keys make a double click one payment; remembering the answer here also
    # spares the second request a trip to Stripe.
    answer_key = f"donation-start:{form.idempotency_key()}"
    payment = cache.get(answer_key)
    if payment is not None:
        return remember_gift(JsonResponse(payment), request, payment["id"])
    if not challenge.verify(request.POST.get("altcha", "")):
        return JsonResponse(
            {"error": "Your browser's security check did not finish. Please wait a moment and press Give again."},
            status=403,
        )
    email = form.cleaned_data["donor_email"].strip().lower()
    if not ratelimit.hit_value("donation-email", email, settings.DONATION_ATTEMPTS_PER_EMAIL_PER_HOUR, 3600):
        return too_many_attempts()
    try:
        payment = start_gift(form)
    except CardLimitReached:
        return too_many_attempts()
    except stripe.CardError as error:
        return JsonResponse({"error": error.user_message or "Your card was declined."}, status=402)
    except stripe.StripeError:
        logger.exception("Stripe refused or did not answer while starting a gift")
        return JsonResponse(
            {"error": "We could not reach our payment processor. Nothing was charged; please try again shortly."},
            status=503,
        )
    cache.set(answer_key, payment, timeout=60 * 60)
    return remember_gift(JsonResponse(payment), request, payment["id"])


def remember_gift(response, request, intent_id):
    """The thank-you page looks up only the payments this browser started: their ids, signed, in a cookie."""
    started = [i for i in started_gifts(request) if i != intent_id][-(GIFTS_REMEMBERED - 1) :] + [intent_id]
    response.set_signed_cookie(
        GIFT_COOKIE,
        ",".join(started),
        salt=GIFT_COOKIE,
        max_age=GIFT_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def started_gifts(request):
    value = request.get_signed_cookie(GIFT_COOKIE, default="", salt=GIFT_COOKIE, max_age=GIFT_COOKIE_MAX_AGE)
    return [intent_id for intent_id in value.split(",") if intent_id]


@require_GET
def donation_challenge(request):
    response = JsonResponse(challenge.new_challenge())
    response["Cache-Control"] = "no-store"
    return response


def signed_at(header):
    """The `t=` of a Stripe-Signature header the library has verified (its first, as the library reads it)."""
    for item in header.split(","):
        key, _, value = item.partition("=")
        if key == "t":
            return int(value)
    raise ValueError("no timestamp")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's signed events. The signature is checked over the raw body before anything else."""
    payload = request.body
    try:
        header = request.headers.get("Stripe-Signature")
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), header, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS
        )
        if signed_at(header) > time.time() + WEBHOOK_TOLERANCE_SECONDS:
            # The library refuses only a timestamp too far in the past; one ahead by more is refused alike.
            raise stripe.SignatureVerificationError("Timestamp outside the tolerance zone", header, payload)
        event = json.loads(payload)
        event["id"], event["type"]  # noqa: B018 - an event without these is not an event
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return HttpResponse("Invalid signature or payload.", status=400, content_type="text/plain")
    try:
        outcome = record_event(event)
    except RetryLater as wait:
        # Nothing was kept: Stripe delivers the event again later, after the one it waits for.
        logger.info("Stripe event %s delivered too early: %s", event["id"], wait)
        return JsonResponse({"received": False, "retry": str(wait)}, status=409)
    return JsonResponse({"received": True, "outcome": outcome})


@require_GET
def totals(request, page_id):
    """The page's live figures, polled by the giving box of a kept page: answered from a copy of its
    own in the shared cache, dropped by that page's gifts (and its runners', rolled up), its publish and
    the site's settings; no database query while it stands.

    Under a stream of gifts (race day) a busy page's figures are counted again at most once in
    `TOTALS_HOLD_SECONDS`, by one worker at a time: the count costs a page's pollers the same whether
    gifts come one a minute or twenty a second. A gift on a calm page shows at the next poll."""
    topics = (figures_topic(page_id), f"page:{page_id}", "site")
    # Versions are made only for a page that takes gifts: made-up ids add nothing to the shared cache.
    seen = versions(*topics, create=False)
    key = f"donations:totals:{page_id}"
    kept = None if None in seen.values() else cache.get(key)
    if kept is not None and kept["versions"] == seen:
        return _totals_response(kept["data"])
    only_figures = kept is not None and all(kept["versions"][topic] == seen[topic] for topic in topics[1:])
    if only_figures and (time.time() < kept["hold_until"] or not cache.add(key + ":counting", 1, 5)):
        return _totals_response(kept["data"])  # counted a moment ago, or being counted now by another worker
    try:
        page = Page.objects.live().public().filter(pk=page_id).specific().first()
        if page is None or not is_designatable(page):
            raise Http404("No page takes gifts here.")
        seen = versions(*topics)
        totals = page_recognition(page)["totals"]
        data = {
            "raised_cents": totals["raised_cents"],
            "goal_cents": page.goal_cents,
            "donor_count": totals["donor_count"],
        }
        if not page.shows_amount_raised():
            # The family chose not to show the amount: the count of gifts stays public, the sum does not.
            data["raised_cents"] = None
        now = time.time()
        # Busy: its figures were counted again for a gift a moment ago too. Hold the next count.
        busy = only_figures and now - kept["figures_counted_at"] < TOTALS_BUSY_SECONDS
        cache.set(
            key,
            {
                "versions": seen,
                "data": data,
                "figures_counted_at": now if only_figures else 0,
                "hold_until": now + TOTALS_HOLD_SECONDS if busy else 0,
            },
            CACHE_SECONDS,
        )
    finally:
        if only_figures:
            cache.delete(key + ":counting")
    return _totals_response(data)


def _totals_response(data):
    response = JsonResponse(data)
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def form_token(request):
    """The CSRF token the donation form sends with a gift, fetched when the donor presses Give: pages
    that hold the form are shared by every reader (core/pagecache.py), so they carry no token."""
    response = JsonResponse({"csrf_token": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def thank_you(request):
    """Where Stripe sends the donor back after a redirect, and where the form links after paying.

    Only a payment this browser started is looked up, with a short timeout: the page cannot be
    used to probe Stripe for other ids or to hold a worker while Stripe is slow.
    """
    intent_id = request.GET.get("payment_intent", "")
    status, page, monthly = "unknown", None, False
    if intent_id.startswith("pi_") and intent_id in started_gifts(request):
        try:
            intent = stripe_client(timeout=THANK_YOU_STRIPE_TIMEOUT).v1.payment_intents.retrieve(intent_id)
        except stripe.StripeError:
            logger.warning("Could not retrieve %s for the thank-you page", intent_id)
        else:
            intent = intent.to_dict()
            status = intent.get("status", "unknown")
            # A monthly gift's payment pays its subscription's first invoice.
            monthly = bool(intent.get("invoice"))
            page_id = (intent.get("metadata") or {}).get("page_id")
            if page_id and str(page_id).isdigit():
                page = Page.objects.live().public().filter(pk=int(page_id)).first()
    return render(request, "donations/thank_you.html", {"status": status, "designation": page, "monthly": monthly})


@require_GET
def give(request):
    """The general fund's giving page: where the header's Donate button leads when no event is on."""
    return render(request, "donations/give.html", {})
