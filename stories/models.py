"""The stories app's models. The tribute index comes last: its routes call the family's views,
which use the other models."""

from .guestbook import GuestbookMessage
from .miles import MileDedication
from .press import PressCoveragePage, PressIndexPage
from .runner_signups import RunnerMilestone, RunnerSignup, RunnerSignupReviewTask, RunnerThankYou
from .runners import RunnerStoryPage, StoryIndexPage
from .submissions import FamilyTributeReviewTask, TributeChangeRequest, TributeSubmission, WithdrawnTribute
from .tributes import TributePage, TributePhoto

from .tribute_index import TributeIndexPage  # isort: skip

__all__ = [
    "FamilyTributeReviewTask",
    "GuestbookMessage",
    "MileDedication",
    "PressCoveragePage",
    "PressIndexPage",
    "RunnerMilestone",
    "RunnerSignup",
    "RunnerSignupReviewTask",
    "RunnerStoryPage",
    "RunnerThankYou",
    "StoryIndexPage",
    "TributeChangeRequest",
    "TributeIndexPage",
    "TributePage",
    "TributePhoto",
    "TributeSubmission",
    "WithdrawnTribute",
]
