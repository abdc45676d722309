"""Back office for decision forms and their content.

Once the decision-maker has signed (approved, published) a decision is frozen: its form and every part
of its content are read-only here and it cannot be deleted. Sign-offs and the audit trail of events are
written only by the workflow services, so they are read-only everywhere. Confidential (Part 2) content is
shown only to users who hold ``decisions.view_part_2``.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.http import client_address
from core.refusals import Refused
from decisions import services
from decisions.admin.service_records import DecisionEventInline, SignOffInline
from decisions.choices import EDITABLE_STATUSES, FROZEN_STATUSES, Part
from decisions.models import (
    Decision,
    OfficerDeclaration,
    Paragraph,
    Recommendation,
    Section,
    SupportingPaper,
)
from decisions.selectors import search_decisions
from decisions.services import decision_create, declaration_confirm
from decisions.workflow import available_actions

PART_2_PERMISSION = "decisions.view_part_2"
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


def decision_is_frozen(decision: Decision | None) -> bool:
    """True unless the decision is a draft or returned for changes.

    Once submitted, what the signers read must stay as it is (they sign its hash); once approved it is a
    signed record for good. Changes in between come from returning it.
    """
    return decision is not None and decision.status not in EDITABLE_STATUSES


def may_see_part_2(user) -> bool:
    return user.has_perm(PART_2_PERMISSION)


def _is_content_autocomplete(request) -> bool:
    """True when a decision-content form asks for choices (its pickers offer only what may still change)."""
    return request.path == reverse("admin:autocomplete") and request.GET.get("app_label") == Decision._meta.app_label


# ---------------------------------------------------------------------------------------------------------------------
# Inlines on the decision and on its sections


class FrozenDecisionInline:
    """Content shown inside a decision's (or a section's) page: no add, change or delete once the decision is frozen."""

    def parent_decision(self, parent) -> Decision | None:
        return parent

    def has_add_permission(self, request, obj) -> bool:
        return super().has_add_permission(request, obj) and not decision_is_frozen(self.parent_decision(obj))

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not decision_is_frozen(self.parent_decision(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not decision_is_frozen(self.parent_decision(obj))


class RecommendationInline(FrozenDecisionInline, admin.TabularInline):
    model = Recommendation
    fields = ["position", "text"]
    formfield_overrides = COMPACT_TEXT
    extra = 0


class SectionInline(FrozenDecisionInline, admin.TabularInline):
    model = Section
    fields = ["part", "position", "kind", "heading", "paragraph_style"]
    extra = 0
    # Paragraphs and the Part 2 rationale are edited on the section's own page.
    show_change_link = True

    def get_queryset(self, request):
        sections = super().get_queryset(request)
        return sections if may_see_part_2(request.user) else sections.exclude(part=Part.PART_2)


class OfficerDeclarationInline(FrozenDecisionInline, admin.TabularInline):
    """The form's declarations: ticked here through the service, which records who ticked and when."""

    model = OfficerDeclaration
    fields = ["label", "statement", "confirmed", "confirmed_on", "confirmed_by"]
    readonly_fields = ["label", "statement", "confirmed_on", "confirmed_by"]
    extra = 0

    def has_add_permission(self, request, obj) -> bool:
        return False  # the service gives each form its declarations

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SupportingPaperInline(FrozenDecisionInline, admin.TabularInline):
    model = SupportingPaper
    fk_name = "decision"
    fields = ["position", "title", "file", "related_decision", "related_variation", "is_confidential"]
    autocomplete_fields = ["related_decision", "related_variation"]
    extra = 0

    def get_queryset(self, request):
        papers = super().get_queryset(request)
        return papers if may_see_part_2(request.user) else papers.filter(is_confidential=False)


