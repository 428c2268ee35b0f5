"""The course map's geometry (events/course_map.py): markers spaced along the line, labels beside it
and clear of each other, the drawing's extent, and the editor's point list read or refused."""

import math

import pytest

from events.course_map import CUSTOM, LOOP, OUT_AND_BACK, POINT_TO_POINT, build_course_map, label_box, parse_points
from stories.models import MileDedication, RunnerStoryPage, TributePage

# Unsaved pages: creating one looks up the default locale.
pytestmark = pytest.mark.django_db

BABIES = ["Olivia Hernandez", "Liam", "Ava Grace", "Noah Lee", "Emma-Rose", "Mateo", "Sophia", "Elijah James"]


def dedication(mile, baby, runner="Maya Okafor", listed=True, runner_live=True):
    tribute = TributePage(title=baby, baby_name=baby, live=True, is_listed=listed)
    runner_page = RunnerStoryPage(title=runner, runner_name=runner, live=runner_live) if runner else None
    return MileDedication(mile=mile, tribute=tribute, runner=runner_page)


def every_mile():
    return [dedication(mile, BABIES[mile % len(BABIES)], f"Runner {mile}") for mile in range(1, 28)]


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def along(course, marker):
    """How far along the drawn line a marker stands (by walking the path's points)."""
    points = [tuple(map(float, step.split(","))) for step in course.path[1:].split(" L")]
    best, travelled, best_gap = 0.0, 0.0, math.inf
    for a, b in zip(points, points[1:], strict=False):
        for share in (n / 50 for n in range(51)):
            x, y = a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share
            gap = math.dist((x, y), (marker.x, marker.y))
            if gap < best_gap:
                best, best_gap = travelled + math.dist(a, b) * share, gap
        travelled += math.dist(a, b)
    return best, travelled


@pytest.mark.parametrize("shape", [POINT_TO_POINT, LOOP, OUT_AND_BACK])
def test_26_markers_and_the_finish_stand_in_order_evenly_along_the_line(shape):
    course = build_course_map(shape, "", [])
    assert [m.number for m in course.markers] == [*map(str, range(1, 27)), "26.2"]
    positions = [along(course, marker) for marker in course.markers]
    total = positions[0][1]
    distances = [position for position, _ in positions]
    if shape == LOOP:
        distances[-1] = total  # the finish is the start, the far end of the loop
    steps = [b - a for a, b in zip([0, *distances], distances, strict=False)]
    assert all(abs(step - total / 27) < total * 0.01 for step in steps), steps
    assert math.dist((course.markers[-1].x, course.markers[-1].y), course.finish) < 0.1
    assert course.closed is (shape == LOOP)


@pytest.mark.parametrize("shape", [POINT_TO_POINT, LOOP, OUT_AND_BACK])
def test_every_dedicated_mile_is_labelled_and_no_two_labels_overlap(shape):
    course = build_course_map(shape, "", every_mile())
    labelled = [marker for marker in course.markers if marker.label]
    assert len(labelled) == 27
    boxes = [label_box(marker) for marker in labelled]
    clashes = [
        (labelled[i].number, labelled[j].number)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if overlaps(boxes[i], boxes[j])
    ]
    assert clashes == []
    # And each label is clear of every marker but its own (markers are 13 units in radius).
    for marker, box in zip(labelled, boxes, strict=True):
        for other in course.markers:
            if other is not marker:
                assert not overlaps(box, (other.x - 13, other.y - 13, other.x + 13, other.y + 13)), (marker, other)


def test_the_drawing_holds_the_line_every_marker_and_every_label():
    course = build_course_map(OUT_AND_BACK, "", every_mile())
    left, top, width, height = map(float, course.view_box.split())
    for marker in course.markers:
        assert left < marker.x - 13 and marker.x + 13 < left + width
        assert top < marker.y - 13 and marker.y + 13 < top + height
        box = label_box(marker)
        assert left <= box[0] and box[2] <= left + width and top <= box[1] and box[3] <= top + height


def test_a_loops_labels_stand_outside_it():
    course = build_course_map(LOOP, "", every_mile())
    centre = (450, 200)
    for marker in course.markers:
        assert math.dist((marker.label.x, marker.label.y), centre) > math.dist((marker.x, marker.y), centre)


def test_only_dedicated_miles_are_labelled_and_runners_not_live_are_left_out():
    miles = [dedication(3, "Olivia"), dedication(27, "Zoe", runner_live=False), dedication(9, "Noah", runner=None)]
    course = build_course_map(POINT_TO_POINT, "", miles)
    labelled = {m.number: (m.baby_text, m.runner_text) for m in course.markers if m.label}
    assert labelled == {"3": ("Olivia", "Maya Okafor"), "26.2": ("Zoe", ""), "9": ("Noah", "")}
    assert course.dedicated_count == 3


def test_a_long_name_is_shortened_on_the_map():
    course = build_course_map(LOOP, "", [dedication(1, "Alexandria Josephine Montgomery-Smythe")])
    assert course.markers[0].baby_text == "Alexandria Josephine Mo…"


def test_the_editors_points_are_drawn_scaled_into_the_maps_box():
    course = build_course_map(CUSTOM, "0,100\n50,0 100,100", [])
    assert course.path == "M0.0,400.0 L450.0,0.0 L900.0,400.0"
    assert [e.text for e in course.end_labels] == ["Start", "Finish"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give at least two points"),
        ("10,10", "Give at least two points"),
        ("10,10 20", "'20' is not a point: write it as x,y, e.g. 20,75."),
        ("10,10 a,b", "'a,b' is not a point"),
        ("10,10 120,5", "'120,5' is off the map: x and y go from 0 (left, top) to 100 (right, bottom)."),
        ("10,10 10,10", "The points are all in the same place"),
    ],
)
def test_a_point_list_that_cannot_be_drawn_is_refused_with_a_message(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_points(text)
