"""Back office for funders, programmes, grants and their variations.

A grant's current total is derived (original award plus accepted variations) and shown, never typed.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.money import format_gbp
from grants.models import Grant, GrantVariation, Organisation, Programme, VariationOutcome

admin.site.site_header = _("Policing Grant Decisions")
admin.site.site_title = _("Policing Grant Decisions")
admin.site.index_title = _("Back office")


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows each record's change history to anyone who may view it, and never reverts from it.

    Reverting writes an old version back over the row, status included, which would move a record
    along its workflow (or out of a frozen state) without the service that guards that move.
    """

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


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
    model = GrantVariation
    fields = ["sequence", "kind", "amount_change", "letter_reference", "letter_date", "decision", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["decision"]
    ordering = ["sequence"]
    extra = 0
    # Outcomes, the letter and the description are edited on the variation's own page.
    show_change_link = True


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

    @admin.display(description=_("item"), ordering="position")
    def letter(self, outcome: VariationOutcome) -> str:
        return f"{outcome.letter}."
