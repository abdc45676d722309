"""Drafting a decision from a grant variation: the title, summary, recommendation and financial paragraph
filled in from the grant and the variation letter, with the totals computed, for the drafter to finish."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.money import format_gbp_short
from core.refusals import Refused
from decisions.choices import ParagraphStyle, SectionKind
from decisions.models import Decision, Paragraph, Recommendation, Section, SupportingPaper
from decisions.services import decision_create

# The Part I sections of the MOPAC form, in order, with the headings as printed.
MOPAC_SECTIONS = (
    (SectionKind.INTRODUCTION, "Introduction and background"),
    (SectionKind.ISSUES, "Issues for consideration"),
    (SectionKind.FINANCIAL, "Financial Comments"),
    (SectionKind.LEGAL, "Legal Comments"),
    (SectionKind.GDPR, "GDPR and Data Privacy"),
    (SectionKind.EQUALITY, "Equality Comments"),
    (SectionKind.BACKGROUND_PAPERS, "Background/supporting papers"),
)


def variation_figures(variation) -> dict[str, str]:
    """The amounts a decision about this variation quotes, in the prose style of the form (£1.87m)."""
    from grants.choices import VariationStatus

    grant = variation.grant
    accepted = grant.variations.filter(status=VariationStatus.ACCEPTED).exclude(pk=variation.pk)
    before = grant.original_award_amount + sum(
        (v.amount_change for v in accepted), start=grant.original_award_amount * 0
    )
    after = before + variation.amount_change
    return {
        "change": format_gbp_short(abs(variation.amount_change)),
        "before": format_gbp_short(before),
        "after": format_gbp_short(after),
        "funder": grant.funder.short_name or grant.funder.name,
        "funder_name": grant.funder.name,
        "programme": str(grant.programme) if grant.programme else grant.title,
        "year": str(grant.financial_year),
        "grant_reference": grant.funder_reference,
    }


def _texts(variation) -> dict[str, str]:
    from grants.choices import VariationKind

    figures = variation_figures(variation)
    title = _("Changes to the grant agreement for %(grant_reference)s %(programme)s %(year)s") % figures
    if variation.amount_change > 0:
        summary = _(
            "This paper seeks approval to accept additional %(funder)s funding of %(change)s for the "
            "%(programme)s this financial year (%(year)s)."
        )
        recommendation = _(
            "Approve acceptance of additional %(funder)s grant funding of %(change)s to support the %(programme)s."
        )
        financial = _(
            "The %(funder_name)s has awarded an additional %(change)s for the %(programme)s in %(year)s, "
            "increasing the total value of grant %(grant_reference)s from %(before)s to %(after)s."
        )
    elif variation.amount_change < 0:
        summary = _(
            "This paper seeks approval to accept a reduction of %(change)s in %(funder)s funding for the "
            "%(programme)s in %(year)s."
        )
        recommendation = _(
            "Approve acceptance of the reduction of %(change)s in %(funder)s grant funding for the %(programme)s."
        )
        financial = _(
            "The %(funder_name)s has reduced grant %(grant_reference)s for the %(programme)s in %(year)s by "
            "%(change)s, decreasing its total value from %(before)s to %(after)s."
        )
    else:
        kind = VariationKind(variation.kind).label.lower()
        summary = _(
            "This paper seeks approval to accept a %(kind)s to grant %(grant_reference)s for the %(programme)s."
        )
        recommendation = _("Approve the %(kind)s to grant %(grant_reference)s set out in the variation letter.")
        financial = _("The variation does not change the value of grant %(grant_reference)s, which remains %(after)s.")
        figures = {**figures, "kind": kind}
    return {
        "title": title,
        "summary": summary % figures,
        "recommendation": recommendation % figures,
        "financial": financial % figures,
    }


@transaction.atomic
def decision_draft_from_variation(*, variation, by, client_address: str | None = None) -> Decision:
    """Create a draft PCD about ``variation`` and link the variation to it.

    Raises Refused when the variation already has a live decision or ``by`` may not draft.
    """
    from grants.choices import VariationStatus
    from grants.models import GrantVariation

    variation = (
        # Lock only the variation: PostgreSQL cannot lock the nullable side of the programme's outer join.
        GrantVariation.objects.select_for_update(of=("self",))
        .select_related("grant__funder", "grant__programme")
        .get(pk=variation.pk)
    )
    if variation.status != VariationStatus.PROPOSED:
        raise Refused(
            _("This variation is already %(status)s.") % {"status": variation.get_status_display().lower()},
            code="state",
        )
    if variation.decision_id is not None:
        raise Refused(
            _("This variation already has a decision, %(reference)s.") % {"reference": variation.decision.reference},
            code="state",
        )
    grant = variation.grant
    texts = _texts(variation)
    decision = decision_create(
        by=by, policing_body=grant.recipient, title=texts["title"], client_address=client_address
    )
    decision.executive_summary = texts["summary"]
    decision.save(update_fields=["executive_summary"])
    decision.grants.add(grant)
    if grant.accepting_decision_id:
        decision.refers_to.add(grant.accepting_decision)
    Recommendation.objects.create(decision=decision, position=1, text=texts["recommendation"])
    sections = {
        kind: Section.objects.create(
            decision=decision, position=position, kind=kind, heading=heading, paragraph_style=ParagraphStyle.NUMBERED
        )
        for position, (kind, heading) in enumerate(MOPAC_SECTIONS, start=1)
    }
    Paragraph.objects.create(section=sections[SectionKind.FINANCIAL], position=1, text=texts["financial"])
    outcomes = list(variation.outcomes.order_by("position"))
    if outcomes:
        lead = Paragraph.objects.create(
            section=sections[SectionKind.ISSUES],
            position=1,
            text=_("Accepting the funding will support the outcomes below."),
        )
        for outcome in outcomes:
            Paragraph.objects.create(section=lead.section, parent=lead, position=outcome.position, text=outcome.text)
    SupportingPaper.objects.create(
        decision=decision, position=1, title=variation.letter_reference, related_variation=variation
    )
    if grant.accepting_decision_id:
        accepting = grant.accepting_decision
        SupportingPaper.objects.create(
            decision=decision,
            position=2,
            title=f"{accepting.title} ({accepting.reference})",
            related_decision=accepting,
        )
    variation.decision = decision
    variation.save(update_fields=["decision"])
    return decision
