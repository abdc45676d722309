"""A grant's funding picture as an SVG waterfall drawn on the server: no JavaScript, readable without colour.

The original award rises from £0; each accepted variation is a step up (or down) from the total before it to the
total after it, joined to the step before by a dotted line; the last bar is the current total, from £0. A scale of
pounds runs under the bars. Every step has its amount written above it and its own fill pattern, and the whole
picture is described in ``<title>``/``<desc>``. Drawn 320 units wide with text of 14 units, so that on a phone (the
picture about 290 pixels wide) no label is under 12 pixels.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import format_gbp, format_gbp_short
from grants.models import Grant
from grants.selectors import LedgerLine, ledger_total, uncounted_amount

WIDTH = 320
DISPLAY_WIDTH = 480  # how wide it is drawn on a desktop; it narrows with the page
MARGIN = 10
PLOT_WIDTH = WIDTH - 2 * MARGIN
ROW_HEIGHT = 64
LABEL_Y = 16  # the step's name
AMOUNT_Y = 34  # its amount
BAR_Y = 40
BAR_HEIGHT = 18
SCALE_HEIGHT = 44
FONT_SIZE = 14  # drawn at 290/320 of this on a 320-pixel phone: 12.7 pixels
MIN_BAR = 2  # a small change still shows as a sliver
INK = "#0b0c0c"
GRID = "#b1b4b6"
# Fill patterns, in the order the steps take them; the original award is solid.
PATTERNS = ("hatch", "dots", "cross", "lines")


@dataclass(frozen=True)
class FundingStep:
    """One step of the total: what it adds, and the total after it."""

    label: str
    amount: Decimal
    total_after: Decimal
    pattern: str

    @property
    def amount_display(self) -> str:
        return format_gbp(self.amount)

    @property
    def signed_display(self) -> str:
        return f"+{format_gbp(self.amount)}" if self.amount >= 0 else format_gbp(self.amount)


def funding_steps(lines: list[LedgerLine]) -> list[FundingStep]:
    """The counted lines of a ledger (the award and accepted variations) as steps of the total."""
    steps = []
    for line in lines:
        if not line.counted:
            continue
        if line.is_award:
            label, pattern = str(line.label), "solid"
        else:
            label = _("%(line)s, %(kind)s") % {"line": line.label, "kind": line.kind_label.lower()}
            pattern = PATTERNS[(len(steps) - 1) % len(PATTERNS)]
        steps.append(FundingStep(label=label, amount=line.amount, total_after=line.running_total, pattern=pattern))
    return steps


@dataclass(frozen=True)
class WaterfallBar:
    """One bar of the waterfall: from ``start`` to ``end`` (pounds), with its name and the amount written over it."""

    label: str
    amount_text: str
    start: Decimal
    end: Decimal
    pattern: str
    is_total: bool = False

    @property
    def low(self) -> Decimal:
        return min(self.start, self.end)

    @property
    def high(self) -> Decimal:
        return max(self.start, self.end)


def waterfall_bars(lines: list[LedgerLine]) -> list[WaterfallBar]:
    """The steps of the total, each from the total before it to the total after it, then the total from £0."""
    bars = []
    before = Decimal(0)
    for index, step in enumerate(funding_steps(lines)):
        amount_text = step.amount_display if index == 0 else step.signed_display
        bars.append(WaterfallBar(step.label, amount_text, before, step.total_after, step.pattern))
        before = step.total_after
    total = ledger_total(lines)
    bars.append(WaterfallBar(str(_("Current total")), format_gbp(total), Decimal(0), total, "solid", is_total=True))
    return bars


def scale_ticks(top: Decimal, *, most: int = 4) -> list[Decimal]:
    """Round amounts from £0 to at least ``top`` for the scale, at most ``most`` + 1 of them (1, 2 or 5 × 10ⁿ apart)."""
    if top <= 0:
        return [Decimal(0)]
    step = Decimal(1)
    while True:
        for factor in (1, 2, 5):
            gap = step * factor
            if top / gap <= most:
                count = math.ceil(top / gap)
                return [gap * index for index in range(count + 1)]
        step *= 10


def funding_picture_svg(grant: Grant, lines: list[LedgerLine]) -> SafeString:
    """The SVG markup of ``grant``'s funding waterfall, for inline use in the grant page."""
    bars = waterfall_bars(lines)
    prefix = f"grant-{grant.pk}-funding"
    ticks = scale_ticks(max(bar.high for bar in bars))
    scale_max = ticks[-1]
    plot_height = ROW_HEIGHT * len(bars)
    height = plot_height + SCALE_HEIGHT

    def x(amount: Decimal) -> float:
        if scale_max <= 0:
            return float(MARGIN)
        return MARGIN + float(max(amount, Decimal(0)) / scale_max) * PLOT_WIDTH

    def text(content: str, left: float, top: float, *, bold: bool = False, anchor: str = "start") -> str:
        weight = ' font-weight="bold"' if bold else ""
        return (
            f'<text x="{left:.1f}" y="{top:.1f}" font-size="{FONT_SIZE}" fill="{INK}" text-anchor="{anchor}"'
            f"{weight}>{escape(content)}</text>"
        )

    parts = []
    # Grid lines at each tick, behind the bars.
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="0" y2="{plot_height}" stroke="{GRID}" stroke-width="1"/>'
        )
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        parts.append(text(bar.label, MARGIN, top + LABEL_Y, bold=bar.is_total))
        parts.append(text(bar.amount_text, MARGIN, top + AMOUNT_Y, bold=bar.is_total))
        left, right = x(bar.low), x(bar.high)
        parts.append(
            f'<rect class="waterfall-bar" x="{left:.1f}" y="{top + BAR_Y}" width="{max(right - left, MIN_BAR):.1f}" '
            f'height="{BAR_HEIGHT}" fill="{_fill(prefix, bar.pattern)}" stroke="{INK}" stroke-width="1"/>'
        )
        if index:
            # The dotted line carries the total before this step across from the bar above.
            joined = x(bar.start if not bar.is_total else bar.end)
            parts.append(
                f'<line x1="{joined:.1f}" x2="{joined:.1f}" y1="{top - ROW_HEIGHT + BAR_Y + BAR_HEIGHT}" '
                f'y2="{top + BAR_Y}" stroke="{INK}" stroke-width="1" stroke-dasharray="2 2"/>'
            )
    # The scale: an axis with a tick and an amount at each round figure.
    parts.append(
        f'<line x1="{MARGIN}" x2="{x(scale_max):.1f}" y1="{plot_height + 4}" y2="{plot_height + 4}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for index, tick in enumerate(ticks):
        left = x(tick)
        parts.append(
            f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{plot_height + 4}" y2="{plot_height + 10}" stroke="{INK}" '
            f'stroke-width="1"/>'
        )
        anchor = "start" if index == 0 else "end" if index == len(ticks) - 1 else "middle"
        parts.append(text(format_gbp_short(tick) if tick else "£0", left, plot_height + 26, anchor=anchor))

    title = _("Funding of grant %(reference)s, %(year)s") % {
        "reference": grant.funder_reference,
        "year": grant.financial_year,
    }
    return mark_safe(  # noqa: S308 - every piece of text in it is escaped above or below
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-funding-picture app-picture" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{DISPLAY_WIDTH}" height="{height * DISPLAY_WIDTH // WIDTH}" font-family="arial, sans-serif">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(funding_description(lines))}</desc>'
        f"<defs>{_patterns(prefix)}</defs>"
        f"{''.join(parts)}"
        f"</svg>"
    )


