"""The grants back office, with what belongs to decisions: drafting a decision from a variation, and keeping a
variation or a grant as its signers read it while the decision about it is being signed."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.http import client_address
from core.refusals import Refused
from decisions.drafting import decision_draft_from_variation
from grants import admin as grants_admin
from grants.choices import VariationStatus
from grants.models import GrantVariation

admin.site.unregister(GrantVariation)


@admin.register(GrantVariation)
class GrantVariationAdmin(grants_admin.GrantVariationAdmin):
    """The grants app's variation pages, with "Draft a decision from this variation" (a button and a list action)."""

    change_form_template = "decisions/admin/variation_change_form.html"
    actions = ["draft_decisions"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        variation = self.get_object(request, object_id)
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
