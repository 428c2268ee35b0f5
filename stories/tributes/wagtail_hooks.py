"""The tributes in the admin: their page types' icons, the flat listing of tributes (in the "Campaign"
menu, see `stories/wagtail_hooks.py`), the read-only list of family submissions for the moderators, and
the guestbook's moderation.

Submitter details are shown only in that list and in the tribute's edit view; nothing there is
editable, because the family's record must say what they sent and agreed to.
"""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.permissions import register_permission_policy

from core.admin_columns import BooleanColumn, Column, DateColumn, page_listing_columns

from ..common.moderators import ModeratorsMayViewPolicy
from .guestbook import wagtail_hooks as guestbook_hooks  # noqa: F401 (registers the guestbook's admin)
from .models import TributeSubmission
from .pages import TributeIndexPage, TributePage


@hooks.register("register_admin_viewset")
def register_tribute_page_types():
    # Wagtail shows a page type's icon through the type's viewset.
    return [
        PageViewSet("tribute_index_page_type", model=TributeIndexPage, icon="folder-open-inverse"),
        PageViewSet("tribute_page_type", model=TributePage, icon="pick"),
    ]


class TributeListingViewSet(PageListingViewSet):
    icon = "pick"
    menu_label = "Tributes"
    model = TributePage
    columns = page_listing_columns(
        Column("baby_name", label="Baby's name", sort_key="baby_name"),
        BooleanColumn("is_listed", label="Listed", sort_key="is_listed"),
        DateColumn("latest_revision_created_at", label="Updated", sort_key="latest_revision_created_at"),
    )


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