class ParagraphInline(FrozenDecisionInline, admin.TabularInline):
    model = Paragraph
    fields = ["position", "parent", "heading", "text"]
    formfield_overrides = COMPACT_TEXT
    extra = 0

    def parent_decision(self, parent) -> Decision | None:
        return parent.decision if parent is not None else None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section", "parent")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parent_field = formset.form.base_fields.get("parent")
        if parent_field is not None:
            # A lettered item hangs from a numbered paragraph of the same section.
            parent_field.queryset = (
                Paragraph.objects.filter(section=obj, parent__isnull=True).select_related("section")
                if obj is not None
                else Paragraph.objects.none()
            )
        return formset


# ---------------------------------------------------------------------------------------------------------------------
# The decision


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = [
        "reference",
        "title",
        "form_type",
        "decision_maker",
        "policing_body",
        "status",
        "created_at",
        "part_1_deferred",
        "published_on",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "status",
        "form_type",
        "decision_maker",
        "part_1_deferred",
        ("policing_body", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["policing_body"]
    search_fields = ["reference", "title", "executive_summary"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["policing_body", "grants", "refers_to"]
    # The drafting officer is whoever created the draft: separation of duties at signing depends on it.
    readonly_fields = ["status", "drafted_by", "created_at", "published_on"]
    fieldsets = [
        (None, {"fields": ["reference", "status", "form_type", "decision_maker", "policing_body", "title"]}),
        (_("Summary and recommendations"), {"fields": ["executive_summary", "recommendation_intro"]}),
        (
            _("Public access"),
            {
                "fields": [
                    "part_1_deferred",
                    "deferral_reason",
                    "deferral_until",
                    "deferral_period",
                    "deferral_period_unit",
                ]
            },
        ),
        (_("Related records"), {"fields": ["grants", "refers_to"]}),
        (_("Record"), {"fields": ["drafted_by", "created_at", "published_on"]}),
    ]
    inlines = [
        RecommendationInline,
        SectionInline,
        SupportingPaperInline,
        OfficerDeclarationInline,
        SignOffInline,
        DecisionEventInline,
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # A new form's decision-maker follows from its form type (the DMPC for a PCD, the PCC for a PCC form).
        return readonly if obj is not None else [*readonly, "decision_maker"]

    def get_inlines(self, request, obj):
        if obj is None:
            # A new decision gets its form's declarations from the service; it has no signatures or events yet.
            return [RecommendationInline, SectionInline, SupportingPaperInline]
        return super().get_inlines(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None and "reference" in form.base_fields:
            # A new draft takes the next reference of its body's series; a reference is typed only for a historic one.
            reference = form.base_fields["reference"]
            reference.required = False
            reference.help_text = _("Leave empty to take the next number of the policing body's reference series.")
        return form

    def save_formset(self, request, form, formset, change):
        if formset.model is OfficerDeclaration:
            # A tick is recorded by the service, with who ticked and when; nothing else of a declaration is edited.
            formset.save(commit=False)  # what changed, for the page's history message; nothing is written here
            for declaration_form in formset.forms:
                if declaration_form.instance.pk and "confirmed" in declaration_form.changed_data:
                    declaration_confirm(
                        declaration=declaration_form.instance,
                        by=request.user,
                        confirmed=declaration_form.cleaned_data["confirmed"],
                    )
            return
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        from decisions.admin.authority import record_from_paper_view

        urls = [
            path(
                "record-from-paper/",
                self.admin_site.admin_view(lambda request: record_from_paper_view(self, request)),
                name="decisions_decision_record_from_paper",
            )
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_record_from_paper": request.user.has_perm("decisions.add_decision"),
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = decision_create(
            by=request.user,
            policing_body=obj.policing_body,
            title=obj.title,
            form_type=obj.form_type,
            reference=obj.reference or None,
            client_address=client_address(request),
        )
        obj.reference = created.reference
        # The rest of the form (summary, lead-in, public access) goes onto the row the service made.
        obj.pk = created.pk
        obj.decision_maker = created.decision_maker
        obj.drafted_by = created.drafted_by
        obj.created_at = created.created_at
        obj.recommendation_intro = obj.recommendation_intro or created.recommendation_intro
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not decision_is_frozen(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A decision a signed one refers to is part of that signed record.
        return (
            super().has_delete_permission(request, obj)
            and not decision_is_frozen(obj)
            and not (obj is not None and obj.referred_to_by.filter(status__in=FROZEN_STATUSES).exists())
        )

    # Workflow: buttons on the change page lead to the front-office steps (signing needs the whole form and
    # the signer's password); the list offers the steps that need no reason. All of them call the services.

    actions = ["submit_selected", "publish_selected"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = self.get_object(request, object_id)
        if decision is not None and request.method == "GET":
            try:
                services.ensure_editable(decision)
            except Refused as refusal:
                # Say why the page is read-only rather than leave the user to wonder.
                self.message_user(request, refusal.message, messages.WARNING)
        extra_context = {
            **(extra_context or {}),
            "workflow_actions": available_actions(decision, request.user) if decision else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _run(self, request, queryset, service, done: str) -> None:
        moved = 0
        for decision in queryset:
            try:
                service(decision=decision, by=request.user, client_address=client_address(request))
            except Refused as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(request, done % {"count": moved}, messages.SUCCESS)

    @admin.action(description=_("Submit selected decisions for sign-off"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._run(request, queryset, services.decision_submit, _("%(count)s decision(s) submitted."))

    @admin.action(description=_("Publish Part 1 of selected decisions"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.decision_publish, _("%(count)s decision(s) published."))

    def has_submit_permission(self, request) -> bool:
        return request.user.has_perm("decisions.submit_decision")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("decisions.publish_decision")

    def get_search_results(self, request, queryset, search_term):
        searched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            # Signed decisions are also found by the words of their Part 1, as the register and the portal find them.
            words = search_decisions(Decision.objects.all(), search_term).values("pk")
            searched = searched | queryset.filter(pk__in=words)
        if _is_content_autocomplete(request) and request.GET.get("field_name") == "decision":
            searched = searched.exclude(status__in=FROZEN_STATUSES)
        return searched, may_have_duplicates


# ---------------------------------------------------------------------------------------------------------------------
# A decision's content on its own pages


class DecisionContentAdmin(HistoryAdmin):
    """A part of a decision's content: read-only once its decision is frozen, added only to a decision still open.

    Where content can be confidential (Part 2), ``confidential`` picks those rows in a query and
    ``is_part_2`` tells one row; either way they are hidden from users without ``view_part_2``.
    """

    confidential: Q | None = None

    def decision_of(self, content) -> Decision:
        return content.decision

    def is_part_2(self, content) -> bool:
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.confidential is not None and not may_see_part_2(request.user):
            queryset = queryset.exclude(self.confidential)
        return queryset

    def is_hidden_from(self, request, content) -> bool:
        return content is not None and self.is_part_2(content) and not may_see_part_2(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and not self.is_hidden_from(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return (
            super().has_change_permission(request, obj)
            and not decision_is_frozen(self.decision_of(obj))
            and not self.is_hidden_from(request, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_delete_permission(request)
        return (
            super().has_delete_permission(request, obj)
            and not decision_is_frozen(self.decision_of(obj))
            and not self.is_hidden_from(request, obj)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "decision":
            kwargs["queryset"] = Decision.objects.exclude(status__in=FROZEN_STATUSES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Recommendation)
class RecommendationAdmin(DecisionContentAdmin):
    list_display = ["decision", "position", "excerpt"]
    list_display_links = ["position", "excerpt"]
    list_filter = ["decision__status"]
    list_select_related = ["decision"]
    search_fields = ["text", "decision__reference"]
    autocomplete_fields = ["decision"]
    fields = ["decision", "position", "text"]

    @admin.display(description=_("recommendation"), ordering="text")
    def excerpt(self, recommendation: Recommendation) -> str:
        return Truncator(recommendation.text).chars(120)


@admin.register(Section)
class SectionAdmin(DecisionContentAdmin):
    confidential = Q(part=Part.PART_2)
    list_display = ["decision", "part", "position", "heading", "kind", "paragraph_style"]
    list_display_links = ["position", "heading"]
    list_filter = ["part", "kind", "paragraph_style", "decision__status"]
    search_fields = ["heading", "decision__reference", "decision__title"]
    autocomplete_fields = ["decision"]
    fields = ["decision", "part", "position", "kind", "heading", "paragraph_style", "non_publication_rationale"]
    inlines = [ParagraphInline]

    def is_part_2(self, section: Section) -> bool:
        return section.part == Part.PART_2

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _is_content_autocomplete(request) and request.GET.get("field_name") == "section":
            queryset = queryset.exclude(decision__status__in=FROZEN_STATUSES)
        return queryset, may_have_duplicates


@admin.register(Paragraph)
class ParagraphAdmin(DecisionContentAdmin):
    confidential = Q(section__part=Part.PART_2)
    list_display = ["section", "number", "heading", "excerpt"]
    list_display_links = ["number", "excerpt"]
    list_filter = ["section__part", "section__kind", "section__decision__status"]
    search_fields = ["text", "heading", "section__heading", "section__decision__reference"]
    autocomplete_fields = ["section", "parent"]
    fields = ["section", "parent", "position", "heading", "text"]

    def decision_of(self, paragraph: Paragraph) -> Decision:
        return paragraph.section.decision

    def is_part_2(self, paragraph: Paragraph) -> bool:
        return paragraph.section.part == Part.PART_2

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section__decision")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if _is_content_autocomplete(request) and request.GET.get("field_name") == "parent":
            queryset = queryset.filter(parent__isnull=True).exclude(section__decision__status__in=FROZEN_STATUSES)
        return queryset, may_have_duplicates

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        open_sections = Section.objects.exclude(decision__status__in=FROZEN_STATUSES)
        if not may_see_part_2(request.user):
            open_sections = open_sections.exclude(part=Part.PART_2)
        if db_field.name == "section":
            kwargs["queryset"] = open_sections.select_related("decision")
        elif db_field.name == "parent":
            kwargs["queryset"] = Paragraph.objects.filter(
                parent__isnull=True, section__in=open_sections
            ).select_related("section")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("number"), ordering="position")
    def number(self, paragraph: Paragraph) -> str:
        return paragraph.number or "–"

    @admin.display(description=_("text"), ordering="text")
    def excerpt(self, paragraph: Paragraph) -> str:
        return Truncator(paragraph.text).chars(120)


@admin.register(SupportingPaper)
class SupportingPaperAdmin(DecisionContentAdmin):
    confidential = Q(is_confidential=True)
    list_display = ["decision", "position", "title", "file", "related_decision", "related_variation", "is_confidential"]
    list_display_links = ["position", "title"]
    list_filter = ["is_confidential", "decision__status"]
    list_select_related = ["decision", "related_decision", "related_variation__grant"]
    search_fields = ["title", "decision__reference", "related_decision__reference"]
    autocomplete_fields = ["decision", "related_decision", "related_variation"]
    fields = ["decision", "position", "title", "file", "related_decision", "related_variation", "is_confidential"]

    def is_part_2(self, paper: SupportingPaper) -> bool:
        return paper.is_confidential


@admin.register(OfficerDeclaration)
class OfficerDeclarationAdmin(DecisionContentAdmin):
    """Each form gets its declarations from the service that drafts it; here they are read, and ticked through the
    service (which records who ticked and when)."""

    list_display = ["decision", "position", "label", "kind", "confirmed", "confirmed_on", "confirmed_by"]
    list_display_links = ["position", "label"]
    list_filter = ["kind", "confirmed", "decision__status"]
    list_select_related = ["decision", "confirmed_by"]
    search_fields = ["label", "statement", "decision__reference"]
    date_hierarchy = "confirmed_on"
    fields = ["decision", "kind", "position", "label", "statement", "confirmed", "confirmed_on", "confirmed_by"]
    readonly_fields = ["decision", "kind", "position", "label", "statement", "confirmed_on", "confirmed_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if "confirmed" in form.changed_data:
            declaration_confirm(declaration=obj, by=request.user, confirmed=form.cleaned_data["confirmed"])
