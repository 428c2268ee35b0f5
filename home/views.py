import logging
import sys

import redis
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from wagtail.models import Page

from core.site_url import absolute_url
from stories.models import TributePage

logger = logging.getLogger(__name__)

SEARCH_QUERY_MAX_LENGTH = 100
# While PostgreSQL or Redis cannot be reached: browsers and Stripe's webhook retries come back later.
RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    if query:
        results = searchable_pages().search(query)
    page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})


def searchable_pages():
    """Live, public pages, without the tributes a family chose to keep unlisted."""
    unlisted = list(TributePage.objects.filter(is_listed=False).values_list("pk", flat=True))
    return Page.objects.live().public().exclude(pk__in=unlisted).specific()


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page's <link rel="icon"> says. The
    redirect is temporary: its target is a hashed static name that changes with the icon, and a browser
    keeps a permanent redirect for good."""
    return HttpResponseRedirect(static("images/favicon-32.png"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the error may be the database the context needs.
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def service_unavailable(request):
    """The database (or the shared cache) cannot be reached: a calm page, and when to come back.

    Stripe retries a webhook answered 503, so no gift is lost while the database is away.
    """
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
