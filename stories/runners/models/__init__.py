"""The runners' models: their pages (`pages.py`) and the records of the runners who joined from the site
(`signups.py`)."""

from .pages import RunnerStoryPage, StoryIndexPage, runner_stories
from .signups import RunnerMilestone, RunnerSignup, RunnerSignupReviewTask, RunnerThankYou

__all__ = [
    "RunnerMilestone",
    "RunnerSignup",
    "RunnerSignupReviewTask",
    "RunnerStoryPage",
    "RunnerThankYou",
    "StoryIndexPage",
    "runner_stories",
]
