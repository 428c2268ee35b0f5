"""The goal limits staff set on an event: a smallest goal above the largest is refused, an empty largest
counting as the $1,000,000 a runner could then choose."""

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("smallest", "largest", "field"),
    [
        (200_000_000, None, "runner_goal_min_cents"),  # $2,000,000 above the $1,000,000 of an empty largest
        (50_000, 40_000, "runner_goal_max_cents"),
    ],
)
def test_a_smallest_goal_above_the_largest_is_refused(event, smallest, largest, field):
    event.runner_goal_min_cents, event.runner_goal_max_cents = smallest, largest
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert list(refused.value.message_dict) == [field]


@pytest.mark.parametrize(("smallest", "largest"), [(None, None), (100_000_000, None), (None, 100), (5_000, 5_000)])
def test_limits_that_leave_a_goal_to_choose_are_accepted(event, smallest, largest):
    event.runner_goal_min_cents, event.runner_goal_max_cents = smallest, largest
    event.clean()
