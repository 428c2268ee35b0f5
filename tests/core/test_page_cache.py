"""The page cache for anonymous readers (core/pagecache.py): a repeated visit costs no query, each kind
of change shows on the next visit, and what is personal (a CSRF token, a session, the admin) is never kept.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import OrganisationSettings
from core.pagecache import PAGE_CACHE_ALIAS, FetchFromPageCacheMiddleware, UpdatePageCacheMiddleware
from core.security import ContentSecurityPolicyMiddleware
from donations.models import Donation
from donations.templatetags.donation_tags import dollars
from events.models import EventIndexPage, EventPage
from stories.models import PressIndexPage, RunnerStoryPage, TributeIndexPage, TributePage, TributeSubmission
from stories.tributes import flow as tribute_flow
from tests.factories.stories import RunnerStoryPageFactory
from tests.support.databases import DemoCampaignTestCase

CDN_HEADER = "public, max-age=0, s-maxage=60"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


class PageCacheTests(DemoCampaignTestCase):
    def urls(self):
        cim = EventPage.objects.get(slug="cim-2018")
        return {
            "home": "/",
            "event index": EventIndexPage.objects.get().url,
            "event": cim.url,
            "event team": cim.url + "team/",
            "runner": RunnerStoryPage.objects.live().first().url,
            "tribute index": TributeIndexPage.objects.get().url,
            "tribute": cim.miles.get(mile=1).tribute.url,
            # The demo's listings have one page each (a page past the end is never kept: see below).
            "tribute index page 1": TributeIndexPage.objects.get().url + "?page=1",
        }

    def test_a_repeated_anonymous_visit_costs_no_query_and_tells_a_cdn_it_may_keep_the_page(self):
        for name, url in self.urls().items():
            first, response = queries_for(self.client, url)
            assert first > 0, name
            again, kept = queries_for(self.client, url)
            assert again == 0, (name, again)
            assert kept.content == response.content, name
            assert kept["Cache-Control"] == CDN_HEADER, name
            assert "Cookie" not in kept.get("Vary", ""), name
            assert not kept.cookies, name
            # Answered before sessions, CSRF and the rest run, a kept page still carries every header
            # the site sends, as it was kept with them.
            for header in SECURITY_HEADERS:
                assert kept.get(header) and kept[header] == response[header], (name, header)
            # A kept page is served to everyone: it names no one reader's script nonce.
            assert "'nonce-" not in kept["Content-Security-Policy"], name

    def test_a_page_held_by_a_worker_goes_when_its_time_in_the_cache_is_up(self):
        tribute = EventPage.objects.get(slug="cim-2018").miles.get(mile=1).tribute.url
        queries_for(self.client, tribute)
        for _ in range(2):  # from the shared copy, then held by this worker too
            again, _ = queries_for(self.client, tribute)
            assert again == 0
        with time_machine.travel(time.time() + settings.PAGE_CACHE_SECONDS + 1, tick=False):
            later, response = queries_for(self.client, tribute)
        # Neither the shared copy nor the worker's is older than PAGE_CACHE_SECONDS: rendered again.
        assert later > 0 and response["Cache-Control"] == CDN_HEADER

    def test_a_query_string_other_than_a_page_number_is_served_fresh_and_never_kept(self):
        page = EventPage.objects.get(slug="cim-2018").miles.get(mile=1).tribute
        tribute = page.url
        kept_before = len(caches[PAGE_CACHE_ALIAS]._cache)
        for query in ("?fbclid=IwAR0abc123", "?utm_source=facebook&utm_medium=social", "?gclid=x1", "?x=8f3a1"):
            first, response = queries_for(self.client, tribute + query)
            again, fresh = queries_for(self.client, tribute + query)
            assert first > 0 and again > 0, query
            assert "public" not in fresh.get("Cache-Control", ""), query
            assert page.baby_name in response.content.decode() and page.baby_name in fresh.content.decode(), query
        # Nothing was stored for them: a made-up query string per request cannot grow the cache.
        assert len(caches[PAGE_CACHE_ALIAS]._cache) == kept_before
        # A listing's page number is kept, as is the plain address.
        for url in (tribute, TributeIndexPage.objects.get().url + "?page=1"):
            queries_for(self.client, url)
            again, kept = queries_for(self.client, url)
            assert again == 0 and kept["Cache-Control"] == CDN_HEADER, url

    def test_a_page_that_used_the_requests_script_nonce_is_never_kept(self):
        def page_with_an_inline_script(request):
            return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

        stack = UpdatePageCacheMiddleware(
            ContentSecurityPolicyMiddleware(FetchFromPageCacheMiddleware(page_with_an_inline_script))
        )
        answers = [stack(RequestFactory().get("/a-page-with-a-script/")) for _ in range(2)]
        # Each reader had a page of their own, with its own nonce: the first was not kept for the second.
        assert answers[0].content != answers[1].content
        assert all("public" not in answer.get("Cache-Control", "") for answer in answers)

    def test_pages_with_a_donation_form_carry_no_csrf_token_and_the_form_fetches_one(self):
        cim = EventPage.objects.get(slug="cim-2018")
        html = self.client.get(cim.url).content.decode()
        assert 'name="csrfmiddlewaretoken" value=""' in html
        assert 'name="submission_id" value=""' in html
        browser = Client(enforce_csrf_checks=True)
        answer = browser.get("/donations/form-token/")
        assert answer["Cache-Control"] == "private, no-store"
        token = answer.json()["csrf_token"]
        refused = browser.post("/donations/start/", {"amount": "0"})
        accepted = browser.post("/donations/start/", {"amount": "0", "csrfmiddlewaretoken": token})
        assert refused.status_code == 403
        assert accepted.status_code == 400  # past the CSRF check, to the form's own errors

    def test_the_tribute_form_a_logged_in_editor_and_posts_are_never_kept(self):
        share = TributeIndexPage.objects.get().url + "share/"
        queries_for(self.client, share)
        again, response = queries_for(self.client, share)
        assert again > 0 and response.cookies.get("csrftoken")
        assert "public" not in response.get("Cache-Control", "")

        editor = Client()
        editor.force_login(get_user_model().objects.create_superuser("editor", "e@example.org", "x"))
        queries_for(editor, "/")
        again, response = queries_for(editor, "/")
        assert again > 0 and "public" not in response.get("Cache-Control", "")
        # An anonymous reader afterwards is not served the editor's page (with its user bar).
        assert b"wagtail-userbar" not in self.client.get("/").content

    def test_each_kind_of_change_shows_on_the_next_visit(self):
        cim = EventPage.objects.get(slug="cim-2018")
        upcoming = EventPage.objects.get(slug="cim-next")
        index = TributeIndexPage.objects.get()
        read = lambda url: self.client.get(url).content.decode()  # noqa: E731

        # Published.
        assert "Aaron Added" not in read(cim.url)
        runner = RunnerStoryPageFactory(parent=cim, runner_name="Aaron Added")
        assert "Aaron Added" in read(cim.url)
        # Moved.
        assert "Aaron Added" not in read(upcoming.url)
        runner.move(upcoming, pos="last-child")
        assert "Aaron Added" in read(upcoming.url) and "Aaron Added" not in read(cim.url)
        # Unpublished.
        RunnerStoryPage.objects.get(pk=runner.pk).unpublish()
        assert "Aaron Added" not in read(upcoming.url)
        # Deleted.
        tribute = TributePage.objects.live().filter(is_listed=True).order_by("baby_name").first()
        assert tribute.baby_name in read(index.url)
        TributePage.objects.get(pk=tribute.pk).delete()
        assert tribute.baby_name not in read(index.url)
        # Withdrawn by the family.
        tribute = TributePage.objects.live().filter(is_listed=True).order_by("baby_name").first()
        now = timezone.now()
        submission = TributeSubmission.objects.create(
            tribute=tribute,
            baby_name=tribute.baby_name,
            submitter_name="A parent",
            submitter_email="parent@example.org",
            relationship="Parent",
            consent_guardian_at=now,
            consent_publication_at=now,
        )
        assert tribute.baby_name in read(index.url)
        tribute_url = tribute.url
        tribute_flow.withdraw(submission)
        assert tribute.baby_name not in read(index.url)
        assert self.client.get(tribute_url).status_code == 410
        # A new gift (the ledger moves the figures' version once the gift is committed).
        assert "Gracious words" not in read(cim.url)
        with self.captureOnCommitCallbacks(execute=True):
            Donation.objects.create(page=cim, amount_cents=4321, donor_name="Grace Giver", message="Gracious words")
        assert "<strong>Grace</strong>: “Gracious words”" in read(cim.url)
        # The organisation's settings (the footer of every page).
        organisation = OrganisationSettings.load()
        organisation.contact_email = "race-day@example.org"
        organisation.save()
        assert "race-day@example.org" in read(cim.url)

    def test_a_gift_to_one_runner_leaves_a_tribute_and_the_press_index_kept_and_moves_its_events_figure(self):
        cim = EventPage.objects.get(slug="cim-2018")
        runner = RunnerStoryPage.objects.live().child_of(cim).order_by("path").first()
        tribute = cim.miles.get(mile=1).tribute
        press = PressIndexPage.objects.get()
        for url in (cim.url, runner.url, tribute.url, press.url):
            queries_for(self.client, url)
        raised_before = self.client.get(f"/donations/totals/{cim.pk}/").json()["raised_cents"]
        with self.captureOnCommitCallbacks(execute=True):
            Donation.objects.create(page=runner, amount_cents=262_000, donor_name="Grace Giver", message="Run on")

        # Pages that do not show the gift stay kept: their next visit costs no query.
        for url in (tribute.url, press.url):
            again, kept = queries_for(self.client, url)
            assert again == 0 and kept["Cache-Control"] == CDN_HEADER, url
        # The runner's event shows the new figure at once, in its page and its totals.
        raised_after = self.client.get(f"/donations/totals/{cim.pk}/").json()["raised_cents"]
        assert raised_after == raised_before + 262_000
        event_html = self.client.get(cim.url).content.decode()
        assert f"<strong data-raised>{dollars(raised_after)}</strong>" in event_html
        assert "<strong>Grace</strong>: “Run on”" in self.client.get(runner.url).content.decode()

    def test_a_gift_an_editor_moves_to_another_runner_leaves_the_first_runners_figures_at_once(self):
        cim = EventPage.objects.get(slug="cim-2018")
        first, second = RunnerStoryPage.objects.live().child_of(cim).order_by("path")[:2]
        with self.captureOnCommitCallbacks(execute=True):
            gift = Donation.objects.create(page=first, amount_cents=123_400, donor_name="Moved Giver")
        totals = {runner.pk: self.client.get(f"/donations/totals/{runner.pk}/").json() for runner in (first, second)}
        queries_for(self.client, first.url)

        gift = Donation.objects.get(pk=gift.pk)  # as the admin loads it
        gift.page = second
        with self.captureOnCommitCallbacks(execute=True):
            gift.save()

        assert self.client.get(f"/donations/totals/{first.pk}/").json()["raised_cents"] == (
            totals[first.pk]["raised_cents"] - 123_400
        )
        assert self.client.get(f"/donations/totals/{second.pk}/").json()["raised_cents"] == (
            totals[second.pk]["raised_cents"] + 123_400
        )
        assert "Moved Giver" not in self.client.get(first.url).content.decode()

    def test_a_page_number_past_the_end_or_on_a_page_that_is_no_listing_is_answered_but_never_kept(self):
        cim = EventPage.objects.get(slug="cim-2018")
        tribute = cim.miles.get(mile=1).tribute
        kept_before = len(caches[PAGE_CACHE_ALIAS]._cache)
        index = TributeIndexPage.objects.get()
        for url in (cim.url + "team/?page=999", index.url + "?page=999", tribute.url + "?page=2"):
            first, response = queries_for(self.client, url)
            again, fresh = queries_for(self.client, url)
            assert first > 0 and again > 0, url
            assert "public" not in fresh.get("Cache-Control", ""), url
        assert len(caches[PAGE_CACHE_ALIAS]._cache) == kept_before
        # The team's real first page is kept.
        queries_for(self.client, cim.url + "team/?page=1")
        again, kept = queries_for(self.client, cim.url + "team/?page=1")
        assert again == 0 and kept["Cache-Control"] == CDN_HEADER


def test_a_reader_who_waited_for_a_render_is_answered_with_it_not_a_render_of_their_own():
    """The lock on a page's render holds until the page is kept: on a busy machine the headers added on
    the way out (security, CSP) take a moment, and a reader who waited must find the page, not render it."""
    renders = []
    on_the_way_out = threading.Event()

    def event_page(request):
        renders.append(request)
        return HttpResponse("<h1>California International Marathon</h1>")

    def headers_on_a_busy_machine(get_response):
        def middleware(request):
            response = get_response(request)
            if len(renders) == 1 and not on_the_way_out.is_set():
                on_the_way_out.set()
                time.sleep(0.3)
            return response

        return middleware

    stack = UpdatePageCacheMiddleware(headers_on_a_busy_machine(FetchFromPageCacheMiddleware(event_page)))
    caches[PAGE_CACHE_ALIAS].clear()
    try:
        with ThreadPoolExecutor(max_workers=1) as first_reader:
            first = first_reader.submit(stack, RequestFactory().get("/events/cim/"))
            assert on_the_way_out.wait(5)
            second = stack(RequestFactory().get("/events/cim/"))  # arrives while the first is on its way out
            assert first.result().content == second.content
        assert len(renders) == 1
        assert second["Cache-Control"] == CDN_HEADER
    finally:
        caches[PAGE_CACHE_ALIAS].clear()
