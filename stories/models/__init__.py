from .press import PressCoveragePage, PressIndexPage
from .runners import RunnerStoryPage, StoryIndexPage
from .tributes import TributeIndexPage, TributePage, TributePhoto

__all__ = [
    "PressCoveragePage",
    "PressIndexPage",
    "RunnerStoryPage",
    "StoryIndexPage",
    "TributeIndexPage",
    "TributePage",
    "TributePhoto",
]
