"""Security headers and requests refused at the door.

The Content-Security-Policy is CONTENT_SECURITY_POLICY (settings) on every response. A template
tag that puts a third party on the page (the donation form: Stripe) names its hosts with
`allow_sources(request, ...)` while the page renders, so they are allowed on that page alone.
"""

import logging

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# The staff's side: Wagtail's and Django's admin. Its own limits apply to uploads, and its policy
# differs where Wagtail needs it (CONTENT_SECURITY_POLICY_ADMIN).
STAFF_PREFIXES = ("/admin/", "/django-admin/")


def allow_sources(request, **directives):
    """Add sources to this response's policy, e.g. allow_sources(request, script_src=["https://js.stripe.com"])."""
    if request is None:
        return
    additions = request.__dict__.setdefault("_csp_additions", {})
    for name, sources in directives.items():
        listed = additions.setdefault(name.replace("_", "-"), [])
        listed.extend(source for source in sources if source not in listed)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the sources a page's templates asked for (allow_sources)."""

    def process_response(self, request, response):
        if HEADER in response and (
            HEADER_REPORT_ONLY in response or not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        ):
            # A kept page (core/pagecache.py) carries the policy it was given when it was rendered: it is
            # not built again for every reader.
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        additions = getattr(request, "_csp_additions", None)
        if additions:
            update = {name: list(sources) for name, sources in (parts.update or {}).items()}
            for name, sources in additions.items():
                update.setdefault(name, []).extend(sources)
            parts.update = update
        if request.path_info.startswith(STAFF_PREFIXES):
            parts.replace = {**(parts.replace or {}), **settings.CONTENT_SECURITY_POLICY_ADMIN}
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            # A view made to be framed by the site itself (Wagtail's preview beside the editor).
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


class RefuseNulBytesMiddleware:
    """A NUL byte has no place in an address, and PostgreSQL refuses it in a query: answer 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            # Handled by Django as a bad request (400), logged on the django.security logger.
            raise SuspiciousOperation("A NUL byte in the request's address.")
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse a public request whose declared body is larger than any public form can take (413).

    It runs before the CSRF check, which would otherwise read and store the whole body. The admin,
    whose editors upload images and documents, is left to its own limits.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.PUBLIC_REQUEST_MAX_BYTES and not request.path_info.startswith(STAFF_PREFIXES):
            logger.warning("Refused a %d-byte request to %s", declared, request.path_info)
            return HttpResponse(loader.get_template("413.html").render(), status=413)
        return self.get_response(request)