def funding_description(lines: list[LedgerLine]) -> str:
    """The picture in words: ``£20,698,000.00 (original award) + £1,870,000.00 (variation 1, …) = £22,568,000.00``."""
    steps = funding_steps(lines)
    if not steps:
        return ""
    sum_text = str(steps[0].amount_display) + f" ({steps[0].label.lower()})"
    for step in steps[1:]:
        sign = "+" if step.amount >= 0 else "−"
        sum_text += f" {sign} {format_gbp(abs(step.amount))} ({step.label.lower()})"
    text = _("%(sum)s = %(total)s, the current total.") % {"sum": sum_text, "total": format_gbp(ledger_total(lines))}
    pending = [line for line in lines if line.is_pending]
    if pending:
        text += " " + ngettext(
            "Not included: %(count)s variation awaiting a decision, %(amount)s, counted once accepted.",
            "Not included: %(count)s variations awaiting a decision, %(amount)s in all, counted once accepted.",
            len(pending),
        ) % {"count": len(pending), "amount": format_gbp(uncounted_amount(lines))}
    return text


def _fill(prefix: str, pattern: str) -> str:
    return "#1d70b8" if pattern == "solid" else f"url(#{prefix}-{pattern})"


def _patterns(prefix: str) -> str:
    """Black-on-white fills that tell the steps apart in print and in greyscale."""
    shapes = {
        "hatch": f'<path d="M0,8 L8,0" stroke="{INK}" stroke-width="1.5"/>',
        "dots": f'<circle cx="4" cy="4" r="1.6" fill="{INK}"/>',
        "cross": f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{INK}" stroke-width="1"/>',
        "lines": f'<path d="M0,4 L8,4" stroke="{INK}" stroke-width="1.5"/>',
    }
    return "".join(
        f'<pattern id="{prefix}-{name}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="#ffffff"/>{shape}</pattern>'
        for name, shape in shapes.items()
    )
