"""Totals, the progress bar, donor list, leaderboard and tribute counts on public pages."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from donations.models import Donation
from tests.factories.donations import OfflineDonationFactory, StripeDonationFactory
from tests.factories.stories import RunnerStoryPageFactory

pytestmark = pytest.mark.django_db


def gift(page, cents, name="Jane Runner", email="jane@example.org", **extra):
    return StripeDonationFactory(page=page, amount_cents=cents, donor_name=name, donor_email=email, **extra)


def test_event_total_rolls_up_its_runners_and_runner_total_is_its_own(client, campaign):
    event, runner, other = campaign["event"], campaign["runners"][0], campaign["runners"][1]
    gift(event, 10000, email="a@x.org")
    gift(runner, 5000, email="b@x.org")
    gift(other, 2620, email="b@x.org")
    gift(runner, 9999, email="c@x.org", status=Donation.Status.REFUNDED)
    OfflineDonationFactory(page=runner, amount_cents=3000, donor_name="Cash at the expo", source="cash")

    assert client.get(f"/donations/totals/{event.pk}/").json() == {
        "raised_cents": 20620,
        "goal_cents": 2_620_000,
        "donor_count": 3,  # a@, b@ (two gifts, one donor) and the cash gift
    }
    assert client.get(f"/donations/totals/{runner.pk}/").json() == {
        "raised_cents": 8000,
        "goal_cents": 100_000,
        "donor_count": 2,
    }


def test_totals_are_only_for_live_pages_that_take_gifts(client, campaign):
    campaign["runners"][1].unpublish()

    assert client.get(f"/donations/totals/{campaign['home'].pk}/").status_code == 404
    assert client.get(f"/donations/totals/{campaign['runners'][1].pk}/").status_code == 404
    assert client.get("/donations/totals/999999/").status_code == 404


def test_progress_bar_shows_raised_goal_and_donors(client, campaign):
    runner = campaign["runner"]
    gift(runner, 25000)

    page = client.get(runner.url).content.decode()

    assert "<strong data-raised>$250</strong> raised" in page
    assert "$1,000" in page
    assert 'aria-valuenow="25"' in page


def test_anonymous_gifts_never_show_a_name_email_or_message(client, campaign):
    runner = campaign["runner"]
    gift(runner, 5000, name="Secret Person", email="secret@example.org", is_anonymous=True, message="Hidden words")
    gift(runner, 5000, name="Maria Lopez", email="maria@example.org", message="For baby Ava")

    page = client.get(runner.url).content.decode()

    assert "<strong>Anonymous</strong>" in page
    assert "Secret" not in page and "secret@example.org" not in page and "Hidden words" not in page
    assert "<strong>Maria</strong>: “For baby Ava”" in page
    assert "Lopez" not in page and "maria@example.org" not in page


def test_event_page_shows_the_runner_leaderboard(client, campaign):
    first, second = campaign["runners"]
    gift(second, 90000)
    gift(first, 1000)

    page = client.get(campaign["event"].url).content.decode()
    board = page.split("Runner leaderboard")[1]

    assert board.index("Runner1 Name") < board.index("Runner0 Name")
    assert "$900 of $1,000" in board


def test_tribute_shows_the_number_of_gifts_and_the_amount_only_if_the_family_chose_to(client, campaign):
    tribute = campaign["tribute"]
    gift(tribute, 5000)
    gift(tribute, 2500, email="b@x.org")

    page = client.get(tribute.url).content.decode()
    assert "2 gifts made in honour of Ava." in page
    assert "$75" not in page
    assert client.get(f"/donations/totals/{tribute.pk}/").json()["raised_cents"] is None

    tribute.show_amount_raised = True
    tribute.save_revision().publish()
    page = client.get(tribute.url).content.decode()
    assert "2 gifts made in honour of Ava: $75 raised." in page
    assert client.get(f"/donations/totals/{tribute.pk}/").json()["raised_cents"] == 7500


def count_queries(client, url):
    client.get(url)  # warm Wagtail's per-site caches, which any page save clears
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_query_counts_stay_flat_with_the_number_of_gifts_and_runners(client, campaign):
    event, runner = campaign["event"], campaign["runner"]
    gift(runner, 1000)
    before = {url: count_queries(client, url) for url in (event.url, runner.url, campaign["tribute"].url)}

    for n in range(4):
        RunnerStoryPageFactory(parent=event, runner_name=f"More {n}")
    for n in range(30):
        gift(runner, 1000 + n, email=f"d{n}@x.org", message=f"Message {n}")
        gift(campaign["tribute"], 500 + n, email=f"t{n}@x.org")
    after = {url: count_queries(client, url) for url in before}

    assert after == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_gift_shows_on_the_next_view_of_a_cached_page(client):
    from tests.support.sites import build_campaign

    campaign = build_campaign()
    runner = campaign["runner"]
    gift(runner, 10000, name="Ada Lovelace", email="ada@example.org")
    first = client.get(runner.url).content.decode()
    assert "<strong data-raised>$100</strong> raised" in first

    # The webhook commits a second gift: the page, cached since the first view, shows it at once.
    gift(runner, 5000, name="Grace Hopper", email="grace@example.org")
    second = client.get(runner.url).content.decode()
    assert "<strong data-raised>$150</strong> raised" in second
    assert "Grace" in second


def totals_json(client, page):
    with CaptureQueriesContext(connection) as queries:
        data = client.get(f"/donations/totals/{page.pk}/").json()
    return data, len(queries)


def committed_gift(commit, page, cents, email):
    with commit(execute=True):  # the webhook's transaction commits: the page's figures move
        gift(page, cents, email=email)


def test_a_stream_of_gifts_counts_a_busy_pages_totals_at_most_once_in_the_hold(
    client, campaign, django_capture_on_commit_callbacks
):
    from donations.views import TOTALS_HOLD_SECONDS

    runner = campaign["runner"]
    assert totals_json(client, runner)[0]["raised_cents"] == 0
    # A gift on a calm page shows at the next poll, and so does the next one.
    committed_gift(django_capture_on_commit_callbacks, runner, 1000, "a@x.org")
    assert totals_json(client, runner)[0]["raised_cents"] == 1000
    committed_gift(django_capture_on_commit_callbacks, runner, 2000, "b@x.org")
    assert totals_json(client, runner)[0]["raised_cents"] == 3000

    # Gifts keep coming: the page is busy, its totals are not counted again for a moment.
    committed_gift(django_capture_on_commit_callbacks, runner, 4000, "c@x.org")
    data, queries = totals_json(client, runner)
    assert (data["raised_cents"], data["donor_count"], queries) == (3000, 2, 0)

    time.sleep(TOTALS_HOLD_SECONDS + 0.05)
    data, queries = totals_json(client, runner)
    assert (data["raised_cents"], data["donor_count"]) == (7000, 3)
    assert queries > 0


def test_a_familys_choice_to_hide_the_amount_shows_at_once_even_on_a_busy_page(
    client, campaign, django_capture_on_commit_callbacks
):
    tribute = campaign["tribute"]
    tribute.show_amount_raised = True
    with django_capture_on_commit_callbacks(execute=True):
        tribute.save_revision().publish()
    for n, cents in enumerate((1000, 2000, 4000)):
        committed_gift(django_capture_on_commit_callbacks, tribute, cents, f"g{n}@x.org")
        client.get(f"/donations/totals/{tribute.pk}/")
    committed_gift(django_capture_on_commit_callbacks, tribute, 8000, "g3@x.org")
    assert totals_json(client, tribute)[0]["raised_cents"] == 7000  # held: counted a moment ago

    tribute.show_amount_raised = False
    with django_capture_on_commit_callbacks(execute=True):
        tribute.save_revision().publish()
    data, _ = totals_json(client, tribute)
    assert (data["raised_cents"], data["donor_count"]) == (None, 4)
