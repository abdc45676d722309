"""Back office for police forces, national services, on-boarding plans, s22A agreements and cost shares."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.money import format_gbp
from decisions.choices import EDITABLE_STATUSES
from decisions.models import Decision
from forces.models import (
    AgreementSignatory,
    CollaborationAgreement,
    CostShareScenario,
    Force,
    OnboardingPlan,
    Service,
)


def _still_missing(signatory: AgreementSignatory) -> str:
    if signatory.pk is None:
        return "–"
    return ", ".join(str(gap) for gap in signatory.missing) or _("Nothing: signed and witnessed.")


class OnboardingPlanInline(admin.TabularInline):
    model = OnboardingPlan
    fields = [
        "service",
        "stage",
        "target_financial_year",
        "intent_signed_on",
        "onboarding_started_on",
        "live_on",
        "withdrawn_on",
    ]
    # The stage moves only through the plan's steps (start, go live, withdraw), which check the s22A rule.
    readonly_fields = ["stage", "onboarding_started_on", "live_on", "withdrawn_on"]
    extra = 0
    # The agreement, decisions and complexity notes are on the plan's own page.
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "policing_body_name", "policing_body_kind", "chief_officer_title"]
    list_filter = ["kind", "country", "policing_body_kind"]
    search_fields = ["name", "slug", "policing_body_name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    inlines = [OnboardingPlanInline]


class CostShareScenarioInline(admin.TabularInline):
    model = CostShareScenario
    fields = ["forces_on_board", "per_force_annual_amount", "label", "financial_year", "source_decision"]
    autocomplete_fields = ["source_decision"]
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "programme", "is_mandated"]
    list_filter = ["is_mandated", "programme"]
    list_select_related = ["programme"]
    search_fields = ["name", "short_name", "code"]
    prepopulated_fields = {"code": ["short_name"]}
    autocomplete_fields = ["programme"]
    ordering = ["name"]
    inlines = [CostShareScenarioInline]


class AgreementSignatoryInline(admin.StackedInline):
    model = AgreementSignatory
    fields = [
        ("capacity", "party"),
        ("signed_by_name", "signed_on", "execution"),
        ("witness_name", "witness_occupation", "witness_signed"),
        "witness_address",
        "still_missing",
    ]
    readonly_fields = ["still_missing"]
    extra = 0

    # Once both parties have signed and been witnessed, the blocks stand as signed.
    def has_add_permission(self, request, obj) -> bool:
        return super().has_add_permission(request, obj) and not (obj is not None and obj.is_signed)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_signed)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_signed)

    @admin.display(description=_("still missing"))
    def still_missing(self, signatory: AgreementSignatory) -> str:
        return _still_missing(signatory)


@admin.register(CollaborationAgreement)
class CollaborationAgreementAdmin(HistoryAdmin):
    list_display = ["title", "parties", "publication", "published_on"]
    list_filter = ["publication", "services"]
    search_fields = ["title", "objective", "forces__name"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["forces", "services"]
    ordering = ["title"]
    fieldsets = [
        (None, {"fields": ["title", "objective", "forces", "services", "document"]}),
        (_("Publication (s23E)"), {"fields": ["publication", "published_on"]}),
    ]
    inlines = [AgreementSignatoryInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_signed:
            # Signed by both parties: only its publication under s23E is recorded afterwards.
            readonly += ["title", "objective", "forces", "services", "document"]
        return readonly

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_signed)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("forces")

    @admin.display(description=_("forces party to it"))
    def parties(self, agreement: CollaborationAgreement) -> str:
        return ", ".join(force.name for force in agreement.forces.all())


@admin.register(AgreementSignatory)
class AgreementSignatoryAdmin(HistoryAdmin):
    list_display = [
        "party",
        "agreement",
        "capacity",
        "signed_by_name",
        "signed_on",
        "execution",
        "witness_name",
        "witness_signed",
    ]
    list_filter = ["capacity", "execution", "witness_signed"]
    list_select_related = ["agreement"]
    search_fields = ["party", "signed_by_name", "witness_name", "agreement__title"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["agreement"]
    ordering = ["agreement__title", "capacity"]
    readonly_fields = ["still_missing"]
    fieldsets = [
        (None, {"fields": ["agreement", "capacity", "party"]}),
        (_("Signature"), {"fields": ["signed_by_name", "signed_on", "execution"]}),
        (_("Witness"), {"fields": ["witness_name", "witness_address", "witness_occupation", "witness_signed"]}),
        (_("Completeness"), {"fields": ["still_missing"]}),
    ]

    def _fixed(self, signatory: AgreementSignatory | None) -> bool:
        return signatory is not None and (not signatory.missing or signatory.agreement.is_signed)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._fixed(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._fixed(obj)

    @admin.display(description=_("still missing"))
    def still_missing(self, signatory: AgreementSignatory) -> str:
        return _still_missing(signatory)


@admin.register(OnboardingPlan)
class OnboardingPlanAdmin(HistoryAdmin):
    list_display = [
        "force",
        "service",
        "stage",
        "target_financial_year",
        "intent_signed_on",
        "onboarding_started_on",
        "live_on",
        "agreement",
    ]
    list_display_links = ["force", "service"]
    list_filter = ["stage", "service", "target_financial_year", "force__country"]
    search_fields = ["force__name", "service__name", "service__short_name", "complexity_notes"]
    date_hierarchy = "intent_signed_on"
    autocomplete_fields = ["force", "service", "agreement", "decisions"]
    ordering = ["force__name", "service__name"]
    # The stage moves only through the plan's steps (start, go live, withdraw), which check the s22A rule;
    # the change page links to them.
    readonly_fields = ["stage", "onboarding_started_on", "live_on", "withdrawn_on"]

    def has_add_permission(self, request) -> bool:
        # A plan starts as a statement of intent, recorded from the force's page by the service that checks it.
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "decisions":
            # A plan is linked only to decisions that can still change (what a decision is about is signed with it).
            plan_id = request.resolver_match.kwargs.get("object_id") or 0
            kwargs["queryset"] = Decision.objects.filter(
                Q(status__in=EDITABLE_STATUSES) | Q(onboarding_plans__pk=plan_id)
            ).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    fieldsets = [
        (None, {"fields": ["force", "service", "stage", "target_financial_year"]}),
        (_("Dates"), {"fields": ["intent_signed_on", "onboarding_started_on", "live_on", "withdrawn_on"]}),
        (_("Agreement and decisions"), {"fields": ["agreement", "decisions"]}),
        (_("Notes"), {"fields": ["complexity_notes"]}),
    ]

    def get_queryset(self, request):
        # Each plan is named by its force and service (lists, pickers, autocomplete). The changelist ignores
        # list_select_related once the queryset selects related rows, so the list's agreement column is here too.
        return super().get_queryset(request).select_related("force", "service", "agreement")


@admin.register(CostShareScenario)
class CostShareScenarioAdmin(admin.ModelAdmin):
    list_display = ["service", "forces_on_board", "per_force_annual", "label", "financial_year", "source_decision"]
    list_display_links = ["forces_on_board", "per_force_annual"]
    list_filter = ["service"]
    list_select_related = ["service", "source_decision"]
    search_fields = ["service__name", "service__short_name", "label", "source_decision__reference"]
    autocomplete_fields = ["service", "source_decision"]
    ordering = ["service__name", "-forces_on_board"]

    @admin.display(description=_("cost per force per year"), ordering="per_force_annual_amount")
    def per_force_annual(self, scenario: CostShareScenario) -> str:
        return format_gbp(scenario.per_force_annual_amount)
