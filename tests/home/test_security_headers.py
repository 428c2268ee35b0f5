"""Security headers on every response, and addresses an attacker makes up."""

from bs4 import BeautifulSoup
from django.test import override_settings

from events.models import EventPage
from stories.models import TributePage
from tests.support.databases import DemoCampaignTestCase


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class SecurityHeaderTests(DemoCampaignTestCase):
    def test_every_page_type_has_a_strict_content_security_policy_and_a_permissions_policy(self):
        event = EventPage.objects.get(slug="cim-2018")
        addresses = ["/", "/events/", event.url, "/stories/", "/tributes/", "/tributes/share/", "/search/?q=nec"]
        addresses += ["/no-such-page/", f"/donations/totals/{event.pk}/"]
        for address in addresses:
            response = self.client.get(address)
            assert response.status_code in {200, 404}, address
            csp = policy(response)
            assert csp["frame-ancestors"] == ["'none'"], address
            assert csp["object-src"] == ["'none'"], address
            assert csp["base-uri"] == ["'self'"], address
            assert "'unsafe-inline'" not in csp["script-src"], address
            assert "'unsafe-eval'" not in csp["script-src"], address
            permissions = response.headers["Permissions-Policy"]
            for feature in ("camera=()", "microphone=()", "geolocation=()"):
                assert feature in permissions, address

    def test_stripe_is_allowed_only_on_pages_with_the_donation_form(self):
        event = EventPage.objects.get(slug="cim-2018")
        tribute = TributePage.objects.live().first()
        for address in (event.url, tribute.url):
            csp = policy(self.client.get(address))
            assert "https://js.stripe.com" in csp["script-src"], address
            assert "https://api.stripe.com" in csp["connect-src"], address
            assert "https://js.stripe.com" in csp["frame-src"], address
        for address in ("/", "/tributes/share/", "/search/?q=nec"):
            header = self.client.get(address).headers["Content-Security-Policy"]
            assert "stripe" not in header, address

    @override_settings(STRIPE_API_BASE="http://127.0.0.1:8420")
    def test_localstripe_host_is_allowed_instead_of_stripe_in_development(self):
        csp = policy(self.client.get(EventPage.objects.get(slug="cim-2018").url))
        assert "http://127.0.0.1:8420" in csp["script-src"]
        assert "http://127.0.0.1:8420" in csp["connect-src"]
        assert "https://js.stripe.com" not in csp["script-src"]

    def test_the_event_pages_json_ld_is_a_data_block_and_the_policy_names_no_nonce(self):
        # A page kept for every reader must not carry one reader's nonce; JSON-LD is data, not script,
        # so the policy does not govern it and it needs none.
        response = self.client.get(EventPage.objects.get(slug="cim-2018").url)
        script = BeautifulSoup(response.content, "html.parser").select_one('script[type="application/ld+json"]')
        assert '"@type": "Event"' in script.string or '"@type":"Event"' in script.string
        assert not script.has_attr("nonce")
        assert not [source for source in policy(response)["script-src"] if source.startswith("'nonce-")]

    def test_the_admin_preview_may_be_framed_by_the_admin_only(self):
        from django.contrib.auth import get_user_model

        editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-for-tests")
        self.client.force_login(editor)
        event = EventPage.objects.get(slug="cim-2018")
        response = self.client.get(f"/admin/pages/{event.pk}/edit/preview/?mode=")
        assert response.status_code == 200
        assert policy(response)["frame-ancestors"] == ["'self'"]


class NulByteTests(DemoCampaignTestCase):
    def test_a_nul_byte_in_an_address_answers_400_not_500(self):
        for address in ("/search/?q=%00", "/events/%00/", "/tributes/your-tribute/%00/", "/stories/?event=%00"):
            response = self.client.get(address)
            assert response.status_code in {400, 404}, address
