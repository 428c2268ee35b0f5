"""A monthly donor's private link to their manage page: signed, expiring, for one pledge.

The token names the pledge and its subscription (a link cannot be moved to another pledge by
changing a number), is signed with a salt of its own, and expires after
MONTHLY_GIFT_LINK_MAX_AGE_DAYS; every monthly receipt carries a fresh one and a donor can ask for
one by email at any time.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from core import private_links
from core.site_url import absolute_url

from .models import MonthlyPledge

LINK_SALT = "donations.monthly-gift-link"


def link_max_age():
    return timedelta(days=settings.MONTHLY_GIFT_LINK_MAX_AGE_DAYS)


def make_token(pledge):
    return private_links.make_token({"p": pledge.pk, "s": pledge.stripe_subscription_id}, LINK_SALT, compress=True)


def pledge_for_token(token):
    """The pledge a link opens, or None for a forged, altered or expired link."""
    data = private_links.read_token(token, LINK_SALT, link_max_age())
    if data is None:
        return None
    return (
        MonthlyPledge.objects.select_related("page")
        .filter(pk=data.get("p"), stripe_subscription_id=str(data.get("s")))
        .first()
    )


def manage_path(pledge):
    return reverse("donations:manage", args=[make_token(pledge)])


def manage_url(pledge):
    """The absolute address of the pledge's manage page (emails are sent by the worker, without a request)."""
    return absolute_url(manage_path(pledge))
