"""Drafting a decision from a grant variation: the title, summary, recommendation and financial paragraph
filled in from the grant and the variation letter, each saying what kind of variation it is, with the totals
computed, for the drafter to finish; and a warning when the ledger has moved since the figures were written."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.money import format_gbp, format_gbp_short, quantize
from core.refusals import Refused
from decisions.choices import FROZEN_STATUSES, DecisionStatus, FormType, SectionKind
from decisions.models import Decision, Paragraph, Recommendation, Section, SupportingPaper
from decisions.services import decision_create
from decisions.statements import FORM_SECTIONS

# A decision that will not be signed: its draft's figures no longer matter.
CLOSED_STATUSES = (DecisionStatus.REJECTED, DecisionStatus.WITHDRAWN)


def total_before(variation) -> Decimal:
    """The grant's total before ``variation``: its original award and every other variation already accepted."""
    from grants.choices import VariationStatus

    grant = variation.grant
    accepted = grant.variations.filter(status=VariationStatus.ACCEPTED).exclude(pk=variation.pk)
    return quantize(grant.original_award_amount + sum((v.amount_change for v in accepted), start=Decimal("0")))


def variation_figures(variation) -> dict[str, str]:
    """What a decision about this variation quotes: the amounts in the prose style of the form (``change``,
    ``before``, ``after``: £1.87m) and in full for the financial comments (``change_full`` …: £1,870,000.00), the
    grant's year and the other year of a re-profile, and the names of the parties."""
    grant = variation.grant
    before = total_before(variation)
    change = quantize(variation.amount_change)
    after = before + change
    return {
        "change": format_gbp_short(abs(change)),
        "before": format_gbp_short(before),
        "after": format_gbp_short(after),
        "change_full": format_gbp(abs(change)),
        "before_full": format_gbp(before),
        "after_full": format_gbp(after),
        "funder": grant.funder.short_name or grant.funder.name,
        "funder_name": grant.funder.name,
        "programme": str(grant.programme) if grant.programme else grant.title,
        "year": str(grant.financial_year),
        "other_year": str(variation.funds_financial_year) if variation.funds_financial_year else "",
        "grant_reference": grant.funder_reference,
    }


def _reprofile_years(variation, figures: dict[str, str]) -> dict[str, str]:
    """Where a re-profile moves money from and to: out of the grant's year when it reduces the grant, into it when
    it adds to it; the other year as the letter gives it."""
    other = figures["other_year"] or _("another financial year")
    if variation.amount_change < 0:
        return {"from_year": figures["year"], "to_year": other}
    return {"from_year": other, "to_year": figures["year"]}


