"""The course map: a marathon drawn as a stylised line, computed on the server into SVG coordinates.

Nothing is fetched (no map tiles): an editor picks a drawn shape, or gives a list of points, and the
26 mile markers and the finish at 26.2 are spaced along the line by its length. Each marker that
carries a dedication gets a label (the baby, then the runner) set off to one side of the line; the
template (templates/includes/course_map.html) turns the result into SVG.
"""

import math
from dataclasses import dataclass, field

MILE_MARKERS = 26
FINAL_STRETCH = MILE_MARKERS + 1  # the final 0.2 of a marathon, stored as mile 27 so that ordering stays numeric

# The box the course line is drawn in (SVG units, about a pixel each on a wide screen); the drawing's
# viewBox then grows to hold the labels. Labels stand at one of four distances from the line (tiers),
# so that neighbouring markers' labels do not overlap; their widths are estimated from the font sizes
# in site.css (17px bold names, 14px runners).
PLOT_LEFT, PLOT_TOP, PLOT_RIGHT, PLOT_BOTTOM = 0, 0, 900, 400
LABEL_OFFSETS = (28, 74, 120, 166)
LINE_HEIGHT = 17
NAME_EM, RUNNER_EM = 9.8, 7.4  # average character widths
PADDING = 14
LABEL_CHARACTERS = 24  # longer names are shortened on the map (the list below gives them whole)

POINT_TO_POINT, LOOP, OUT_AND_BACK, CUSTOM = "point_to_point", "loop", "out_and_back", "custom"
COURSE_SHAPE_CHOICES = [
    (POINT_TO_POINT, "Point to point (a winding line from start to finish)"),
    (LOOP, "Loop (start and finish at the same place)"),
    (OUT_AND_BACK, "Out and back (to a turn and back beside the way out)"),
    (CUSTOM, "My own points (listed below)"),
]
MAX_POINTS = 200


def _point_to_point():
    # One and a half waves across: start on the left, finish on the right.
    return [(t / 60, 0.5 - 0.1 * math.sin(2 * math.pi * t / 60)) for t in range(61)]


def _loop():
    # An oval, clockwise from the bottom (the start and finish line).
    return [(0.5 + 0.5 * math.cos(a), 0.5 + 0.5 * math.sin(a)) for a in _angles(math.pi / 2, 2 * math.pi, 72)]


def _out_and_back():
    # Out along the top, round the turn, back along the bottom: the two ways drawn side by side.
    turn = [(0.85 + 0.15 * math.cos(a), 0.5 + 0.4 * math.sin(a)) for a in _angles(-math.pi / 2, math.pi, 24)]
    return [(0.0, 0.1), *turn, (0.0, 0.9)]


def _angles(start, sweep, steps):
    return [start + sweep * n / steps for n in range(steps + 1)]


PRESETS = {POINT_TO_POINT: _point_to_point, LOOP: _loop, OUT_AND_BACK: _out_and_back}
# Shapes whose labels all stand outside the line (away from its middle) rather than alternating sides.
LABELS_OUTSIDE = {LOOP, OUT_AND_BACK}


def parse_points(text):
    """An editor's point list ("x,y" pairs from 0 to 100, one per line or separated by spaces) as
    (x, y) pairs from 0 to 1. Raises ValueError with a message an editor can act on."""
    pairs = text.replace(";", " ").split()
    if len(pairs) < 2:
        raise ValueError("Give at least two points, e.g. '0,50 100,50': the start, then the way to the finish.")
    if len(pairs) > MAX_POINTS:
        raise ValueError(f"Give at most {MAX_POINTS} points.")
    points = []
    for pair in pairs:
        parts = pair.split(",")
        try:
            x, y = (float(part) for part in parts)
        except ValueError:
            raise ValueError(f"'{pair}' is not a point: write it as x,y, e.g. 20,75.") from None
        if not (0 <= x <= 100 and 0 <= y <= 100):
            raise ValueError(f"'{pair}' is off the map: x and y go from 0 (left, top) to 100 (right, bottom).")
        points.append((x / 100, y / 100))
    if _length(points) == 0:
        raise ValueError("The points are all in the same place: the course needs some length.")
    return points


def unit_line(shape, points_text=""):
    """The course as points from 0 to 1; a point list that cannot be read falls back to point to point
    (the edit form refuses it, so only a page saved before a change of rules could have one)."""
    if shape == CUSTOM:
        try:
            return parse_points(points_text)
        except ValueError:
            return _point_to_point()
    return PRESETS.get(shape, _point_to_point)()


