"""Filters of the auditor's portal of sealed decisions."""

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.forms import GovukForm
from decisions.choices import FROZEN_STATUSES, DecisionMaker, DecisionStatus
from decisions.selectors import financial_years_of, search_decisions

SEALED_STATES = [(status.value, status.label) for status in (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED)]


class SealedDecisionFilter(django_filters.FilterSet):
    """Narrows the sealed decisions by financial year, decision-maker, grant, state, and words of Part 1.

    Built for tens of thousands of rows: the years offered come from the stored year (a few index probes), and a
    grant is given by its funder's reference, typed, rather than chosen from a list of every grant.
    """

    search = django_filters.CharFilter(label=_("Reference or words"), method="filter_search", max_length=200)
    financial_year = django_filters.ChoiceFilter(
        label=_("Financial year"), choices=(), method="filter_financial_year", empty_label=_("Any year")
    )
    decision_maker = django_filters.ChoiceFilter(
        label=_("Decision-maker"), choices=DecisionMaker.choices, empty_label=_("Any decision-maker")
    )
    grant = django_filters.CharFilter(
        label=_("Grant (funder's reference)"), method="filter_grant", max_length=100, help_text=_("For example, 685")
    )
    status = django_filters.ChoiceFilter(label=_("State"), choices=SEALED_STATES, empty_label=_("Any state"))

    class Meta:
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["financial_year"].extra["choices"] = [
            (str(year), str(year)) for year in financial_years_of(FROZEN_STATUSES)
        ]

    @property
    def search_text(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return " ".join((self.form.cleaned_data.get("search") or "").split())

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_decisions(queryset, value)

    def filter_grant(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        reference = " ".join(value.split())
        if not reference:
            return queryset
        through = queryset.model.grants.through
        about = through.objects.filter(decision_id=OuterRef("pk"), grant__funder_reference__iexact=reference)
        return queryset.filter(Exists(about))

    def filter_financial_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        year = FinancialYear.parse(value)
        return queryset.filter(decided_on__range=(year.starts_on, year.ends_on))
