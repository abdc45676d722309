"""The forces dashboard's pictures, drawn on the server as SVG: forces live over time, and the cost share as a curve.

Built with ElementTree, so the output is well-formed XML and every label is escaped. They need no JavaScript and
carry a <title> and <desc>; the page gives the same figures as text and tables next to them. Each is drawn 320 units
wide with text of at least 14 units, so that on a phone (the picture about 290 pixels wide) no label is under 12
pixels; on a desktop it is drawn at most DISPLAY_WIDTH pixels wide.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.money import format_gbp, format_gbp_short
from forces.choices import Stage
from forces.costs import CostShareModel
from forces.models import TERRITORIAL_FORCE_COUNT, Force
from forces.selectors import LiveStep

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH = 320
DISPLAY_WIDTH = 440
FONT = "arial, sans-serif"
FONT_SIZE = 14
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
LIVE = "#00703c"
CURVE = "#1d70b8"

# Plot area, shared by both pictures.
PLOT_TOP = 40
PLOT_HEIGHT = 170
PLOT_LEFT = 54
PLOT_RIGHT = WIDTH - 14
HEIGHT = PLOT_TOP + PLOT_HEIGHT + 50
Y_TICKS = (0, 10, 20, 30, TERRITORIAL_FORCE_COUNT)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    names = {key.rstrip("_").replace("_", "-"): str(value) for key, value in attrs.items()}
    element = ET.SubElement(parent, tag, names)
    if text is not None:
        element.text = text
    return element


def _label(parent: ET.Element, text: str, x: float, y: float, **attrs) -> ET.Element:
    return _el(parent, "text", text, x=round(x, 1), y=round(y, 1), font_size=FONT_SIZE, fill=TEXT, **attrs)


def _svg(*, prefix: str, title: str, desc: str, css_class: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(DISPLAY_WIDTH),
            "height": str(HEIGHT * DISPLAY_WIDTH // WIDTH),
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "font-family": FONT,
            "class": f"{css_class} app-picture",
        },
    )
    _el(svg, "title", title, id=f"{prefix}-title")
    _el(svg, "desc", desc, id=f"{prefix}-desc")
    return svg


# --- Forces live over time ----------------------------------------------------------------------------------------


def _y(count: int) -> float:
    return round(PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * count / TERRITORIAL_FORCE_COUNT, 1)


def time_axis(steps: list[LiveStep]) -> tuple[dt.date, dt.date]:
    """From 1 January of the first go-live's year to 1 January after the last one: no empty years either side."""
    return dt.date(steps[0].day.year, 1, 1), dt.date(steps[-1].day.year + 1, 1, 1)


