"""The stories app's own addresses, outside the page tree (under /runners/): each part's that has any.
Only the runners have: the tributes' addresses are routes of their pages (`stories/tributes/pages.py`)."""

from django.urls import include, path

from .runners import urls as runner_urls

urlpatterns = [path("", include(runner_urls))]
