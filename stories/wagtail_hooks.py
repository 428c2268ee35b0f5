"""Admin: a read-only list of family tribute submissions for the moderators.

Submitter details are shown only here and in the tribute's edit view; nothing is editable, because
the family's record must say what they sent and agreed to.
"""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import TributeSubmission


class ModeratorsMayViewPolicy(ModelPermissionPolicy):
    def _may_view(self, user):
        return user.is_active and (user.is_superuser or user.groups.filter(name="Moderators").exists())

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
