"""A grant's funding picture as an SVG drawn on the server: no JavaScript, readable without colour.

One row per step that makes the total (the original award, then each accepted variation, drawn from the total
before it to the total after it), then the total as one bar with the steps stacked in it. Every bar has its
amount written beside it and its own fill pattern, and the whole picture is described in ``<title>``/``<desc>``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import format_gbp
from grants.models import Grant
from grants.selectors import LedgerLine, ledger_total, uncounted_amount

WIDTH = 640
MARGIN = 8
BAR_WIDTH = WIDTH - 2 * MARGIN
ROW_HEIGHT = 64
LABEL_OFFSET = 20
BAR_OFFSET = 28
BAR_HEIGHT = 26
MIN_BAR = 2  # a small change still shows as a sliver
INK = "#0b0c0c"
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


def funding_picture_svg(grant: Grant, lines: list[LedgerLine]) -> SafeString:
    """The SVG markup of ``grant``'s funding picture, for inline use in the grant page."""
    steps = funding_steps(lines)
    total = ledger_total(lines)
    prefix = f"grant-{grant.pk}-funding"
    scale_max = max([Decimal(0), *(step.total_after for step in steps), *(step.amount for step in steps)])
    height = ROW_HEIGHT * (len(steps) + 1) + MARGIN

    def x(amount: Decimal) -> float:
        if scale_max <= 0:
            return float(MARGIN)
        return MARGIN + float(max(amount, Decimal(0)) / scale_max) * BAR_WIDTH

    def bar(start: Decimal, end: Decimal, top: int, pattern: str) -> str:
        left, right = sorted((x(start), x(end)))
        width = max(right - left, MIN_BAR)
        return (
            f'<rect x="{left:.1f}" y="{top}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{_fill(prefix, pattern)}" stroke="{INK}" stroke-width="1"/>'
        )

    def label(text: str, top: int, *, bold: bool = False) -> str:
        weight = ' font-weight="bold"' if bold else ""
        return f'<text x="{MARGIN}" y="{top + LABEL_OFFSET}" font-size="16" fill="{INK}"{weight}>{escape(text)}</text>'

    parts = []
    before = Decimal(0)
    for index, step in enumerate(steps):
        top = index * ROW_HEIGHT
        text = f"{step.label}: {step.amount_display}" if index == 0 else f"{step.label}: {step.signed_display}"
        parts.append(label(text, top))
        parts.append(bar(before, step.total_after, top + BAR_OFFSET, step.pattern))
        before = step.total_after

    top = len(steps) * ROW_HEIGHT
    parts.append(f'<line x1="{MARGIN}" x2="{WIDTH - MARGIN}" y1="{top + 2}" y2="{top + 2}" stroke="{INK}"/>')
    parts.append(label(_("Current total: %(total)s") % {"total": format_gbp(total)}, top + 4, bold=True))
    if all(step.amount >= 0 for step in steps):
        # The steps stacked end to end make the total.
        before = Decimal(0)
        for step in steps:
            parts.append(bar(before, step.total_after, top + BAR_OFFSET + 4, step.pattern))
            before = step.total_after
    else:
        # With a reduction the pieces no longer stack: the total is drawn whole.
        parts.append(bar(Decimal(0), total, top + BAR_OFFSET + 4, "solid"))

    title = _("Funding of grant %(reference)s, %(year)s") % {
        "reference": grant.funder_reference,
        "year": grant.financial_year,
    }
    return mark_safe(  # noqa: S308 - every piece of text in it is escaped above or below
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-funding-picture" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {WIDTH} {height + 4}" '
        f'width="{WIDTH}" height="{height + 4}" style="max-width: 100%; height: auto" '
        f'font-family="arial, sans-serif">'
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
