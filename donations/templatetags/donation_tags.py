"""The donation slot on event, runner and tribute pages: form, progress, donors, leaderboard.

Each piece is one query whatever the number of gifts or runners.
"""

import uuid

from django import template
from django.conf import settings
from django.template.loader import get_template

from core.models import OrganisationSettings
from core.security import allow_sources
from donations.forms import ECARD_MESSAGE_LIMIT
from donations.models import Frequency, dollars_to_cents, format_cents, is_designatable, percent_of_goal
from donations.recognition import LEADERBOARD_PREVIEW, donation_rules, leaderboard, page_recognition
from donations.stripe_api import stripe_csp_sources, stripe_js_url

register = template.Library()


@register.filter
def dollars(cents):
    return "" if cents is None else format_cents(cents)


def _preselection(request, rules):
    """`?amount=50&frequency=monthly` from an appeal; values outside the rules are ignored."""
    amount, frequency = None, Frequency.ONE_TIME
    if request is None:
        return amount, frequency
    try:
        cents = dollars_to_cents(request.GET.get("amount", ""))
    except ValueError:
        cents = None
    if cents is not None and rules.minimum_cents <= cents <= rules.maximum_cents:
        amount = cents
    if request.GET.get("frequency") in Frequency.values:
        frequency = request.GET["frequency"]
    return amount, frequency


def donation_form_context(context, designation, heading="Give now", introduction=""):
    request = context.get("request")
    rules = donation_rules(request)
    amount, frequency = _preselection(request, rules)
    specific = designation.specific if designation is not None else None
    tribute_name = specific.honoured_name() if specific is not None else ""
    # Stripe's hosts are allowed on the pages that show the form, and on no other.
    allow_sources(request, **stripe_csp_sources())
    # Gifts to a baby's page are dedicated as the family chose: in memory, or in honour.
    tribute_kind = (specific.dedication_kind() or "honour") if tribute_name else ""
    return {
        "request": request,
        "designation": specific,
        "heading": heading,
        "introduction": introduction,
        "rules": rules,
        "presets": rules.presets_cents(),
        "preselected_amount": amount,
        "preselected_frequency": frequency,
        "tribute_name": tribute_name,
        "tribute_kind": tribute_kind,
        "visibility_note": specific.gift_visibility_note() if specific is not None else "",
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js_url": stripe_js_url(),
        "form_id": f"gift-{uuid.uuid4().hex[:8]}",
        "ecard_message_limit": ECARD_MESSAGE_LIMIT,
        # Cached on the request (base.html has loaded it already): the other ways to give, without JavaScript.
        "organisation": OrganisationSettings.load(request_or_site=request),
    }


@register.inclusion_tag("donations/donation_form.html", takes_context=True)
def donation_form(context, designation=None, heading="Give now", introduction=""):
    if designation is not None and not is_designatable(designation):
        designation = None  # a page that takes no gifts of its own: the general fund
    return donation_form_context(context, designation, heading, introduction)


@register.simple_tag(takes_context=True)
def donation_slot(context, page):
    """Everything a designatable page shows about giving, designated to that page.

    A page never saved (the admin's preview of a new page) has no designation or totals yet: the
    preview shows where the form will stand instead.
    """
    if page.pk is None:
        return get_template("donations/admin/donation_slot_preview.html").render({"page": page})
    return get_template("donations/donation_slot.html").render(donation_slot_context(context, page))


def donation_slot_context(context, page):
    specific = page.specific
    # The slot's template includes the form with this context: the form's context is built once.
    data = donation_form_context(context, specific if is_designatable(specific) else None)
    recognition = page_recognition(specific)
    totals = recognition["totals"]
    data.update(
        page=specific,
        giving_heading=specific.giving_heading(),
        honoured_name=specific.honoured_name(),
        dedication=specific.dedication_phrase(),
        raised_cents=totals["raised_cents"],
        donor_count=totals["donor_count"],
        gift_count=totals["gift_count"],
        goal_cents=specific.goal_cents,
        show_amount=specific.shows_amount_raised(),
        recent_gifts=recognition["recent_gifts"],
    )
    if data["goal_cents"]:
        data["percent"] = percent_of_goal(totals["raised_cents"], data["goal_cents"])
    if specific.has_leaderboard:
        # The first few, however large the team: the rest are a link away.
        board = leaderboard(specific)
        data["leaderboard"] = board[:LEADERBOARD_PREVIEW]
        data["leaderboard_count"] = len(board)
        data["leaderboard_url"] = specific.leaderboard_url() if len(board) > LEADERBOARD_PREVIEW else None
    return data
