from .press import PressCoveragePage, PressIndexPage
from .runners import RunnerStoryPage, StoryIndexPage
from .submissions import FamilyTributeReviewTask, TributeChangeRequest, TributeSubmission, WithdrawnTribute
from .tributes import TributeIndexPage, TributePage, TributePhoto

__all__ = [
    "FamilyTributeReviewTask",
    "PressCoveragePage",
    "PressIndexPage",
    "RunnerStoryPage",
    "StoryIndexPage",
    "TributeChangeRequest",
    "TributeIndexPage",
    "TributePage",
    "TributePhoto",
    "TributeSubmission",
    "WithdrawnTribute",
]
