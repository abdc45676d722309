"""The progress picture, drawn on the server as SVG: forces live over time and each force's stage.

Built with ElementTree, so the output is well-formed XML and every label is escaped. It needs no JavaScript,
carries a <title> and <desc>, and each stage has a pattern and a written marker as well as a colour, so it reads
without colour. The page gives the same numbers as tables next to it.
"""

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forces.choices import Stage
from forces.models import TERRITORIAL_FORCE_COUNT, Force
from forces.selectors import LiveStep

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH = 960
FONT = "arial, sans-serif"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"

# Step chart
CHART_TOP = 70
CHART_HEIGHT = 240
CHART_LEFT = 60
CHART_RIGHT = WIDTH - 30
Y_TICKS = (0, 10, 20, 30, TERRITORIAL_FORCE_COUNT)

# Strip of forces
COLUMNS = 4
CELL_WIDTH = (WIDTH - 2 * 20) // COLUMNS
CELL_HEIGHT = 44
SWATCH = 28

NO_PLAN = "none"

# stage → (pattern id, colour, written marker). The marker letter sits in the swatch, the stage name beside it.
STAGE_STYLES = {
    Stage.LIVE.value: ("stage-live", "#00703c", "L"),
    Stage.ONBOARDING_STARTED.value: ("stage-onboarding", "#1d70b8", "O"),
    Stage.STATEMENT_OF_INTENT.value: ("stage-intent", "#f47738", "S"),
    Stage.WITHDRAWN.value: ("stage-withdrawn", "#505a5f", "W"),
    NO_PLAN: ("stage-none", "#ffffff", "–"),
}
LEGEND_ORDER = tuple(
    stage.value for stage in (Stage.STATEMENT_OF_INTENT, Stage.ONBOARDING_STARTED, Stage.LIVE, Stage.WITHDRAWN)
)
SUFFIXES = (" Constabulary", " Police Service", " Police")


def _short_name(force: Force) -> str:
    for suffix in SUFFIXES:
        if force.name.endswith(suffix):
            return force.name.removesuffix(suffix)
    return force.name


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    names = {key.rstrip("_").replace("_", "-"): str(value) for key, value in attrs.items()}
    element = ET.SubElement(parent, tag, names)
    if text is not None:
        element.text = text
    return element


