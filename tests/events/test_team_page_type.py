"""An event's team is the page type registered as such (`events.team.register_team_page_type`): the
event's subpage types, its team listing and its routing all use it, and nothing guesses it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from events import team
from events.models import EventPage
from stories.models import RunnerStoryPage, TributePage


def registered():
    return list(team.TEAM_PAGE_TYPES)


def test_the_runners_page_type_is_registered_as_the_team_and_is_the_only_child_of_an_event():
    assert team.team_page_type() is RunnerStoryPage
    assert EventPage.subpage_types is team.TEAM_PAGE_TYPES
    assert EventPage.allowed_subpage_models() == [RunnerStoryPage]
    assert EventPage.single_child_model() is RunnerStoryPage


def test_registering_the_team_page_type_again_changes_nothing():
    assert team.register_team_page_type(RunnerStoryPage) is RunnerStoryPage
    assert registered() == [RunnerStoryPage]


def test_a_second_team_page_type_is_refused():
    class Volunteer(team.TeamMember):
        pass

    with pytest.raises(ImproperlyConfigured, match="already made of RunnerStoryPage"):
        team.register_team_page_type(Volunteer)
    assert registered() == [RunnerStoryPage]


def test_a_page_type_without_the_team_members_names_is_refused():
    with pytest.raises(ImproperlyConfigured, match="must inherit events.team.TeamMember"):
        team.register_team_page_type(TributePage)
    assert registered() == [RunnerStoryPage]
