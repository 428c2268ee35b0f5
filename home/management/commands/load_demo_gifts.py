"""A few demo gifts so that the demo campaign's progress bars, donor lists and leaderboard are not empty.

They are recorded as offline gifts (cheques and cash), since no money moved at Stripe. Idempotent.
"""

from django.core.management.base import BaseCommand

from donations.models import Donation
from events.models import EventPage
from stories.models import RunnerStoryPage

DEMO_GIFTS = [
    # (index of the runner on the CIM 2018 team or None for the event, cents, donor, name shown (empty:
    # first name), anonymous, message)
    (
        None,
        50000,
        "Northern California NICU Nurses",
        "Northern California NICU Nurses",
        False,
        "For every baby we cared for.",
    ),
    (0, 26200, "Lucy Tran", "", False, "One dollar for every hundredth of a mile!"),
    (0, 10000, "Sam Ortiz", "", True, ""),
    (1, 5000, "Priya Patel", "", False, "Run strong, we are cheering for you."),
    (2, 2620, "Dana Kim", "", False, ""),
    (3, 100000, "The Hansen family", "The Hansen family", False, "In memory of our grandson."),
]


class Command(BaseCommand):
    help = "Add a few offline demo gifts to the demo campaign (run after load_demo_content)."

    def handle(self, *args, **options):
        event = EventPage.objects.live().order_by("start").first()
        if event is None:
            self.stderr.write("No event: run load_demo_content first.")
            return
        runners = list(RunnerStoryPage.objects.live().child_of(event).order_by("path"))
        created = 0
        for runner_index, cents, donor, shown_as, anonymous, message in DEMO_GIFTS:
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
                },
            )
            created += was_created
        self.stdout.write(f"{created} demo gifts added.")
