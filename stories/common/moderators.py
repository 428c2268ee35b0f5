"""The moderators: who reads what families and runners send, and who may see the records of it."""

from wagtail.permission_policies.base import ModelPermissionPolicy

MODERATORS_GROUP = "Moderators"


def is_moderator(user):
    """Moderators and superusers review families' tributes and runners' pages."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists())


class ModeratorsMayViewPolicy(ModelPermissionPolicy):
    """A read-only record (a tribute submission, a runner's sign-up): moderators may view it, nobody edits it."""

    def user_has_permission(self, user, action):
        return action == "view" and is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and is_moderator(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)
