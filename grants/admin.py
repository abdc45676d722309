"""Back office for funders, programmes, grants and their variations.

A grant's current total is derived (original award plus accepted variations) and shown, never typed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.money import format_gbp
from grants.choices import GrantStatus, VariationStatus
from grants.models import Grant, GrantVariation, Organisation, Programme, VariationOutcome

# The fields of a grant that make its ledger; fixed once a decision has accepted (or declined) the grant.
LEDGER_GRANT_FIELDS = ["funder_reference", "funder", "recipient", "financial_year", "original_award_amount"]


def variation_is_decided(variation: GrantVariation | None) -> bool:
    return variation is not None and variation.status != VariationStatus.PROPOSED


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    ordering = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "classification", "host", "contracting_authority", "hosting_established"]
    list_filter = ["host", "contracting_authority"]
    list_select_related = ["host", "contracting_authority"]
    search_fields = ["name", "short_name", "classification"]
    autocomplete_fields = ["host", "contracting_authority"]
    ordering = ["name"]


class GrantVariationInline(admin.TabularInline):
    """The grant's variations as they stand; each is changed on its own page, where decided ones are fixed."""

    model = GrantVariation
    fields = ["sequence", "kind", "amount_change", "letter_reference", "letter_date", "decision", "status"]
    readonly_fields = fields
    ordering = ["sequence"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("variations")

    def has_add_permission(self, request, obj) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(HistoryAdmin):
    list_display = [
        "funder_reference",
        "title",
        "financial_year",
        "funder",
        "programme",
        "original_award",
        "current_total",
        "status",
        "accepting_decision",
    ]
    list_display_links = ["funder_reference", "title"]
    list_filter = ["status", "financial_year", "funder", "programme"]
    list_select_related = ["funder", "programme", "accepting_decision"]
    search_fields = [
        "funder_reference",
        "title",
        "funder__name",
        "funder__short_name",
        "programme__name",
        "programme__short_name",
        "accepting_decision__reference",
    ]
    date_hierarchy = "awarded_on"
    ordering = ["-financial_year", "funder_reference"]
    autocomplete_fields = ["funder", "recipient", "host", "programme", "accepting_decision"]
    readonly_fields = ["status", "current_total"]
    fieldsets = [
        (None, {"fields": ["funder_reference", "title", "financial_year", "status"]}),
        (_("Parties"), {"fields": ["funder", "recipient", "host", "programme"]}),
        (
            _("Award"),
            {"fields": ["original_award_amount", "current_total", "awarded_on", "accepted_on", "accepting_decision"]},
        ),
        (_("Conditions"), {"fields": ["conditions"]}),
    ]
    inlines = [GrantVariationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != GrantStatus.OFFERED:
            # The award a decision accepted is part of that signed record.
            readonly += [*LEDGER_GRANT_FIELDS, "accepted_on", "accepting_decision"]
        return readonly

    @admin.display(description=_("original award"), ordering="original_award_amount")
    def original_award(self, grant: Grant) -> str:
        return format_gbp(grant.original_award_amount)

    @admin.display(description=_("current total"), ordering="annotated_total_amount")
    def current_total(self, grant: Grant) -> str:
        # The add page has no grant yet; a saved grant reads the total from with_totals().
        if grant.pk is None:
            return "–"
        return format_gbp(grant.current_total_amount)


class VariationOutcomeInline(admin.TabularInline):
    model = VariationOutcome
    fields = ["position", "text"]
    ordering = ["position"]
    extra = 0

    def has_add_permission(self, request, obj) -> bool:
        return super().has_add_permission(request, obj) and not variation_is_decided(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not variation_is_decided(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not variation_is_decided(obj)


@admin.register(GrantVariation)
class GrantVariationAdmin(HistoryAdmin):
    list_display = [
        "grant",
        "sequence",
        "kind",
        "amount",
        "letter_reference",
        "letter_date",
        "funds_financial_year",
        "status",
        "decision",
    ]
    list_display_links = ["sequence"]
    list_filter = ["status", "kind", "grant__financial_year", "grant__funder"]
    search_fields = [
        "grant__funder_reference",
        "grant__title",
        "letter_reference",
        "description",
        "decision__reference",
    ]
    date_hierarchy = "letter_date"
    ordering = ["-grant__financial_year", "grant__funder_reference", "sequence"]
    autocomplete_fields = ["grant", "decision"]
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["grant", "sequence", "kind", "amount_change", "funds_financial_year", "status"]}),
        (_("Variation letter"), {"fields": ["letter_reference", "letter_date", "letter_file"]}),
        (_("Purpose"), {"fields": ["description", "decision"]}),
    ]
    inlines = [VariationOutcomeInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if variation_is_decided(obj):
            # Accepted or declined by a decision: the ledger line stands as decided.
            readonly += [f.name for f in GrantVariation._meta.fields if f.editable and f.name not in readonly]
        return readonly

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not variation_is_decided(obj)

    def get_queryset(self, request):
        # Every variation's name starts with its grant's reference (lists, autocomplete, pickers). The changelist
        # ignores list_select_related once the queryset selects related rows, so the list's columns are here too.
        return super().get_queryset(request).select_related("grant", "decision")

    @admin.display(description=_("change to the award"), ordering="amount_change")
    def amount(self, variation: GrantVariation) -> str:
        return format_gbp(variation.amount_change)


@admin.register(VariationOutcome)
class VariationOutcomeAdmin(admin.ModelAdmin):
    list_display = ["variation", "letter", "text"]
    list_select_related = ["variation__grant"]
    list_filter = ["variation__grant__financial_year"]
    search_fields = ["text", "variation__grant__funder_reference", "variation__letter_reference"]
    ordering = [
        "-variation__grant__financial_year",
        "variation__grant__funder_reference",
        "variation__sequence",
        "position",
    ]
    autocomplete_fields = ["variation"]

    # The outcomes of a variation accepted or declined are part of the ledger line as decided.
    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and variation_is_decided(obj.variation))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and variation_is_decided(obj.variation))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "variation":
            kwargs["queryset"] = GrantVariation.objects.filter(status=VariationStatus.PROPOSED).select_related("grant")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("item"), ordering="position")
    def letter(self, outcome: VariationOutcome) -> str:
        return f"{outcome.letter}."
