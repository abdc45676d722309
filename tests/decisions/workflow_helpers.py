"""Building decisions that are ready for each step of the workflow."""

from decisions.choices import REQUIRED_SECTIONS, FormType, SectionKind
from decisions.models import Paragraph, Recommendation, Section
from decisions.services import decision_create
from tests.factories import OrganisationFactory


def complete_draft(*, by, reference: str | None = None):
    """A MOPAC draft with everything submission needs: recommendation, required sections, ticked declarations."""
    mopac = OrganisationFactory(name="Mayor's Office for Policing and Crime", short_name="MOPAC", kind="policing_body")
    decision = decision_create(by=by, policing_body=mopac, title="Changes to grant 685", reference=reference)
    decision.executive_summary = "This paper seeks approval to accept additional Home Office funding."
    decision.save(update_fields=["executive_summary"])
    Recommendation.objects.create(decision=decision, position=1, text="Approve acceptance of £1.87m.")
    for position, kind in enumerate(REQUIRED_SECTIONS[FormType.MOPAC_PCD], start=1):
        section = Section.objects.create(
            decision=decision, position=position, kind=kind, heading=SectionKind(kind).label
        )
        Paragraph.objects.create(section=section, position=1, text=f"Paragraph about {kind}.")
    decision.declarations.update(confirmed=True)
    return decision
