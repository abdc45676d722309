"""Tables of grants for the front office."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.money import format_gbp, quantize
from core.tables import GovukTable
from grants.models import Grant

_CELL = {"class": "govuk-table__cell"}
_HEADER = {"class": "govuk-table__header", "scope": "col"}
_NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric", "scope": "col"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}


def _organisation(organisation) -> str:
    return organisation.short_name or organisation.name


class GrantTable(GovukTable):
    """One row per grant with its original award and current total (original plus accepted variations).

    Expects the rows from ``grants.selectors.grants_for_list``: ``annotated_total_amount`` annotated and the
    funder, programme and accepting decision selected with the grant. Amounts export as numbers.
    """

    funder_reference = tables.Column(
        verbose_name=_("Reference"),
        linkify=("grants:detail", {"pk": tables.A("pk")}),
        order_by=("funder_reference", "pk"),
        attrs={"a": {"class": "govuk-link"}, "th": _HEADER, "td": _CELL},
    )
    title = tables.Column(verbose_name=_("Title"), order_by=("title", "pk"))
    funder = tables.Column(verbose_name=_("Funder"), order_by=("funder__name", "pk"))
    programme = tables.Column(verbose_name=_("Programme"), order_by=("programme__name", "pk"))
    financial_year = tables.Column(verbose_name=_("Financial year"), order_by=("financial_year", "funder_reference"))
    original_award_amount = tables.Column(
        verbose_name=_("Original award"), order_by=("original_award_amount", "pk"), attrs=_NUMERIC
    )
    current_total = tables.Column(
        verbose_name=_("Current total"),
        accessor="annotated_total_amount",
        order_by=("annotated_total_amount", "pk"),
        attrs=_NUMERIC,
    )
    # Shown (and exported) by its label: the model field's choices.
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "pk"))
    accepting_decision = tables.Column(
        verbose_name=_("Accepting decision"), order_by=("accepting_decision__reference", "pk")
    )

    class Meta(GovukTable.Meta):
        model = Grant
        fields = ()
        sequence = (
            "funder_reference",
            "title",
            "funder",
            "programme",
            "financial_year",
            "original_award_amount",
            "current_total",
            "status",
            "accepting_decision",
        )
        empty_text = _("No grants match these filters.")

    caption = _("Grants")

    # Parties ---------------------------------------------------------------------------------------------------------

    def render_funder(self, value) -> str:
        return _organisation(value)

    def value_funder(self, value) -> str:
        return value.name

    def render_programme(self, value) -> str:
        return value.short_name or value.name

    def value_programme(self, value) -> str:
        return value.name

    def render_financial_year(self, value) -> str:
        return str(value)

    # Money: formatted on screen, numbers in exports (SQLite's Sum can come back with an odd scale) --------------------

    def render_original_award_amount(self, value) -> str:
        return format_gbp(value)

    def value_original_award_amount(self, value):
        return quantize(value)

    def render_current_total(self, value) -> str:
        return format_gbp(value)

    def value_current_total(self, value):
        return quantize(value)

    # The accepting decision: a link for those who read decisions -----------------------------------------------------

    def render_accepting_decision(self, value):
        request = getattr(self, "request", None)
        if request is not None and request.user.has_perm("decisions.view_decision"):
            return format_html(
                '<a class="govuk-link" href="{}">{}</a>', reverse("decisions:detail", args=[value.pk]), value.reference
            )
        return value.reference

    def value_accepting_decision(self, value) -> str:
        return value.reference
