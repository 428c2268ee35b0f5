"""Small charts drawn on the server as SVG (`templates/includes/day_chart.html`): no script, no third party,
the same in a page, the admin and a screenshot. A chart is for the eye; the figures it draws are always in
a table beside it, which is what a screen reader reads.

`day_chart` takes what the database summed per day and lays out bars (each day's amount), optionally the
running total as a line and a goal as a dashed rule, in a fixed coordinate space the SVG scales to fit.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 36  # room for the axis labels


@dataclass
class DayChart:
    bars: list = field(default_factory=list)  # (x, y, width, height, label) per day that has an amount
    line: str = ""  # the running total, as SVG points
    goal_y: float | None = None
    goal_label: str = ""
    y_ticks: list = field(default_factory=list)  # (y, label)
    x_labels: list = field(default_factory=list)  # (x, label, anchor)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def _nice_ceiling(value):
    """A round figure (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least `value`, for the axis."""
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def day_chart(days, *, first=None, last=None, goal=None, running_total=False, money=str, day_label=None):
    """days: [(date, amount)], summed by the database, in any order; first/last widen the range (an event's
    days without gifts); money formats an amount for the axis; returns a DayChart, or None without days."""
    days = sorted((day, amount) for day, amount in days if amount)
    if not days:
        return None
    day_label = day_label or (lambda day: f"{day:%b} {day.day}")
    first = min(first or days[0][0], days[0][0])
    last = max(last or days[-1][0], days[-1][0])
    span = (last - first).days + 1
    totals, running = [], 0
    for day, amount in days:
        running += amount
        totals.append((day, amount, running))
    top = max(amount for _, amount in days)
    if running_total:
        top = max(top, running)
    if goal:
        top = max(top, goal)
    top = _nice_ceiling(top)

    chart = DayChart()
    plot_width = chart.right_edge - LEFT
    plot_height = chart.baseline - TOP
    slot = plot_width / span
    bar_width = max(min(slot * 0.7, 24), 1.5)

    def x_of(day):
        return LEFT + slot * ((day - first).days + 0.5)

    def y_of(amount):
        return chart.baseline - plot_height * amount / top

    for day, amount, _ in totals:
        y = y_of(amount)
        bar = (round(x_of(day) - bar_width / 2, 1), round(y, 1), round(bar_width, 1), round(chart.baseline - y, 1))
        chart.bars.append((*bar, f"{day_label(day)}: {money(amount)}"))
    if running_total:
        points = [(LEFT, chart.baseline)]
        for day, _, total in totals:
            points.append((x_of(day), y_of(total)))
        points.append((chart.right_edge, y_of(running)))
        chart.line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    if goal:
        chart.goal_y = round(y_of(goal), 1)
        chart.goal_label = f"Goal {money(goal)}"
    chart.y_ticks = [(round(y_of(top * n / 4), 1), money(round(top * n / 4))) for n in range(5)]
    chart.x_labels = [(LEFT, day_label(first), "start")]
    if last != first:
        chart.x_labels.append((chart.right_edge, day_label(last), "end"))
    return chart
