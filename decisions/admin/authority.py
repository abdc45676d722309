"""Back office for who may sign for which body (appointments), how each body numbers its decisions (reference
series), signing lock-outs after wrong passwords, and entering a decision that was signed on paper."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.forms import GovukForm
from core.http import client_address
from core.refusals import Refused
from decisions.choices import FormType
from decisions.models import Appointment, ReferenceSeries, SigningThrottle
from decisions.paper import PERMISSION as RECORD_PERMISSION
from decisions.paper import decision_record_from_paper
from decisions.throttle import signing_unlock
from grants.models import Organisation


@admin.register(Appointment)
class AppointmentAdmin(HistoryAdmin):
    list_display = ["person", "office", "policing_body", "title", "starts_on", "ends_on", "is_deputy"]
    list_filter = ["office", "is_deputy", ("policing_body", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["person", "policing_body"]
    search_fields = ["person__username", "person__first_name", "person__last_name", "title", "policing_body__name"]
    autocomplete_fields = ["person", "policing_body"]
    date_hierarchy = "starts_on"
    fields = ["person", "office", "policing_body", "title", "starts_on", "ends_on", "is_deputy", "delegation"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        # An appointment someone signed under is part of the record of that signature: end it instead.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.sign_offs.exists())


@admin.register(ReferenceSeries)
class ReferenceSeriesAdmin(HistoryAdmin):
    list_display = ["policing_body", "prefix", "per_year", "next_number", "year"]
    search_fields = ["policing_body__name", "prefix"]
    autocomplete_fields = ["policing_body"]
    fields = ["policing_body", "prefix", "per_year", "next_number"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SigningThrottle)
class SigningThrottleAdmin(admin.ModelAdmin):
    list_display = ["user", "failures", "last_failure_at", "locked_until"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "failures", "last_failure_at", "locked_until"]
    actions = ["unlock"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Let them sign again now"), permissions=["unlock"])
    def unlock(self, request, queryset):
        for throttle in queryset.select_related("user"):
            signing_unlock(user=throttle.user)
        self.message_user(request, _("Signing unlocked for %(count)s person(s).") % {"count": queryset.count()})

    def has_unlock_permission(self, request) -> bool:
        return request.user.is_superuser


# --- A decision signed on paper -----------------------------------------------------------------------------------

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class PaperDecisionForm(GovukForm):
    """What the signed paper form says."""

    policing_body = forms.ModelChoiceField(label=_("Policing body"), queryset=Organisation.objects.none())
    form_type = forms.ChoiceField(label=_("Form"), choices=FormType.choices)
    reference = forms.CharField(label=_("Reference as printed"), max_length=40, help_text=_("e.g. PCD 1763"))
    title = forms.CharField(label=_("Title"), max_length=400)
    executive_summary = forms.CharField(label=_("Executive summary"), required=False, widget=forms.Textarea)
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea, help_text=_("One a line, in order.")
    )
    consulted_name = forms.CharField(label=_("Consulted officer's name, as printed"), max_length=200)
    consulted_on = forms.DateField(label=_("Date the consulted officer signed"), input_formats=DATE_FORMATS)
    decision_maker_name = forms.CharField(label=_("Decision-maker's name, as printed"), max_length=200)
    decided_on = forms.DateField(label=_("Date the decision-maker signed"), input_formats=DATE_FORMATS)
    published_on = forms.DateField(label=_("Published on (if it was)"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policing_body"].queryset = Organisation.objects.filter(reference_series__isnull=False)


def record_from_paper_view(model_admin, request):
    """The back-office page that enters a decision signed on paper, through the service."""
    if not request.user.has_perm(RECORD_PERMISSION):
        raise PermissionDenied
    form = PaperDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decision_record_from_paper(
                by=request.user,
                policing_body=data["policing_body"],
                reference=data["reference"],
                title=data["title"],
                form_type=data["form_type"],
                executive_summary=data["executive_summary"],
                recommendations=tuple(data["recommendations"].splitlines()),
                consulted_name=data["consulted_name"],
                consulted_on=data["consulted_on"],
                decision_maker_name=data["decision_maker_name"],
                decided_on=data["decided_on"],
                published_on=data["published_on"],
                client_address=client_address(request),
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            model_admin.message_user(
                request,
                _("%(reference)s recorded from the signed paper form.") % {"reference": decision.reference},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:decisions_decision_change", args=[decision.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Record a decision signed on paper"),
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "decisions/admin/record_from_paper.html", context)
