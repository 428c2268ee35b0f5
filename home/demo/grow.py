"""Grow the demo campaign N times over (`manage.py grow_demo_campaign --times 10`: 80 runners, 260 tributes,
5,000 gifts), to see how pages behave on race day. Run after `load_demo_content` (and `load_demo_gifts`);
running it again tops the campaign up to the size asked for, nothing more. `make bench` uses it (the
query-budget tests grow their own campaign, in tests/events/test_query_counts.py).
"""

import datetime
import itertools
import random

from django.db import transaction
from wagtail.models import Page

from donations.models import Donation, rollup_page_id
from donations.recognition import gifts_changed
from events.models import EventPage
from home.demo.campaign import demo_image, paragraph
from stories.models import RunnerStoryPage, TributeIndexPage, TributePage, TributePhoto

DEMO_TEAM, DEMO_TRIBUTES, DEMO_GIFTS = 8, 26, 500
SIX_WEEKS_IN_MINUTES = 6 * 7 * 24 * 60


def grow_campaign(times):
    """Top the demo campaign up to `times` its size, in one transaction: (runners, tributes, gifts) after."""
    event = EventPage.objects.get(slug="cim-2018")
    index = TributeIndexPage.objects.get()
    with transaction.atomic():
        runners = grow_team(event, DEMO_TEAM * times)
        tributes = grow_tributes(index, DEMO_TRIBUTES * times)
        gifts = grow_gifts(event, DEMO_GIFTS * times)
    return runners, tributes, gifts


def grow_team(event, size):
    team = RunnerStoryPage.objects.child_of(event)
    for n in range(team.count(), size):
        page = RunnerStoryPage(
            slug=f"runner-{n}",
            title=f"Runner {n}: why I run",
            runner_name=f"Runner {n}",
            goal_cents=100_000 + 2_620 * (n % 10),
            photo=demo_image(f"Grown runner {n}", "runner", n, (400, 400)),
            summary="Runs CIM for the babies we remember.",
            story=[paragraph("I run because no family should learn the word NEC in a NICU.")],
        )
        event.add_child(instance=page)
        page.save_revision().publish()
    return team.count()


def grow_tributes(index, size):
    tributes = TributePage.objects.child_of(index)
    for n in range(tributes.count(), size):
        page = TributePage(
            slug=f"baby-{n}",
            title=f"Baby {n}",
            baby_name=f"Baby {n}",
            summary="Remembered by a family who shares their story.",
            is_listed=n % 7 != 3,
            show_amount_raised=n % 2 == 0,
            family_message="Thank you for running for our baby.",
            story=[paragraph("Born early, our baby fought hard in the NICU.")],
            photos=[TributePhoto(image=demo_image(f"Grown baby {n}", "tribute", n, (400, 400)))],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return tributes.count()


def grow_gifts(event, size):
    missing = size - Donation.objects.count()
    if missing > 0:
        rng = random.Random(size)  # noqa: S311 (demo figures, the same on every run)
        runners = list(RunnerStoryPage.objects.child_of(event).values_list("pk", flat=True))
        tributes = list(TributePage.objects.values_list("pk", flat=True))
        # Most gifts go to runners, some to the event, some to tributes.
        targets = itertools.cycle([*runners, event.pk, event.pk])
        gifts = []
        for n in range(missing):
            page_id = rng.choice(tributes) if n % 5 == 4 else next(targets)
            gifts.append(
                Donation(
                    page_id=page_id,
                    amount_cents=rng.choice([1000, 2620, 5000, 10000, 26200]),
                    donor_name=f"Donor {n}",
                    donor_email=f"donor{n}@example.org",
                    is_anonymous=n % 6 == 0,
                    message="Go team!" if n % 3 == 0 else "",
                    source=Donation.Source.CHEQUE,
                    # Spread over the six weeks before race day, as the demo's own gifts are.
                    received_at=event.start - datetime.timedelta(minutes=1 + (n * 7919) % SIX_WEEKS_IN_MINUTES),
                )
            )
        # bulk_create calls no save(): each gift's rollup (a runner's gift also counts toward the event) is
        # set here by the same rule Donation.save applies, asked once of each page given to.
        rollups = {
            page.pk: rollup_page_id(page)
            for page in Page.objects.filter(pk__in={gift.page_id for gift in gifts}).specific(defer=True)
        }
        for gift in gifts:
            gift.rollup_page_id = rollups[gift.page_id]
        Donation.objects.bulk_create(gifts, batch_size=1000)
        # Nor does it send a signal: refresh the figures as a saved gift does (after the commit).
        gifts_changed(sender=Donation, page_ids={*rollups, *filter(None, rollups.values())})
    return Donation.objects.count()
