"""What the forces app gives the apps below it, through their hooks (registered from ``ForcesConfig.ready``)."""

from decisions import hooks
from decisions.choices import FormType
from forces.models import CollaborationAgreement

S22A_TEMPLATE = "forces/pdf/s22a.html"


def s22a_signature_page(decision, *, include_part_2: bool) -> list[hooks.Appendix]:
    """The Section 22A signature blocks (signatories and witnesses) of the agreements behind a PCC decision's plans."""
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
    return [hooks.Appendix(S22A_TEMPLATE, {"agreements": agreements})]


def register() -> None:
    hooks.form_appendices.register(s22a_signature_page)
