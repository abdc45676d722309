"""A decision of the demo waiting for the DMPC's signature: drafted, submitted and signed by the Chief Executive
through the services, as a drafting officer and the Chief Executive would, so that approving it shows the rest —
sealing and publication — happen by themselves. Made only with the demo users (their passwords sign)."""

import contextlib

from core.refusals import Refused
from decisions import editing, services
from decisions.choices import SectionKind
from decisions.models import Decision
from demo import people

TITLE = "Home Office grant for the Violence Reduction Unit's summer outreach 2025/26"
SUMMARY = (
    "This paper seeks approval to accept a Home Office grant of £450K for summer outreach by the Violence Reduction "
    "Unit in 2025/26."
)
RECOMMENDATIONS = (
    "Approve acceptance of the Home Office grant of £450,000.00 for the Violence Reduction Unit in 2025/26.",
    "Delegate the signing of the grant agreement to the Chief Finance Officer.",
)
SECTIONS = {
    SectionKind.INTRODUCTION: (
        "The Violence Reduction Unit works with schools, youth services and the voluntary sector to prevent serious "
        "violence among young people.",
    ),
    SectionKind.ISSUES: (
        "Summer is when serious youth violence peaks. The grant pays for outreach workers in the eight boroughs "
        "with the highest rates.",
    ),
    SectionKind.FINANCIAL: (
        "The grant of £450,000.00 is for 2025/26 only and is paid quarterly in arrears against the outreach delivered.",
    ),
    SectionKind.LEGAL: ("MOPAC may accept the grant; its conditions are standard Home Office terms.",),
    SectionKind.GDPR: ("No personal data is shared with MOPAC under the grant.",),
    SectionKind.EQUALITY: ("The outreach is targeted by need; an equality impact assessment has been completed.",),
}


def load_waiting_decision(body, users) -> tuple[Decision | None, bool]:
    """The decision waiting for the DMPC, and whether this run made it (once: found by its title on later runs)."""
    existing = Decision.objects.filter(policing_body=body, title=TITLE).first()
    drafter, ceo = users.get(people.DRAFTING.username), users.get(people.CEO.username)
    if existing is not None or drafter is None or ceo is None:
        return existing, False
    decision = services.decision_create(by=drafter, policing_body=body, title=TITLE)
    editing.decision_save_summary(decision=decision, by=drafter, title=TITLE, executive_summary=SUMMARY)
    for text in RECOMMENDATIONS:
        editing.recommendation_add(decision=decision, by=drafter, text=text)
    for kind, paragraphs in SECTIONS.items():
        section = editing.section_of_form(decision=decision, by=drafter, kind=kind)
        for text in paragraphs:
            editing.paragraph_add(section=section, by=drafter, text=text)
    editing.decision_set_public_access(decision=decision, by=drafter, deferred=False)
    for declaration in decision.declarations.all():
        services.declaration_confirm(declaration=declaration, by=drafter, confirmed=True)
    decision = services.decision_submit(decision=decision, by=drafter)
    # Should the Chief Executive's password have been changed since the demo users were made, it stays submitted.
    with contextlib.suppress(Refused):
        services.decision_clear(decision=decision, by=ceo, password=people.CEO.password, statement_confirmed=True)
    decision.refresh_from_db()
    return decision, True