def progress_svg(
    *, service_name: str, steps: list[LiveStep], forces: list[tuple[Force, Stage | None]], today: dt.date
) -> str:
    """A step line of the forces live on one service over time, as an SVG document (a string of well-formed XML)."""
    live = steps[-1].total if steps else 0
    counts = {stage: sum(1 for _force, s in forces if s == stage) for stage in Stage}
    svg = _svg(
        prefix="progress",
        title=_("On-boarding to %(service)s: progress") % {"service": service_name},
        desc=_(
            "A step line of the number of forces live on %(service)s over time, reaching %(live)s of %(all)s: "
            "%(live_count)s live, %(started)s on-boarding started, %(intent)s statement of intent, %(withdrawn)s "
            "withdrawn. The table below gives the same figures."
        )
        % {
            "service": service_name,
            "live": live,
            "all": TERRITORIAL_FORCE_COUNT,
            "live_count": counts[Stage.LIVE],
            "started": counts[Stage.ONBOARDING_STARTED],
            "intent": counts[Stage.STATEMENT_OF_INTENT],
            "withdrawn": counts[Stage.WITHDRAWN],
        },
        css_class="forces-progress",
    )
    chart = _el(svg, "g", class_="live-over-time")
    _label(chart, _("Forces live"), 0, PLOT_TOP - 22, font_weight="bold")
    for tick in Y_TICKS:
        y = _y(tick)
        _el(chart, "line", x1=PLOT_LEFT, x2=PLOT_RIGHT, y1=y, y2=y, stroke=GRID, stroke_width=1)
        _label(chart, str(tick), PLOT_LEFT - 6, y + 5, text_anchor="end")
    if not steps:
        _label(chart, _("No force is live yet."), (PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_TOP + 80, text_anchor="middle")
        return ET.tostring(svg, encoding="unicode")
    start, end = time_axis(steps)
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (day - start).days / span, 1)

    bottom = PLOT_TOP + PLOT_HEIGHT
    years = list(range(start.year, end.year + 1))
    every = 1 if len(years) <= 6 else 2  # years 2 apart when 4-digit labels would crowd
    for year in years:
        tick = x(dt.date(year, 1, 1))
        _el(chart, "line", x1=tick, x2=tick, y1=bottom, y2=bottom + 6, stroke=TEXT, stroke_width=1)
        if (year - start.year) % every == 0:
            anchor = "start" if year == years[0] else "end" if year == years[-1] else "middle"
            _label(chart, str(year), tick, bottom + 22, text_anchor=anchor)
    _label(chart, _("Year"), (PLOT_LEFT + PLOT_RIGHT) / 2, bottom + 42, text_anchor="middle", font_weight="bold")
    points = [f"M{x(start)},{_y(0)}"]
    for step in steps:
        points.append(f"H{x(step.day)}")
        points.append(f"V{_y(step.total)}")
    points.append(f"H{x(end)}")
    _el(chart, "path", d=" ".join(points), class_="step-line", fill="none", stroke=LIVE, stroke_width=3)
    last = steps[-1]
    _label(
        chart,
        _("%(count)s live since %(date)s") % {"count": last.total, "date": date_format(last.day, "F Y")},
        PLOT_RIGHT,
        _y(last.total) - 8,
        text_anchor="end",
    )
    return ET.tostring(svg, encoding="unicode")


# --- The cost share as a curve ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    """A marked point of the curve: the cost to each force per year with ``forces`` forces on board."""

    forces: int
    per_force_amount: Decimal
    label: str


@dataclass(frozen=True)
class CostCurve:
    """The curve cost(n) = fixed + pool ÷ n from ``first`` forces to all, its stated points and today's."""

    points: list[tuple[int, Decimal]]
    stated: list[CurvePoint]
    today: CurvePoint | None


