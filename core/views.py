"""Service-wide views: the list-page base every table page is built on, and the health check."""

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from core.forms import GovukForm


class NoFilters(django_filters.FilterSet):
    """For list pages with nothing to filter by: every row, and an empty GOV.UK form."""

    class Meta:
        form = GovukForm


class GovukListView(ExportMixin, SingleTableMixin, FilterView):
    """A list page: a django-tables2 table (sortable), a django-filter form, and CSV and XLSX downloads of exactly the
    rows the filters select. Set ``table_class``, ``filterset_class`` (optional), ``template_name``, ``export_name``
    and ``title``; override ``get_queryset`` (or ``get_table_data`` for rows that are not a queryset).

    Staff pages use :class:`StaffListView`; this base alone serves the public.
    """

    export_formats = ("csv", "xlsx")
    table_pagination = {"per_page": 50}
    title = ""

    def get_filterset_class(self):
        return self.filterset_class or NoFilters

    def get_dataset_kwargs(self):
        return {"title": str(self.title)[:31]}  # a spreadsheet's sheet name holds at most 31 characters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_formats"] = self.export_formats
        context["title"] = self.title
        return context


class StaffListView(LoginRequiredMixin, PermissionRequiredMixin, GovukListView):
    """A list page for signed-in staff holding ``permission_required``; others are sent to sign in, or refused."""


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
