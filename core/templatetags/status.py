"""``{% status_tag decision %}``: a decision's status as a GOV.UK tag, each status in a colour of its own.

The colours are keyed by the statuses' stored values (``decisions.choices.DecisionStatus``: core cannot import the
decisions app); a status without one shows as a plain tag. The text always names the status, so the colour is never
the only way to tell them apart.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_TAG_CLASSES = {
    "draft": "govuk-tag--grey",
    "submitted": "govuk-tag--blue",
    "cleared": "govuk-tag--light-blue",
    "approved": "govuk-tag--green",
    "published": "govuk-tag--turquoise",
    "returned": "govuk-tag--orange",
    "rejected": "govuk-tag--red",
    "withdrawn": "govuk-tag--purple",
}


def status_tag_class(status: str) -> str:
    """The GOV.UK tag modifier class for a decision status (``""`` for one without a colour)."""
    return STATUS_TAG_CLASSES.get(str(status), "")


@register.simple_tag
def status_tag(decision, id: str = "") -> str:
    """``<strong class="govuk-tag govuk-tag--…">Status</strong>`` for ``decision`` (anything with ``status`` and
    ``get_status_display``), with ``id`` when given."""
    classes = " ".join(filter(None, ("govuk-tag", status_tag_class(decision.status))))
    if id:
        return format_html('<strong class="{}" id="{}">{}</strong>', classes, id, decision.get_status_display())
    return format_html('<strong class="{}">{}</strong>', classes, decision.get_status_display())


register.filter("status_tag_class", status_tag_class)
