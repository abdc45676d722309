"""Filters for the table of on-boarding plans."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm
from forces.choices import Country, PolicingBodyKind, Stage
from forces.models import OnboardingPlan, Service


class OnboardingPlanFilter(django_filters.FilterSet):
    """Narrows the plans by service, stage, country, policing body type and target financial year."""

    service = django_filters.ModelChoiceFilter(
        label=_("Service"), queryset=Service.objects.order_by("name"), empty_label=_("Any service")
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("Any stage"))
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="force__country", choices=Country.choices, empty_label=_("Any country")
    )
    policing_body_kind = django_filters.ChoiceFilter(
        label=_("Policing body type"),
        field_name="force__policing_body_kind",
        choices=PolicingBodyKind.choices,
        empty_label=_("Any type"),
    )
    target_financial_year = django_filters.ChoiceFilter(
        label=_("Target financial year"), choices=(), empty_label=_("Any year")
    )

    class Meta:
        model = OnboardingPlan
        fields = ()
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        years = (
            OnboardingPlan.objects.exclude(target_financial_year=None)
            .order_by("-target_financial_year")
            .values_list("target_financial_year", flat=True)
            .distinct()
        )
        self.filters["target_financial_year"].extra["choices"] = [(str(year), str(year)) for year in years]