def _length(points):
    return sum(math.dist(a, b) for a, b in zip(points, points[1:], strict=False))


def _scale(points):
    width, height = PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP
    return [(PLOT_LEFT + x * width, PLOT_TOP + y * height) for x, y in points]


def point_along(points, distance):
    """The point `distance` along the line and the line's direction there (a unit vector)."""
    travelled = 0.0
    for a, b in zip(points, points[1:], strict=False):
        step = math.dist(a, b)
        if step == 0:
            continue
        if travelled + step >= distance:
            share = (distance - travelled) / step
            return (a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share), (
                (b[0] - a[0]) / step,
                (b[1] - a[1]) / step,
            )
        travelled += step
    a, b = next((a, b) for a, b in zip(points[-2::-1], points[:0:-1], strict=False) if a != b)
    step = math.dist(a, b)
    return points[-1], ((b[0] - a[0]) / step, (b[1] - a[1]) / step)


@dataclass
class Label:
    x: float
    y: float
    anchor: str  # SVG text-anchor: start, middle or end
    first_line_y: float  # the baby's name
    second_line_y: float  # the runner's name
    leader: tuple  # a short line from the marker to the label: (x1, y1, x2, y2)


@dataclass
class Marker:
    mile: int  # 1-26, or FINAL_STRETCH (27) for the finish (the final 0.2)
    x: float
    y: float
    number: str  # what the marker shows: "1".."26", or "26.2"
    dedication: object = None
    label: Label | None = None
    baby_text: str = ""
    runner_text: str = ""

    @property
    def is_finish(self):  # drawn as a square, not a circle
        return self.mile == FINAL_STRETCH

    @property
    def number_y(self):  # the marker's number, centred in it
        return round(self.y + 5, 1)

    @property
    def corner(self):  # the top left of the finish's square
        return round(self.x - 15, 1), round(self.y - 15, 1)


@dataclass
class EndLabel:
    text: str
    x: float
    y: float
    anchor: str


@dataclass
class CourseMap:
    path: str
    markers: list = field(default_factory=list)
    start: tuple = (0, 0)
    finish: tuple = (0, 0)
    closed: bool = False
    end_labels: list = field(default_factory=list)
    view_box: str = ""

    @property
    def start_point(self):
        return round(self.start[0], 1), round(self.start[1], 1)

    @property
    def dedicated_count(self):
        return sum(1 for marker in self.markers if marker.dedication is not None)


def _shorten(text):
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _label(position, direction, side, tier, centre):
    """Where a marker's label stands: beside the line, on `side` (+1 the line's left, -1 its right) or,
    with `centre` given, on the side away from it; `tier` 0 near the line, each next one further out."""
    x, y = position
    normal = (direction[1], -direction[0])  # the line's left, on screen (y grows downwards)
    if centre is not None:
        side = 1 if normal[0] * (x - centre[0]) + normal[1] * (y - centre[1]) >= 0 else -1
    nx, ny = normal[0] * side, normal[1] * side
    offset = LABEL_OFFSETS[tier]
    lx, ly = x + nx * offset, y + ny * offset
    if ny < -0.6:  # above the line: the two lines end just above the point
        first, second = ly - LINE_HEIGHT - 4, ly - 4
    elif ny > 0.6:  # below
        first, second = ly + 14, ly + 14 + LINE_HEIGHT
    else:  # beside
        first, second = ly - 3, ly - 3 + LINE_HEIGHT
    # Centred over or under the point only when the line runs nearly level; otherwise leaning away.
    anchor = "middle" if abs(nx) < 0.3 else ("start" if nx > 0 else "end")
    marker_edge = (x + nx * 14, y + ny * 14)
    return Label(
        round(lx, 1),
        round(ly, 1),
        anchor,
        round(first, 1),
        round(second, 1),
        (round(marker_edge[0], 1), round(marker_edge[1], 1), round(lx, 1), round(ly, 1)),
    )


