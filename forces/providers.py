"""What the forces app gives the apps below it, through their hooks (registered from ``ForcesConfig.ready``)."""

from decisions import hooks
from decisions.choices import FormType
from forces.models import CollaborationAgreement, OnboardingPlan

S22A_TEMPLATE = "forces/pdf/s22a.html"


def s22a_signature_page(decision, *, include_part_2: bool) -> list[hooks.Appendix]:
    """The Section 22A signature blocks of the agreements behind a PCC decision's plans.

    The signatories are signers, named with their capacity. Their witnesses are private people: their names,
    addresses and occupations are printed only in the complete form, never in the copy the public can read.
    """
    if decision.form_type != FormType.PCC_DECISION:
        return []
    agreements = list(
        CollaborationAgreement.objects.filter(plans__decisions=decision)
        .distinct()
        .prefetch_related("signatories")
        .order_by("title", "pk")
    )
    if not agreements:
        return []
    return [hooks.Appendix(S22A_TEMPLATE, {"agreements": agreements, "show_witnesses": include_part_2})]


def plans_of(decision) -> dict:
    """The on-boarding plans a decision is about, for the revision its signers sign."""
    plans = OnboardingPlan.objects.filter(decisions=decision).select_related("force", "service", "agreement")
    return {
        "plans": [
            {
                "id": plan.pk,
                "force": plan.force.name,
                "service": plan.service.name,
                "stage": plan.stage,
                "agreement": plan.agreement.title if plan.agreement_id else None,
            }
            for plan in plans.order_by("pk")
        ]
    }


def plans_panel(request, decision) -> hooks.Panel | None:
    """On a draft's links task: the on-boarding plans it is about, and the plans of its body's forces to add."""
    from forces.drafting import plans_to_link

    if not request.user.has_perm("forces.view_onboardingplan"):
        return None
    linked = list(
        OnboardingPlan.objects.filter(decisions=decision).select_related("force", "service").order_by("force__name")
    )
    choices = list(plans_to_link(decision))
    if not linked and not choices:
        return None
    return hooks.Panel(
        "forces/inc/drafting_plans.html",
        {
            "decision": decision,
            "linked": linked,
            "choices": choices,
            "may_link": request.user.has_perm("decisions.change_decision"),
        },
    )


def register() -> None:
    hooks.drafting_link_panels.register(plans_panel)
    hooks.form_appendices.register(s22a_signature_page)
    hooks.content_links.register(plans_of)