def cost_curve(model: CostShareModel, forces_on_board: int) -> CostCurve:
    """The curve's points (one per number of forces, from half the fewest stated to all 43), the two stated
    scenarios, and today's number of forces on board (None when it is outside 1 to 43)."""
    fewest = min(n for n, _cost in model.scenarios)
    first = max(1, fewest // 2)
    points = [(n, model.per_force(n)) for n in range(first, TERRITORIAL_FORCE_COUNT + 1)]
    stated = [
        CurvePoint(n, cost, _("%(amount)s each with %(count)s") % {"amount": format_gbp_short(cost), "count": n})
        for n, cost in sorted(model.scenarios)
    ]
    today = None
    if 1 <= forces_on_board <= TERRITORIAL_FORCE_COUNT:
        cost = model.per_force(forces_on_board)
        today = CurvePoint(
            forces_on_board,
            cost,
            _("Now %(count)s: %(amount)s each") % {"amount": format_gbp_short(cost), "count": forces_on_board},
        )
    return CostCurve(points=points, stated=stated, today=today)


def _money_ticks(top: Decimal) -> list[Decimal]:
    """Round amounts from £0 past ``top``, four or five of them."""
    gap = Decimal(1)
    while True:
        for factor in (1, 2, 5):
            if top / (gap * factor) <= 4:
                step = gap * factor
                count = int((top / step).to_integral_value(rounding="ROUND_CEILING"))
                return [step * index for index in range(count + 1)]
        gap *= 10


def cost_curve_svg(*, service_name: str, curve: CostCurve) -> str:
    """The cost per force against forces on board, as an SVG document (a string of well-formed XML)."""
    stated_text = "; ".join(
        _("%(amount)s a year each with %(count)s forces")
        % {"amount": format_gbp(p.per_force_amount), "count": p.forces}
        for p in curve.stated
    )
    desc = _(
        "A curve of the cost to each force per year against the number of forces on board, from %(first)s to "
        "%(last)s forces, falling as more forces share the cost. Stated: %(stated)s."
    ) % {
        "first": curve.points[0][0],
        "last": curve.points[-1][0],
        "stated": stated_text,
    }
    if curve.today:
        desc += " " + _("Now %(count)s forces are on board: %(amount)s a year each.") % {
            "count": curve.today.forces,
            "amount": format_gbp(curve.today.per_force_amount),
        }
    svg = _svg(
        prefix="cost-curve",
        title=_("Cost share of %(service)s per force, by forces on board") % {"service": service_name},
        desc=desc,
        css_class="cost-curve",
    )
    ticks = _money_ticks(max(cost for _n, cost in curve.points))
    top = ticks[-1]
    first, last = curve.points[0][0], curve.points[-1][0]
    bottom = PLOT_TOP + PLOT_HEIGHT

    def x(forces: int) -> float:
        return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (forces - first) / max(last - first, 1), 1)

    def y(amount: Decimal) -> float:
        return round(bottom - PLOT_HEIGHT * float(amount / top), 1)

    chart = _el(svg, "g", class_="cost-share")
    _label(chart, _("Cost per force a year"), 0, PLOT_TOP - 22, font_weight="bold")
    for tick in ticks:
        _el(chart, "line", x1=PLOT_LEFT, x2=PLOT_RIGHT, y1=y(tick), y2=y(tick), stroke=GRID, stroke_width=1)
        _label(chart, format_gbp_short(tick) if tick else "£0", PLOT_LEFT - 6, y(tick) + 5, text_anchor="end")
    for forces in sorted({first, 10, 20, 30, last}):
        if first <= forces <= last:
            _el(chart, "line", x1=x(forces), x2=x(forces), y1=bottom, y2=bottom + 6, stroke=TEXT, stroke_width=1)
            _label(chart, str(forces), x(forces), bottom + 22, text_anchor="middle")
    _label(
        chart, _("Forces on board"), (PLOT_LEFT + PLOT_RIGHT) / 2, bottom + 42, text_anchor="middle", font_weight="bold"
    )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(n)},{y(cost)}" for i, (n, cost) in enumerate(curve.points))
    _el(chart, "path", d=path, class_="curve", fill="none", stroke=CURVE, stroke_width=3)
    if curve.today:
        today_x = x(curve.today.forces)
        _el(
            chart,
            "line",
            class_="today",
            x1=today_x,
            x2=today_x,
            y1=PLOT_TOP,
            y2=bottom,
            stroke=TEXT,
            stroke_width=1.5,
            stroke_dasharray="4 3",
        )
    # Stated points as open circles with their figures; today's as a filled square.
    for index, point in enumerate(curve.stated):
        cx, cy = x(point.forces), y(point.per_force_amount)
        _el(chart, "circle", class_="stated", cx=cx, cy=cy, r=5, fill="#ffffff", stroke=TEXT, stroke_width=2)
        left_half = cx < WIDTH / 2
        _label(
            chart,
            point.label,
            cx + 8 if left_half else cx - 8,
            cy - 10 - 18 * index,
            text_anchor="start" if left_half else "end",
        )
    if curve.today:
        cx, cy = x(curve.today.forces), y(curve.today.per_force_amount)
        _el(chart, "rect", class_="now", x=cx - 4, y=cy - 4, width=8, height=8, fill=TEXT)
        _label(chart, curve.today.label, cx - 8, cy + 22, text_anchor="end")
    return ET.tostring(svg, encoding="unicode")
