"""The register's search and filters: public words only, by financial year of the decision and decision-maker."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from core.financial_year import FinancialYear
from core.forms import GovukForm
from decisions.choices import DecisionMaker, DecisionStatus
from decisions.selectors import financial_years_of
from register.search import MAX_SEARCH_LENGTH, search


class RegisterFilter(django_filters.FilterSet):
    """Search the public words of published decisions; narrow by financial year of the decision and decision-maker.

    The years offered are those of published decisions, read from the stored year (a few index probes, not a scan).
    """

    search = django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_search", max_length=MAX_SEARCH_LENGTH
    )
    financial_year = django_filters.ChoiceFilter(
        label=gettext_lazy("Financial year"),
        choices=(),
        method="filter_financial_year",
        empty_label=gettext_lazy("Any year"),
    )
    decision_maker = django_filters.ChoiceFilter(
        label=gettext_lazy("Decision-maker"),
        choices=DecisionMaker.choices,
        empty_label=gettext_lazy("Any decision-maker"),
    )

    class Meta:
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["financial_year"].extra["choices"] = [
            (str(year), str(year)) for year in financial_years_of([DecisionStatus.PUBLISHED])
        ]

    @property
    def search_text(self) -> str:
        """The words searched for, once the form is valid ("" when none)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return " ".join((self.form.cleaned_data.get("search") or "").split())

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value)

    def filter_financial_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A range of the stored date, so that the date's index both filters and sorts.
        year = FinancialYear.parse(value)
        return queryset.filter(decided_on__range=(year.starts_on, year.ends_on))
