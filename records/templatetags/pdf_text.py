"""``{{ text|breakable }}``: user text made safe to lay out in a PDF.

A run of characters with no space in it (a pasted URL, a hash, or a word typed to break the form) gets an invisible
break opportunity (U+200B, zero-width space) every 40 characters. WeasyPrint breaks there as it would at a space;
without them it searches for a break across the whole run, which for a long one takes minutes (a 100,000-character
word took over two minutes; with the breaks, a second and a half).
"""

import re

from django import template

register = template.Library()

RUN = 40
ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(rf"\S{{{RUN + 1},}}")


def _break(match: re.Match) -> str:
    run = match[0]
    return ZERO_WIDTH_SPACE.join(run[start : start + RUN] for start in range(0, len(run), RUN))


@register.filter
def breakable(text) -> str:
    if not text:
        return text
    return _LONG_RUN.sub(_break, str(text))
