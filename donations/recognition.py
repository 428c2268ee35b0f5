"""What a page shows about its gifts (totals, donor list, leaderboard, the form's rules), cached.

A page's figures are kept under its own figures topic (`figures_topic(page_id)`, a version in the shared
cache), which a gift moves once committed for the page it is for and the page it rolls up to (a
runner's event), and nothing else: other pages' figures, and the kept pages that show them
(core/pagecache.py), stay. A warm page costs no query for its donation slot, and a new gift shows in
the page's figures and its totals JSON on the next request.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from wagtail.models import Page

from core.pagecache import drop, shown_versions
from core.queries import content_version, public, versioned

from .models import DesignationMixin, Donation, DonationSettings

DONOR_LIST_LENGTH = 10


def figures_topic(page_id):
    """The version topic of a page's gift figures (roll-up included): stale-tolerant on a kept page,
    whose giving box fetches the live figures."""
    return f"figures:gifts:{page_id}"


def gifts_version(page_id):
    """The version of a page's figures, and the page being rendered shows them."""
    topic = figures_topic(page_id)
    return shown_versions(topic)[topic]


def gift_topics(*page_ids):
    return [figures_topic(page_id) for page_id in dict.fromkeys(page_ids) if page_id is not None]


def remember_gift_pages(sender, instance, **kwargs):
    """The pages a gift was loaded with, so that moving it to another page (an editor correcting a
    designation) drops the figures of the pages it leaves as well as of those it joins."""
    instance._loaded_pages = (instance.__dict__.get("page_id"), instance.__dict__.get("rollup_page_id"))


def gifts_changed(sender, instance=None, page_ids=(), **kwargs):
    """A gift saved or deleted: the figures of its page and of the page it rolls up to (and of those it
    was moved from). After commit: a reader must never keep the state from before the gift under the new
    version."""
    if isinstance(instance, Donation):
        topics = gift_topics(instance.page_id, instance.rollup_page_id, *getattr(instance, "_loaded_pages", ()))
        instance._loaded_pages = (instance.page_id, instance.rollup_page_id)
        if topics:
            transaction.on_commit(lambda: drop(*topics, at_once=False))
    else:
        # Gifts added in bulk (the demo's load-test grower): every page, and the figures of the pages given
        # to and rolled up to (`page_ids`), which are kept apart from the pages.
        topics = ["site", *gift_topics(*page_ids)]
        transaction.on_commit(lambda: drop(*topics, at_once=False))


def connect_signals():
    """Called from `DonationsConfig.ready()`: a saved gift refreshes its pages' figures (the donation
    settings are site settings: core.queries drops every page for them)."""
    post_init.connect(remember_gift_pages, sender=Donation, dispatch_uid="donations.gift_loaded")
    post_save.connect(gifts_changed, sender=Donation, dispatch_uid="donations.gift_saved")
    post_delete.connect(gifts_changed, sender=Donation, dispatch_uid="donations.gift_deleted")


def donation_rules(request=None):
    return versioned(f"donations:rules:{content_version()}", lambda: DonationSettings.load(request_or_site=request))


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

    return versioned(f"donations:page:{page.pk}:{gifts_version(page.pk)}", compute)


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

    # The runners' names, links and goals too: a runner published or withdrawn under the page drops it.
    seen = shown_versions(figures_topic(page.pk), f"children:{page.pk}", "site")
    return versioned(f"donations:leaderboard:{page.pk}:{':'.join(map(str, seen.values()))}", compute)
