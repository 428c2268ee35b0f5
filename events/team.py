"""An event's team: the page type whose pages stand under an event, one a member (in this site, a runner).

The type is defined above this app, which registers it here with `register_team_page_type`; `EventPage`
takes its `subpage_types` from this registry, so the page tree, the admin's "Add child page" and
`EventPage.team()` all use the type registered, never one guessed from what can be created under an event.
What the event's pages show of a member they read through `TeamMember`'s names, never the type's fields.
"""

from django.core.exceptions import ImproperlyConfigured

# EventPage.subpage_types is this very list: filled when the registering app's models load, before Wagtail
# first reads it (at the system checks).
TEAM_PAGE_TYPES = []


class TeamMember:
    """What an event shows of each member of its team (the team's cards): the registered page type
    inherits this and defines each name. Its `listing_order` and `main_image_field` (core's BasePage)
    order the team and give the card's picture."""

    def member_name(self):
        """The member's name, as the team's cards show it."""
        raise NotImplementedError

    def member_photo_alt(self):
        """What the member's picture shows, read aloud to people who cannot see it."""
        raise NotImplementedError


def register_team_page_type(model):
    """Class decorator: `model` is the page type of an event's team (one type only)."""
    if not issubclass(model, TeamMember):
        raise ImproperlyConfigured(f"{model.__name__} must inherit events.team.TeamMember to be a team's page type.")
    if TEAM_PAGE_TYPES and TEAM_PAGE_TYPES[0] is not model:
        raise ImproperlyConfigured(
            f"An event's team is already made of {TEAM_PAGE_TYPES[0].__name__} pages: {model.__name__} cannot be too."
        )
    if not TEAM_PAGE_TYPES:
        TEAM_PAGE_TYPES.append(model)
    return model


def team_page_type():
    """The page type of an event's team, or None if no app registered one."""
    return TEAM_PAGE_TYPES[0] if TEAM_PAGE_TYPES else None
