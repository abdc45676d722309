"""Filters of the auditor's portal of sealed decisions."""

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.forms import GovukForm
from decisions.choices import DecisionMaker, DecisionStatus
from decisions.selectors import financial_years_of
from grants.models import Grant

SEALED_STATES = [(status.value, status.label) for status in (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED)]


class SealedDecisionFilter(django_filters.FilterSet):
    """Narrows the sealed decisions by financial year, decision-maker, grant, state, and reference or title."""

    search = django_filters.CharFilter(label=_("Reference or title"), method="filter_search")
    financial_year = django_filters.ChoiceFilter(
        label=_("Financial year"), choices=(), method="filter_financial_year", empty_label=_("Any year")
    )
    decision_maker = django_filters.ChoiceFilter(
        label=_("Decision-maker"), choices=DecisionMaker.choices, empty_label=_("Any decision-maker")
    )
    grant = django_filters.ModelChoiceFilter(
        label=_("Grant"), field_name="grants", queryset=Grant.objects.none(), empty_label=_("Any grant")
    )
    status = django_filters.ChoiceFilter(label=_("State"), choices=SEALED_STATES, empty_label=_("Any state"))

    class Meta:
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["financial_year"].extra["choices"] = [
            (str(year), str(year)) for year in financial_years_of(self.queryset)
        ]
        self.filters["grant"].queryset = (
            Grant.objects.filter(decisions__in=self.queryset.order_by().values("pk"))
            .distinct()
            .order_by(F("financial_year").desc(), "funder_reference")
        )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = " ".join(value.split())
        if not text:
            return queryset
        return queryset.filter(Q(reference__icontains=text) | Q(title__icontains=text))

    def filter_financial_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        year = FinancialYear.parse(value)
        return queryset.filter(decided_on__range=(year.starts_on, year.ends_on))
