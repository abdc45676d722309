"""The grants back office, with what belongs to decisions: drafting a decision from a variation, and keeping a
variation or a grant as its signers read it while the decision about it is being signed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.http import client_address
from core.refusals import Refused
from decisions.choices import EDITABLE_STATUSES, FROZEN_STATUSES
from decisions.drafting import decision_draft_from_variation
from decisions.models import Decision
from decisions.paper import grant_record_acceptance
from grants import admin as grants_admin
from grants.choices import GrantStatus, VariationStatus
from grants.models import Grant, GrantVariation

# What the signers of a decision read about a variation or a grant, fixed while the decision is being signed.
VARIATION_SIGNED_FIELDS = ["grant", "sequence", "kind", "amount_change", "letter_file", "decision"]
GRANT_SIGNED_FIELDS = [*grants_admin.LEDGER_GRANT_FIELDS, "accepting_decision"]


def being_signed(decision: Decision | None) -> bool:
    """Submitted or cleared, not yet decided: its signers sign what they read, so it must stay as they read it."""
    return decision is not None and decision.status not in EDITABLE_STATUSES and decision.status not in FROZEN_STATUSES


admin.site.unregister(GrantVariation)
admin.site.unregister(Grant)


@admin.register(GrantVariation)
class GrantVariationAdmin(grants_admin.GrantVariationAdmin):
    """The grants app's variation pages, with "Draft a decision from this variation" (a button and a list action)."""

    change_form_template = "decisions/admin/variation_change_form.html"
    actions = ["draft_decisions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and being_signed(obj.decision):
            readonly += [field for field in VARIATION_SIGNED_FIELDS if field not in readonly]
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "decision":
            # A variation is put before a decision only while that decision can still change.
            kwargs["queryset"] = Decision.objects.filter(status__in=EDITABLE_STATUSES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request) -> bool:
        # Variations are recorded from their letter on the grant's page, by the service that numbers and checks them.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        variation = self.get_object(request, object_id)
        if variation is not None and request.method == "GET" and being_signed(variation.decision):
            self.message_user(
                request,
                _(
                    "%(reference)s is being signed with this variation as it stands: the decision must be returned "
                    "before the variation changes."
                )
                % {"reference": variation.decision.reference},
                messages.WARNING,
            )
        can_draft = bool(
            variation
            and variation.status == VariationStatus.PROPOSED
            and variation.decision_id is None
            and request.user.has_perm("decisions.add_decision")
        )
        extra_context = {**(extra_context or {}), "can_draft_decision": can_draft}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Draft a decision from each selected variation"), permissions=["draft"])
    def draft_decisions(self, request, queryset):
        for variation in queryset:
            try:
                decision = decision_draft_from_variation(
                    variation=variation, by=request.user, client_address=client_address(request)
                )
            except Refused as refusal:
                self.message_user(request, f"{variation}: {refusal.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Draft %(reference)s created from %(variation)s.")
                    % {"reference": decision.reference, "variation": variation},
                    messages.SUCCESS,
                )

    def has_draft_permission(self, request) -> bool:
        return request.user.has_perm("decisions.add_decision")


@admin.register(Grant)
class GrantAdmin(grants_admin.GrantAdmin):
    """The grants app's grant pages: the accepting decision is chosen among decisions that can still change, or an
    approved one (the grant is then recorded as accepted by it, through the service), and a grant whose accepting
    decision is being signed stays as its signers read it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and being_signed(obj.accepting_decision):
            readonly += [field for field in GRANT_SIGNED_FIELDS if field not in readonly]
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        grant = self.get_object(request, object_id)
        if grant is not None and request.method == "GET" and being_signed(grant.accepting_decision):
            self.message_user(
                request,
                _(
                    "%(reference)s, which accepts this grant, is being signed: the decision must be returned before "
                    "the award changes."
                )
                % {"reference": grant.accepting_decision.reference},
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "accepting_decision":
            kwargs["queryset"] = Decision.objects.filter(status__in=(*EDITABLE_STATUSES, *FROZEN_STATUSES))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        decision = obj.accepting_decision
        if decision is not None and decision.status in FROZEN_STATUSES and obj.status == GrantStatus.OFFERED:
            # Named as accepted by an approved decision: recorded as accepted, on the decision's date.
            obj.accepting_decision = None
            super().save_model(request, obj, form, change)
            grant_record_acceptance(grant=obj, decision=decision, by=request.user)
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)
