"""Admin for stories: flat listings of runners, tributes and press with the columns editors look for,
and a read-only list of family tribute submissions for the moderators.

Submitter details are shown only in that list and in the tribute's edit view; nothing there is
editable, because the family's record must say what they sent and agreed to.
"""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin_columns import BooleanColumn, Column, DateColumn, page_listing_columns

from .course_panels import event_page_panels
from .guestbook_admin import (
    GuestbookMessageViewSet,
    GuestbookPermissionPolicy,
    WaitingGuestbookMessagesSummaryItem,
)
from .models import (
    GuestbookMessage,
    PressCoveragePage,
    PressIndexPage,
    RunnerSignup,
    RunnerStoryPage,
    StoryIndexPage,
    TributeIndexPage,
    TributePage,
    TributeSubmission,
)
from .moderation import may_review_tributes

# The mile dedications and families' mile requests, in the event page's edit form.
hooks.register("event_page_panels", event_page_panels)


@hooks.register("register_admin_viewset")
def register_story_page_types():
    # Wagtail shows a page type's icon through the type's viewset.
    return [
        PageViewSet("story_index_page_type", model=StoryIndexPage, icon="group"),
        PageViewSet("runner_story_page_type", model=RunnerStoryPage, icon="user"),
        PageViewSet("tribute_index_page_type", model=TributeIndexPage, icon="folder-open-inverse"),
        PageViewSet("tribute_page_type", model=TributePage, icon="pick"),
        PageViewSet("press_index_page_type", model=PressIndexPage, icon="globe"),
        PageViewSet("press_coverage_page_type", model=PressCoveragePage, icon="link-external"),
    ]


class RunnerStoryListingViewSet(PageListingViewSet):
    icon = "user"
    menu_label = "Runners"
    model = RunnerStoryPage
    columns = page_listing_columns(
        Column("runner_name", label="Runner", sort_key="runner_name"),
        Column("goal", label="Goal", accessor="goal_display"),
    )


class TributeListingViewSet(PageListingViewSet):
    icon = "pick"
    menu_label = "Tributes"
    model = TributePage
    columns = page_listing_columns(
        Column("baby_name", label="Baby's name", sort_key="baby_name"),
        BooleanColumn("is_listed", label="Listed", sort_key="is_listed"),
        DateColumn("latest_revision_created_at", label="Updated", sort_key="latest_revision_created_at"),
    )


class PressCoverageListingViewSet(PageListingViewSet):
    icon = "doc-full"
    menu_label = "Press"
    model = PressCoveragePage
    columns = page_listing_columns(
        Column("outlet", label="Outlet", sort_key="outlet"),
        Column("kind", label="Kind", accessor="get_kind_display"),
        DateColumn("published", label="Published", sort_key="published"),
    )


class CampaignViewSetGroup(ViewSetGroup):
    menu_label = "Campaign"
    menu_icon = "group"
    menu_order = 220
    items = (
        RunnerStoryListingViewSet("runner_stories"),
        TributeListingViewSet("tributes"),
        PressCoverageListingViewSet("press_coverage"),
    )


@hooks.register("register_admin_viewset")
def register_campaign_listings():
    return CampaignViewSetGroup()


class ModeratorsMayViewPolicy(ModelPermissionPolicy):
    def _may_view(self, user):
        return may_review_tributes(user)

    def user_has_permission(self, user, action):
        return action == "view" and self._may_view(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self._may_view(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


register_permission_policy(TributeSubmission, ModeratorsMayViewPolicy(TributeSubmission))


class TributeSubmissionViewSet(ModelViewSet):
    model = TributeSubmission
    icon = "user"
    menu_label = "Tribute submissions"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    form_fields = []
    list_display = ["baby_name", "submitter_name", "submitter_email", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["baby_name", "submitter_name", "submitter_email"]
    inspect_view_fields = [
        "baby_name",
        "tribute",
        "status",
        "submitter_name",
        "submitter_email",
        "relationship",
        "requested_event",
        "photo_names",
        "consent_guardian_at",
        "consent_publication_at",
        "moderator_comment",
        "submitted_at",
        "published_at",
        "withdrawn_at",
    ]


@hooks.register("register_admin_viewset")
def register_tribute_submissions():
    return TributeSubmissionViewSet("tribute_submissions")


register_permission_policy(GuestbookMessage, GuestbookPermissionPolicy(GuestbookMessage))


guestbook_viewset = GuestbookMessageViewSet("guestbook_messages")


@hooks.register("register_admin_viewset")
def register_guestbook_moderation():
    return guestbook_viewset


@hooks.register("construct_homepage_summary_items")
def add_waiting_guestbook_messages(request, summary_items):
    summary_items.append(WaitingGuestbookMessagesSummaryItem(request, guestbook_viewset))


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
