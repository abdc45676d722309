"""Filters for the list of grants."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.forms import GovukForm
from grants.choices import GrantStatus
from grants.models import Grant, Organisation, Programme


def financial_years_of(grants: QuerySet[Grant]) -> list[FinancialYear]:
    """The financial years ``grants`` are for, newest first (one query)."""
    years = grants.order_by().values_list("financial_year", flat=True).distinct()
    return sorted({FinancialYear.parse(year) for year in years if year}, reverse=True)


class GrantFilter(django_filters.FilterSet):
    """Narrows the grants by financial year, funder, programme, status, and reference or title."""

    search = django_filters.CharFilter(label=_("Reference, title or decision"), method="filter_search")
    financial_year = django_filters.ChoiceFilter(
        label=_("Financial year"), choices=(), method="filter_financial_year", empty_label=_("Any year")
    )
    funder = django_filters.ModelChoiceFilter(
        label=_("Funder"), queryset=Organisation.objects.none(), empty_label=_("Any funder")
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=_("Any programme")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=GrantStatus.choices, empty_label=_("Any status"))

    class Meta:
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["financial_year"].extra["choices"] = [
            (str(year), str(year)) for year in financial_years_of(Grant.objects.all())
        ]
        self.filters["funder"].queryset = Organisation.objects.filter(
            pk__in=Grant.objects.order_by().values("funder")
        ).order_by("name")
        self.filters["programme"].queryset = Programme.objects.order_by("name")

    def filter_search(self, queryset: QuerySet[Grant], name: str, value: str) -> QuerySet[Grant]:
        text = " ".join(value.split())
        if not text:
            return queryset
        return queryset.filter(
            Q(funder_reference__icontains=text)
            | Q(title__icontains=text)
            | Q(programme__name__icontains=text)
            | Q(programme__short_name__icontains=text)
            | Q(accepting_decision__reference__icontains=text)
        )

    def filter_financial_year(self, queryset: QuerySet[Grant], name: str, value: str) -> QuerySet[Grant]:
        return queryset.filter(financial_year=FinancialYear.parse(value))