def build_course_map(shape, points_text, miles):
    """The map of an event's course: `miles` are its mile dedications (MileDedicationBase: mile 1-26,
    27 = the final 0.2) with what they show loaded, as `EventPage.dedicated_miles()` gives them."""
    line = _scale(unit_line(shape, points_text))
    total = _length(line)
    closed = math.dist(line[0], line[-1]) < 1
    outside = shape in LABELS_OUTSIDE or (shape == CUSTOM and closed)
    centre = (sum(x for x, _ in line) / len(line), sum(y for _, y in line) / len(line)) if outside else None
    by_mile = {dedication.mile: dedication for dedication in miles}
    markers, directions = [], []
    for mile in [*range(1, MILE_MARKERS + 1), FINAL_STRETCH]:
        # The final 0.2 is drawn as long as a mile, so that the finish stands clear of mile 26.
        position, direction = point_along(line, total * mile / FINAL_STRETCH)
        number = str(mile) if mile <= MILE_MARKERS else "26.2"
        markers.append(Marker(mile, round(position[0], 1), round(position[1], 1), number))
        directions.append(direction)
    end_labels = _end_labels(line, closed, centre)
    taken = [_marker_box(marker) for marker in markers] + [_end_box(end) for end in end_labels]
    for index, (marker, direction) in enumerate(zip(markers, directions, strict=True)):
        dedication = by_mile.get(marker.mile)
        if dedication is None:
            continue
        marker.dedication = dedication
        marker.baby_text = _shorten(dedication.honoured_name)
        # Loaded with the dedication (its display_related): no query. A runner is named while their page is live.
        if dedication.carrier_page is not None:
            marker.runner_text = _shorten(dedication.carrier_name)
        marker.label = _place_label(marker, direction, index, centre, taken)
        taken.append(label_box(marker))
    path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in line)
    course = CourseMap(path=path, markers=markers, start=line[0], finish=line[-1], closed=closed)
    course.end_labels = end_labels
    course.view_box = _view_box(course, line)
    return course


def _place_label(marker, direction, index, centre, taken):
    """The nearest place for a marker's label that covers no marker and no label placed before it:
    on alternate sides of an open line (away from the middle of a loop), nearest tier first. If
    every place is taken (a crowded point list), the one that overlaps least."""
    sides = (1, -1) if index % 2 == 0 else (-1, 1)
    candidates = [(side, tier) for side in (sides[:1] if centre else sides) for tier in range(len(LABEL_OFFSETS))]
    best, best_overlap = None, math.inf
    position = (marker.x, marker.y)
    for side, tier in candidates:
        marker.label = _label(position, direction, side, tier, centre)
        box = label_box(marker)
        overlap = sum(_overlap_area(box, other) for other in taken)
        if overlap == 0:
            return marker.label
        if overlap < best_overlap:
            best, best_overlap = marker.label, overlap
    return best


def _overlap_area(a, b):
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def _marker_box(marker):
    return marker.x - 15, marker.y - 15, marker.x + 15, marker.y + 15


def _end_box(end):
    return _text_box(end.x, end.y - 14, end.y + 4, len(end.text) * NAME_EM, end.anchor)


def _end_labels(line, closed, centre):
    """The words "Start" before the line's start and "Finish" past its end; on a loop, one label inside it."""
    if closed:
        x, y = line[0]
        towards = (centre[1] - y) if centre else -1
        return [EndLabel("Start and finish", round(x, 1), round(y + (-34 if towards < 0 else 44), 1), "middle")]
    labels = []
    for text, point, (dx, dy) in (
        ("Start", line[0], _negate(point_along(line, 0)[1])),
        ("Finish", line[-1], point_along(line, _length(line))[1]),
    ):
        x, y = point[0] + dx * 24, point[1] + dy * 24 + 6
        anchor = "middle" if abs(dx) < 0.5 else ("start" if dx > 0 else "end")
        if anchor == "middle":
            y += 14 if dy > 0 else -8
        labels.append(EndLabel(text, round(x, 1), round(y, 1), anchor))
    return labels


def _negate(vector):
    return -vector[0], -vector[1]


def label_box(marker):
    """The box a marker's label covers, its width estimated from the font: (left, top, right, bottom)."""
    label = marker.label
    width = max(len(marker.baby_text) * NAME_EM, len(marker.runner_text) * RUNNER_EM)
    bottom = label.second_line_y + 4 if marker.runner_text else label.first_line_y + 4
    return _text_box(label.x, label.first_line_y - 14, bottom, width, label.anchor)


def _text_box(x, y_top, y_bottom, width, anchor):
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, y_top, left + width, y_bottom


def _view_box(course, line):
    """The drawing's extent: the line, its markers and every label (their widths estimated)."""
    boxes = [(x - 16, y - 16, x + 16, y + 16) for x, y in line]
    boxes += [label_box(marker) for marker in course.markers if marker.label is not None]
    boxes += [_end_box(end) for end in course.end_labels]
    left, top = min(b[0] for b in boxes) - PADDING, min(b[1] for b in boxes) - PADDING
    right, bottom = max(b[2] for b in boxes) + PADDING, max(b[3] for b in boxes) + PADDING
    return f"{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}"