def _patterns(defs: ET.Element) -> None:
    """A pattern per stage: solid (live), diagonal hatching (on-boarding), dots (intent), a cross (withdrawn)."""
    live_id, live_colour, _m = STAGE_STYLES[Stage.LIVE.value]
    pattern = _el(defs, "pattern", id=live_id, width=8, height=8, patternUnits="userSpaceOnUse")
    _el(pattern, "rect", width=8, height=8, fill=live_colour)

    started_id, started_colour, _m = STAGE_STYLES[Stage.ONBOARDING_STARTED.value]
    pattern = _el(defs, "pattern", id=started_id, width=8, height=8, patternUnits="userSpaceOnUse")
    _el(pattern, "rect", width=8, height=8, fill="#ffffff")
    _el(pattern, "path", d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4", stroke=started_colour, stroke_width=3)

    intent_id, intent_colour, _m = STAGE_STYLES[Stage.STATEMENT_OF_INTENT.value]
    pattern = _el(defs, "pattern", id=intent_id, width=8, height=8, patternUnits="userSpaceOnUse")
    _el(pattern, "rect", width=8, height=8, fill="#ffffff")
    _el(pattern, "circle", cx=4, cy=4, r=2.2, fill=intent_colour)

    withdrawn_id, withdrawn_colour, _m = STAGE_STYLES[Stage.WITHDRAWN.value]
    pattern = _el(defs, "pattern", id=withdrawn_id, width=8, height=8, patternUnits="userSpaceOnUse")
    _el(pattern, "rect", width=8, height=8, fill="#ffffff")
    _el(pattern, "path", d="M0,0 L8,8 M8,0 L0,8", stroke=withdrawn_colour, stroke_width=1.5)

    none_id, none_colour, _m = STAGE_STYLES[NO_PLAN]
    pattern = _el(defs, "pattern", id=none_id, width=8, height=8, patternUnits="userSpaceOnUse")
    _el(pattern, "rect", width=8, height=8, fill=none_colour)


def _swatch(parent: ET.Element, x: float, y: float, key: str) -> None:
    pattern_id, _colour, marker = STAGE_STYLES[key]
    _el(parent, "rect", x=x, y=y, width=SWATCH, height=SWATCH, fill=f"url(#{pattern_id})", stroke=TEXT)
    # The letter on a white disc stays legible over any pattern.
    _el(parent, "circle", cx=x + SWATCH / 2, cy=y + SWATCH / 2, r=9, fill="#ffffff", stroke=TEXT, stroke_width=1)
    _el(
        parent,
        "text",
        marker,
        x=x + SWATCH / 2,
        y=y + SWATCH / 2 + 4,
        text_anchor="middle",
        font_size=12,
        font_weight="bold",
        fill=TEXT,
    )


def _stage_label(key: str) -> str:
    return str(Stage(key).label) if key != NO_PLAN else _("No plan")


def _legend(svg: ET.Element, y: float) -> None:
    _el(svg, "text", _("Key"), x=20, y=y + 18, font_size=14, font_weight="bold", fill=TEXT)
    x = 70.0
    for key in LEGEND_ORDER:
        group = _el(svg, "g", class_="legend-item")
        _swatch(group, x, y, key)
        label = _stage_label(key)
        _el(group, "text", label, x=x + SWATCH + 6, y=y + 19, font_size=13, fill=TEXT)
        x += SWATCH + 16 + 7.2 * len(label)
    group = _el(svg, "g", class_="legend-item")
    _swatch(group, x, y, NO_PLAN)
    _el(group, "text", _stage_label(NO_PLAN), x=x + SWATCH + 6, y=y + 19, font_size=13, fill=TEXT)


def _x_scale(start: dt.date, end: dt.date):
    span = max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return round(CHART_LEFT + (CHART_RIGHT - CHART_LEFT) * (day - start).days / span, 1)

    return x


def _y(count: int) -> float:
    return round(CHART_TOP + CHART_HEIGHT - CHART_HEIGHT * count / TERRITORIAL_FORCE_COUNT, 1)


def _step_chart(svg: ET.Element, steps: list[LiveStep], today: dt.date) -> None:
    _el(svg, "text", _("Forces live over time"), x=20, y=CHART_TOP - 40, font_size=16, font_weight="bold", fill=TEXT)
    chart = _el(svg, "g", class_="live-over-time")
    for tick in Y_TICKS:
        y = _y(tick)
        _el(chart, "line", x1=CHART_LEFT, x2=CHART_RIGHT, y1=y, y2=y, stroke=GRID, stroke_width=1)
        _el(chart, "text", str(tick), x=CHART_LEFT - 8, y=y + 4, text_anchor="end", font_size=12, fill=TEXT)
    _el(chart, "text", _("Forces live"), x=CHART_LEFT, y=CHART_TOP - 12, font_size=12, fill=TEXT)
    if not steps:
        _el(
            chart,
            "text",
            _("No force is live on this service yet."),
            x=(CHART_LEFT + CHART_RIGHT) / 2,
            y=CHART_TOP + CHART_HEIGHT / 2,
            text_anchor="middle",
            font_size=14,
            fill=TEXT,
        )
        return
    start = dt.date(steps[0].day.year, 1, 1)
    end = max(today, steps[-1].day)
    end = dt.date(end.year + 1, 1, 1)
    x = _x_scale(start, end)
    for year in range(start.year, end.year + 1):
        tick = x(dt.date(year, 1, 1))
        bottom = CHART_TOP + CHART_HEIGHT
        _el(chart, "line", x1=tick, x2=tick, y1=bottom, y2=bottom + 6, stroke=TEXT, stroke_width=1)
        _el(chart, "text", str(year), x=tick, y=bottom + 20, text_anchor="middle", font_size=12, fill=TEXT)
    # A step line: flat until each go-live date, then up by the forces that went live that day.
    points = [f"M{x(start)},{_y(0)}"]
    for step in steps:
        points.append(f"H{x(step.day)}")
        points.append(f"V{_y(step.total)}")
    points.append(f"H{x(max(today, steps[-1].day))}")
    _el(
        chart,
        "path",
        d=" ".join(points),
        class_="step-line",
        fill="none",
        stroke=STAGE_STYLES[Stage.LIVE.value][1],
        stroke_width=3,
    )
    last = steps[-1]
    _el(
        chart,
        "text",
        _("%(count)s live since %(date)s") % {"count": last.total, "date": date_format(last.day, "d/m/Y")},
        x=min(x(last.day), CHART_RIGHT - 150),
        y=_y(last.total) - 8,
        font_size=12,
        fill=TEXT,
    )


def _strip(svg: ET.Element, forces: list[tuple[Force, Stage | None]], top: float) -> None:
    _el(svg, "text", _("Each force's stage"), x=20, y=top - 12, font_size=16, font_weight="bold", fill=TEXT)
    strip = _el(svg, "g", class_="force-stages")
    for index, (force, stage) in enumerate(forces):
        column, row = index % COLUMNS, index // COLUMNS
        x, y = 20 + column * CELL_WIDTH, top + row * CELL_HEIGHT
        key = stage.value if stage else NO_PLAN
        cell = _el(strip, "g", class_="force")
        _swatch(cell, x, y, key)
        _el(cell, "text", _short_name(force), x=x + SWATCH + 6, y=y + 12, font_size=12, font_weight="bold", fill=TEXT)
        _el(cell, "text", _stage_label(key), x=x + SWATCH + 6, y=y + 27, font_size=11, fill=TEXT)


def progress_svg(
    *, service_name: str, steps: list[LiveStep], forces: list[tuple[Force, Stage | None]], today: dt.date
) -> str:
    """The progress picture of one service as an SVG document (a string of well-formed XML)."""
    rows = -(-len(forces) // COLUMNS)
    strip_top = CHART_TOP + CHART_HEIGHT + 70
    legend_top = strip_top + rows * CELL_HEIGHT + 10
    height = legend_top + SWATCH + 20
    live = steps[-1].total if steps else 0
    counts = {stage: sum(1 for _force, s in forces if s == stage) for stage in Stage}
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": "progress-title progress-desc",
            "font-family": FONT,
            "class": "forces-progress",
        },
    )
    _el(svg, "title", _("On-boarding to %(service)s: progress") % {"service": service_name}, id="progress-title")
    _el(
        svg,
        "desc",
        _(
            "A step line of the number of forces live on %(service)s over time, reaching %(live)s of %(all)s, and "
            "a grid of the %(all)s forces marked by stage: %(live_count)s live, %(started)s on-boarding started, "
            "%(intent)s statement of intent, %(withdrawn)s withdrawn. The tables below give the same figures."
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
        id="progress-desc",
    )
    _patterns(_el(svg, "defs"))
    _step_chart(svg, steps, today)
    _strip(svg, forces, strip_top)
    _legend(svg, legend_top)
    return ET.tostring(svg, encoding="unicode")
