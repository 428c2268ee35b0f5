"""The stories app's models, so that Django finds them: each part defines its own, in its package."""

from .miles.models import MileDedication
from .press.models import PressCoveragePage, PressIndexPage
from .runners.models import (
    RunnerMilestone,
    RunnerSignup,
    RunnerSignupReviewTask,
    RunnerStoryPage,
    RunnerThankYou,
    StoryIndexPage,
)
from .tributes.guestbook.models import GuestbookMessage
from .tributes.models import (
    FamilyTributeReviewTask,
    TributeChangeRequest,
    TributePhoto,
    TributeSubmission,
    WithdrawnTribute,
)
from .tributes.pages import TributeIndexPage, TributePage

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
