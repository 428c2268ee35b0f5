"""The runners in the admin: their page types' icons, the flat listing of runners (in the "Campaign" menu,
see `stories/wagtail_hooks.py`), the read-only list of sign-ups for the moderators, and the event page's
"Run for the NEC Society" button."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.permissions import register_permission_policy

from core.admin_columns import Column, page_listing_columns

from ..common.moderators import ModeratorsMayViewPolicy
from .models import RunnerSignup, RunnerStoryPage, StoryIndexPage


@hooks.register("register_admin_viewset")
def register_runner_page_types():
    # Wagtail shows a page type's icon through the type's viewset.
    return [
        PageViewSet("story_index_page_type", model=StoryIndexPage, icon="group"),
        PageViewSet("runner_story_page_type", model=RunnerStoryPage, icon="user"),
    ]


class RunnerStoryListingViewSet(PageListingViewSet):
    icon = "user"
    menu_label = "Runners"
    model = RunnerStoryPage
    columns = page_listing_columns(
        Column("runner_name", label="Runner", sort_key="runner_name"),
        Column("goal", label="Goal", accessor="goal_display"),
    )


@hooks.register("event_team_signup_url")
def event_team_signup_url(event):
    # The event page's "Run for the NEC Society" button leads to the runners' sign-up form, while it is open.
    return reverse("runner_signup", args=[event.pk]) if event.runner_signup_is_open() else ""


register_permission_policy(RunnerSignup, ModeratorsMayViewPolicy(RunnerSignup))


class RunnerSignupIndexView(IndexView):
    def get_base_queryset(self):
        # The event column: one query for the page of rows, not one per row.
        return super().get_base_queryset().select_related("event")


class RunnerSignupViewSet(ModelViewSet):
    """Runners who joined from the site: read-only, for the moderators (their email is admin only)."""

    model = RunnerSignup
    index_view_class = RunnerSignupIndexView
    icon = "user"
    menu_label = "Runner sign-ups"
    menu_order = 251
    add_to_admin_menu = True
    inspect_view_enabled = True
    form_fields = []
    list_display = ["runner_name", "event", "email", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["runner_name", "email"]
    inspect_view_fields = [
        "runner_name",
        "runner",
        "event",
        "email",
        "status",
        "why_i_run",
        "consent_publication_at",
        "moderator_comment",
        "submitted_at",
        "published_at",
    ]


@hooks.register("register_admin_viewset")
def register_runner_signups():
    return RunnerSignupViewSet("runner_signups")
