"""What a page shows about its gifts (totals, donor list, leaderboard, the form's rules), cached.

The cache is keyed on `gifts_version()`, which changes once a gift or the donation settings are
saved and committed, and on the content version of `core.queries`, so a warm page costs no
query for its donation slot and a new gift shows on the next view.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page

from core.queries import CACHE_SECONDS, bump_cache_version, cache_version, content_version, public

from .models import DesignationMixin, Donation, DonationSettings

VERSION_KEY = "donations:gifts-version"
DONOR_LIST_LENGTH = 10


def gifts_version():
    return cache_version(VERSION_KEY)


def _bump():
    bump_cache_version(VERSION_KEY)


def gifts_changed(sender, **kwargs):
    # After commit: a reader must never cache the state from before the gift under the new version.
    transaction.on_commit(_bump)


def connect_signals():
    """Called from `DonationsConfig.ready()`: a saved gift or settings change refreshes the figures."""
    post_save.connect(gifts_changed, sender=Donation, dispatch_uid="donations.gift_saved")
    post_delete.connect(gifts_changed, sender=Donation, dispatch_uid="donations.gift_deleted")
    post_save.connect(gifts_changed, sender=DonationSettings, dispatch_uid="donations.settings_saved")


def _cached(name, compute):
    key = f"donations:{name}:{gifts_version()}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def donation_rules(request=None):
    return _cached("rules", lambda: DonationSettings.load(request_or_site=request))


def page_recognition(page):
    """Totals (roll-up included) and the latest gifts for one designated page."""

    def compute():
        gifts = Donation.objects.counted().for_page(page.pk)
        return {
            "totals": gifts.totals(),
            "recent_gifts": list(
                gifts.only("donor_name", "display_name", "is_anonymous", "message", "received_at")[:DONOR_LIST_LENGTH]
            ),
        }

    return _cached(f"page:{page.pk}", compute)


LEADERBOARD_PREVIEW = 10


def leaderboard(page):
    """The live pages under `page` that take gifts (an event's runners), most raised first: a few
    queries (one per page type), whatever their number. Kept as plain entries (name, link, figures),
    so that a page showing the first few does not unpickle every runner's page."""

    def compute():
        children = public(Page.objects.child_of(page)).specific().defer_streamfields()
        entrants = [child for child in children if isinstance(child, DesignationMixin)]
        raised = Donation.objects.counted().filter(page_id__in=[child.pk for child in entrants]).raised_by("page_id")
        board = [
            {
                "name": child.leaderboard_name(),
                "url": child.get_url(),
                "raised_cents": raised.get(child.pk, 0),
                "goal_cents": child.goal_cents,
            }
            for child in entrants
        ]
        return sorted(board, key=lambda entry: (-entry["raised_cents"], entry["name"]))

    return _cached(f"leaderboard:{page.pk}", compute)
