from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from home.views import server_error
from tests.factories.home import campaign_site


@pytest.mark.django_db
def test_unknown_address_shows_the_friendly_404_page(client):
    campaign_site()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We couldn't find that page" in response.content
    assert b"Skip to main content" in response.content


def test_500_page_renders_without_the_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.django_db
def test_site_search_bounds_the_query_and_paginates(demo_site, client):
    response = client.get("/search/", {"q": "marathon " * 40, "page": "not-a-number"})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= 100

    # A page number that is not one shows the first page rather than an error.
    results = client.get("/search/", {"q": "marathon", "page": "not-a-number"}).context["search_results"]
    assert results.number == 1
    assert "California International Marathon 2018" in [result.title for result in results]
    beyond = client.get("/search/", {"q": "marathon", "page": "999"}).context["search_results"]
    assert beyond.number == beyond.paginator.num_pages


@pytest.mark.django_db
def test_search_pages_keep_a_query_with_an_ampersand(demo_site, client):
    query = "NEC & baby"
    response = client.get("/search/", {"q": query})
    next_link = BeautifulSoup(response.content, "html.parser").select_one(".pagination a[rel=next]")
    assert next_link is not None, "the demo has more than one page of results for this query"
    assert parse_qs(urlsplit(next_link["href"]).query) == {"q": [query], "page": ["2"]}
