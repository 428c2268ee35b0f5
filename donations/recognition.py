"""What a page shows about its gifts (totals, donor list, leaderboard, the form's rules), cached.

The cache is keyed on `gifts_version()`, which changes once a gift or the donation settings are
saved and committed, and on the content version of `home.queries`, so a warm page costs no
query for its donation slot and a new gift shows on the next view.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from home.queries import CACHE_SECONDS, bump_cache_version, cache_version, content_version, public

from .models import Donation, DonationSettings

VERSION_KEY = "donations:gifts-version"
DONOR_LIST_LENGTH = 10


def gifts_version():
    return cache_version(VERSION_KEY)


def _bump():
    bump_cache_version(VERSION_KEY)


@receiver(post_save, sender=Donation)
@receiver(post_delete, sender=Donation)
@receiver(post_save, sender=DonationSettings)
def gifts_changed(sender, **kwargs):
    # After commit: a reader must never cache the state from before the gift under the new version.
    transaction.on_commit(_bump)


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
                gifts.only("donor_name", "is_anonymous", "message", "received_at")[:DONOR_LIST_LENGTH]
            ),
        }

    return _cached(f"page:{page.pk}", compute)


def runner_leaderboard(event):
    """The event's runners, most raised first: two queries, whatever the number of runners."""
    from stories.models import RunnerStoryPage

    def compute():
        runners = list(
            public(RunnerStoryPage.objects.child_of(event)).only("title", "runner_name", "goal_cents", "url_path")
        )
        raised = Donation.objects.counted().filter(page_id__in=[runner.pk for runner in runners]).raised_by("page_id")
        for runner in runners:
            runner.raised_cents = raised.get(runner.pk, 0)
        return sorted(runners, key=lambda runner: (-runner.raised_cents, runner.runner_name))

    return _cached(f"leaderboard:{event.pk}", compute)
