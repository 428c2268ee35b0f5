"""Demo gifts (`manage.py load_demo_gifts`), so that the demo campaign's progress bars, donor lists and
leaderboard are not empty.

They are recorded as offline gifts (cheques and cash), since no money moved at Stripe, and dated in the
six weeks before race day, as a campaign's gifts come in. Idempotent.
"""

import datetime

from donations.models import Donation
from events.models import EventPage
from stories.models import RunnerStoryPage

DEMO_GIFTS = [
    # (index of the runner on the CIM 2018 team or None for the event, cents, donor, name shown (empty:
    # first name), anonymous, message, days before the race it was received)
    (
        None,
        50000,
        "Northern California NICU Nurses",
        "Northern California NICU Nurses",
        False,
        "For every baby we cared for.",
        2,
    ),
    (0, 26200, "Lucy Tran", "", False, "One dollar for every hundredth of a mile!", 16),
    (0, 10000, "Sam Ortiz", "", True, "", 10),
    (1, 5000, "Priya Patel", "", False, "Run strong, we are cheering for you.", 22),
    (2, 2620, "Dana Kim", "", False, "", 5),
    (3, 100000, "The Hansen family", "The Hansen family", False, "In memory of our grandson.", 30),
    (None, 100000, "Folsom Lake Running Club", "Folsom Lake Running Club", False, "See you at the start line.", 27),
    (1, 26200, "Marisol Reyes", "", False, "From Eli's abuela: run, mijo!", 20),
    (2, 10000, "The NICU fellows", "The NICU fellows", False, "Slow and smiling, Dr N!", 9),
    (4, 50000, "Erik Lindqvist", "", False, "For Johan, and for Ada's favourite runner.", 25),
    (4, 5000, "Anna Berg", "", True, "", 12),
    (5, 12000, "The gut biology lab", "The gut biology lab", False, "A dollar for every sample this week.", 6),
    (6, 8000, "Saturday crew at the milk bank", "Saturday crew at the milk bank", False, "We believe in you.", 15),
    (7, 20000, "The Moreno family", "The Moreno family", False, "Mateo says run really far, Tío.", 18),
    (7, 2500, "Chris Duarte", "", False, "", 3),
    (None, 5000, "Jordan Ames", "", True, "", 4),
    (None, 2620, "Kim Sato", "", False, "In honour of Violet.", 8),
]


def received_before(start, days, n):
    """A time of day `days` before the race's start, varied by the gift's place in the list."""
    day = (start - datetime.timedelta(days=days)).date()
    return datetime.datetime.combine(day, datetime.time(8 + (n * 5) % 13, (n * 17) % 60), tzinfo=start.tzinfo)


def add_demo_gifts():
    """Add the gifts not recorded yet to the first event and its runners; how many were added, or None
    when there is no event (the demo campaign is not loaded)."""
    event = EventPage.objects.live().order_by("start").first()
    if event is None:
        return None
    runners = list(RunnerStoryPage.objects.live().child_of(event).order_by("path"))
    created = 0
    for n, (runner_index, cents, donor, shown_as, anonymous, message, days) in enumerate(DEMO_GIFTS):
        if runner_index is not None and runner_index >= len(runners):
            continue
        page = event if runner_index is None else runners[runner_index]
        _, was_created = Donation.objects.get_or_create(
            page=page,
            donor_name=donor,
            defaults={
                "display_name": shown_as,
                "amount_cents": cents,
                "is_anonymous": anonymous,
                "message": message,
                "source": Donation.Source.CHEQUE,
                "received_at": received_before(event.start, days, n),
            },
        )
        created += was_created
    return created