def _texts(variation) -> dict[str, str]:
    """The title, executive summary, recommendation and financial paragraph of a decision about ``variation``, each
    saying what kind of variation it is; amounts in the form's prose style, and in full in the financial comments."""
    from grants.choices import VariationKind

    figures = variation_figures(variation)
    kind = VariationKind(variation.kind)
    title = _("Changes to the grant agreement for %(grant_reference)s %(programme)s %(year)s") % figures
    if variation.amount_change == 0 or kind in (VariationKind.CHANGE_OF_PERIOD, VariationKind.CHANGE_OF_CONDITIONS):
        if kind == VariationKind.CHANGE_OF_PERIOD:
            summary = _(
                "This paper seeks approval to accept a change to the period of grant %(grant_reference)s for the "
                "%(programme)s in %(year)s, as set out in the %(funder)s variation letter."
            )
            if figures["other_year"]:
                summary = _(
                    "This paper seeks approval to accept a change to the period of grant %(grant_reference)s for the "
                    "%(programme)s in %(year)s, so that the funding may be spent in %(other_year)s."
                )
        elif kind == VariationKind.CHANGE_OF_CONDITIONS:
            summary = _(
                "This paper seeks approval to accept a change to the conditions of grant %(grant_reference)s for the "
                "%(programme)s in %(year)s, as set out in the %(funder)s variation letter."
            )
        else:
            summary = _(
                "This paper seeks approval to accept a %(kind)s to grant %(grant_reference)s for the %(programme)s "
                "in %(year)s."
            )
        recommendation = _("Approve the %(kind)s to grant %(grant_reference)s set out in the variation letter.")
        financial = _(
            "The variation does not change the value of grant %(grant_reference)s, which remains %(after_full)s."
        )
        figures = {**figures, "kind": kind.label.lower()}
    elif kind == VariationKind.REPROFILE:
        figures = {**figures, **_reprofile_years(variation, figures)}
        summary = _(
            "This paper seeks approval to re-profile %(change)s of %(funder)s funding for the %(programme)s from "
            "%(from_year)s into %(to_year)s."
        )
        recommendation = _(
            "Approve the re-profile of %(change)s of %(funder)s grant funding for the %(programme)s from "
            "%(from_year)s into %(to_year)s."
        )
        if variation.amount_change < 0:
            financial = _(
                "The %(funder_name)s has agreed to re-profile %(change_full)s of grant %(grant_reference)s for the "
                "%(programme)s from %(from_year)s into %(to_year)s, decreasing the total value of grant "
                "%(grant_reference)s for %(year)s from %(before_full)s to %(after_full)s."
            )
        else:
            financial = _(
                "The %(funder_name)s has agreed to re-profile %(change_full)s of funding for the %(programme)s from "
                "%(from_year)s into %(to_year)s, increasing the total value of grant %(grant_reference)s for "
                "%(year)s from %(before_full)s to %(after_full)s."
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
            "%(change_full)s, decreasing its total value from %(before_full)s to %(after_full)s."
        )
    elif kind == VariationKind.MATCH_FUNDING:
        summary = _(
            "This paper seeks approval to accept additional %(funder)s funding of %(change)s, in the form of match "
            "funding, for the %(programme)s this financial year (%(year)s)."
        )
        recommendation = _(
            "Approve acceptance of additional %(funder)s grant funding of %(change)s, in the form of match funding, "
            "to support the %(programme)s."
        )
        financial = _(
            "The %(funder_name)s has awarded an additional %(change_full)s of match funding for the %(programme)s in "
            "%(year)s, increasing the total value of grant %(grant_reference)s from %(before_full)s to %(after_full)s."
        )
    else:
        summary = _(
            "This paper seeks approval to accept additional %(funder)s funding of %(change)s for the "
            "%(programme)s this financial year (%(year)s)."
        )
        recommendation = _(
            "Approve acceptance of additional %(funder)s grant funding of %(change)s to support the %(programme)s."
        )
        financial = _(
            "The %(funder_name)s has awarded an additional %(change_full)s for the %(programme)s in %(year)s, "
            "increasing the total value of grant %(grant_reference)s from %(before_full)s to %(after_full)s."
        )
    return {
        "title": title,
        "summary": summary % figures,
        "recommendation": recommendation % figures,
        "financial": financial % figures,
    }


def _figures_record(variation) -> dict:
    """What ``Decision.drafting_figures`` keeps: the variation and the totals before and after it, as text."""
    before = total_before(variation)
    return {
        "variation": variation.pk,
        "before": str(before),
        "after": str(quantize(before + variation.amount_change)),
    }


def drafting_figures_stale(decision) -> str | None:
    """A warning for the drafter when the figures a draft was written with (``decision.drafting_figures``) no longer
    match the grant's ledger — another variation accepted since, or the variation's amount changed — else None.

    Only while the form can still change, or waits for signatures: an approved decision stands as signed.
    """
    from grants.models import GrantVariation

    figures = decision.drafting_figures
    if not figures or decision.status in FROZEN_STATUSES or decision.status in CLOSED_STATUSES:
        return None
    variation = GrantVariation.objects.select_related("grant").filter(pk=figures.get("variation")).first()
    if variation is None:
        return None
    now = _figures_record(variation)
    grant = variation.grant.funder_reference
    if Decimal(figures["before"]) != Decimal(now["before"]):
        return _(
            "The figures in this draft were written when grant %(grant)s's total was %(then)s; it is now %(now)s. "
            "Check the financial comments."
        ) % {"grant": grant, "then": format_gbp(Decimal(figures["before"])), "now": format_gbp(Decimal(now["before"]))}
    if Decimal(figures["after"]) != Decimal(now["after"]):
        return _(
            "The figures in this draft were written for a total of %(then)s after variation %(number)s of grant "
            "%(grant)s; with the variation as it now stands it is %(now)s. Check the financial comments."
        ) % {
            "grant": grant,
            "number": variation.sequence,
            "then": format_gbp(Decimal(figures["after"])),
            "now": format_gbp(Decimal(now["after"])),
        }
    return None


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
    decision.drafting_figures = _figures_record(variation)
    decision.save(update_fields=["executive_summary", "drafting_figures"])
    decision.grants.add(grant)
    if grant.accepting_decision_id:
        decision.refers_to.add(grant.accepting_decision)
    Recommendation.objects.create(decision=decision, position=1, text=texts["recommendation"])
    sections = {
        kind: Section.objects.create(
            decision=decision, position=position, kind=kind, heading=heading, paragraph_style=style
        )
        for position, (kind, heading, style) in enumerate(FORM_SECTIONS[FormType(decision.form_type)], start=1)
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
