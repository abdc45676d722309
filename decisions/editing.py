"""Writes to a decision's content while it is drafted: its summary, recommendations, sections and paragraphs,
supporting papers, public access, Part 2 and the originating officer's declarations.

Every function locks the decision, checks the writer's permission for what it changes and that the decision may
change (a draft, or returned for changes: :func:`decisions.services.ensure_editable`), validates the row as its
model does, and raises :class:`core.refusals.Refused` with a message on the input concerned. Numbers (1.1, 1.2, a.,
b.) are positions kept without gaps, so the form prints as it is ordered here.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.refusals import Reason, Refused
from decisions.choices import DeferralUnit, FormType, ParagraphStyle, Part, SectionKind
from decisions.models import Decision, OfficerDeclaration, Paragraph, Recommendation, Section, SupportingPaper
from decisions.services import ensure_editable
from decisions.statements import DECLARATIONS, FORM_SECTIONS, NOT_APPLICABLE_ALLOWED, NOT_APPLICABLE_WORDING

# --- Shared steps --------------------------------------------------------------------------------------------------


def _require(by, permission: str, doing: str) -> None:
    if not by.has_perm(permission):
        raise Refused(_("You do not have permission to %(doing)s.") % {"doing": doing}, code="permission")


def _editable(decision: Decision) -> Decision:
    locked = Decision.objects.select_for_update().select_related("policing_body").get(pk=decision.pk)
    ensure_editable(locked)
    return locked


def _save(row: models.Model, *, fields: list[str] | None = None, exclude: tuple[str, ...] = ()) -> None:
    """Validate ``row`` as its model does (lengths, constraints), then save it; its errors become a Refused."""
    try:
        row.full_clean(exclude=list(exclude) or None)
    except ValidationError as error:
        raise Refused.from_validation_error(error) from None
    if fields:
        row.save(update_fields=fields)
    else:
        row.save()


def _text(value: str, *, field: str, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Refused(missing, code="required", field=field)
    return value


def _close_gap(siblings: models.QuerySet, position: int) -> None:
    """Move the rows after ``position`` up by one, in order (each into the place just freed)."""
    for row in siblings.filter(position__gt=position).order_by("position"):
        row.position -= 1
        row.save(update_fields=["position"])


def _swap(row: models.Model, siblings: models.QuerySet, *, up: bool) -> bool:
    """Swap ``row`` with the one before (``up``) or after it; False when it is already first or last."""
    neighbour = (
        siblings.filter(position__lt=row.position).order_by("-position")
        if up
        else siblings.filter(position__gt=row.position).order_by("position")
    ).first()
    if neighbour is None:
        return False
    mine, theirs = row.position, neighbour.position
    # Through a free place, so the uniqueness of positions holds at every step.
    row.position = (siblings.aggregate(top=models.Max("position"))["top"] or 0) + 1
    row.save(update_fields=["position"])
    neighbour.position = mine
    neighbour.save(update_fields=["position"])
    row.position = theirs
    row.save(update_fields=["position"])
    return True


@transaction.atomic
def task_mark_saved(*, decision: Decision, task: str) -> None:
    """Remember that the drafter has saved ``task`` of the task list (how the list tells "not started")."""
    decision = _editable(decision)
    if task not in decision.drafting_tasks_saved:
        decision.drafting_tasks_saved = [*decision.drafting_tasks_saved, task]
        decision.save(update_fields=["drafting_tasks_saved"])


# --- Title and summary ---------------------------------------------------------------------------------------------


@transaction.atomic
def decision_save_summary(*, decision: Decision, by, title: str, executive_summary: str) -> Decision:
    """The decision's title and executive summary. Raises Refused: ``permission``, ``frozen``, ``required`` (title)
    and the model's length limits, each on its field."""
    _require(by, "decisions.change_decision", "change decisions")
    decision = _editable(decision)
    decision.title = _text(title, field="title", missing=_("Enter the decision’s title."))
    decision.executive_summary = (executive_summary or "").strip()
    _save(decision, fields=["title", "executive_summary"])
    return decision


# --- Recommendations -----------------------------------------------------------------------------------------------


def _recommendation(recommendation: Recommendation, decision: Decision) -> Recommendation:
    if recommendation.decision_id != decision.pk:
        raise Refused(_("That recommendation is not part of this decision."), code="invalid")
    return recommendation


@transaction.atomic
def recommendation_add(*, decision: Decision, by, text: str) -> Recommendation:
    """A recommendation after the last one."""
    _require(by, "decisions.add_recommendation", "add recommendations")
    decision = _editable(decision)
    position = (decision.recommendations.aggregate(top=models.Max("position"))["top"] or 0) + 1
    recommendation = Recommendation(
        decision=decision,
        position=position,
        text=_text(text, field="text", missing=_("Enter the recommendation.")),
    )
    _save(recommendation)
    return recommendation


@transaction.atomic
def recommendation_change(*, recommendation: Recommendation, by, text: str) -> Recommendation:
    _require(by, "decisions.change_recommendation", "change recommendations")
    decision = _editable(recommendation.decision)
    recommendation = _recommendation(Recommendation.objects.get(pk=recommendation.pk), decision)
    text = _text(
        text,
        field="text",
        missing=_("Enter recommendation %(number)s, or remove it.") % {"number": recommendation.position},
    )
    if text != recommendation.text:
        recommendation.text = text
        _save(recommendation, fields=["text"])
    return recommendation


@transaction.atomic
def recommendation_move(*, recommendation: Recommendation, by, up: bool) -> bool:
    _require(by, "decisions.change_recommendation", "reorder recommendations")
    decision = _editable(recommendation.decision)
    recommendation = _recommendation(Recommendation.objects.get(pk=recommendation.pk), decision)
    return _swap(recommendation, decision.recommendations.all(), up=up)


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, by) -> None:
    _require(by, "decisions.delete_recommendation", "remove recommendations")
    decision = _editable(recommendation.decision)
    recommendation = _recommendation(Recommendation.objects.get(pk=recommendation.pk), decision)
    position = recommendation.position
    recommendation.delete()
    _close_gap(decision.recommendations.all(), position)


# --- Sections and paragraphs ---------------------------------------------------------------------------------------


def form_section(form_type: str, kind: str) -> tuple[str, str] | None:
    """(heading as printed, paragraph style) of a Part I section of the form, or None if the form has no such one."""
    for section_kind, heading, style in FORM_SECTIONS[FormType(form_type)]:
        if section_kind == kind:
            return heading, style
    return None


def _next_section_position(decision: Decision, part: int) -> int:
    return (decision.sections.filter(part=part).aggregate(top=models.Max("position"))["top"] or 0) + 1


@transaction.atomic
def section_of_form(*, decision: Decision, by, kind: str) -> Section:
    """The decision's Part 1 section of ``kind``, made (with the form's heading and numbering, in the form's order)
    the first time it is written to."""
    decision = _editable(decision)
    existing = decision.sections.filter(part=Part.PART_1, kind=kind).order_by("position").first()
    if existing is not None:
        return existing
    printed = form_section(decision.form_type, kind)
    if printed is None:
        raise Refused(_("This form has no such section."), code="invalid")
    _require(by, "decisions.add_section", "add sections")
    heading, style = printed
    order = [section_kind for section_kind, _heading, _style in FORM_SECTIONS[FormType(decision.form_type)]]
    position = order.index(kind) + 1
    taken = set(decision.sections.filter(part=Part.PART_1).values_list("position", flat=True))
    if position in taken:
        position = _next_section_position(decision, Part.PART_1)
    section = Section(
        decision=decision, part=Part.PART_1, position=position, kind=kind, heading=heading, paragraph_style=style
    )
    _save(section)
    return section


@transaction.atomic
def section_add_part_2(
    *, decision: Decision, by, heading: str, rationale: str, kind: str = SectionKind.OTHER
) -> Section:
    """A confidential Part 2 item: a section with its heading and the legal rationale for not publishing it."""
    _require(by, "decisions.add_section", "add Part 2 items")
    decision = _editable(decision)
    problems = []
    heading = (heading or "").strip()
    rationale = (rationale or "").strip()
    if not heading:
        problems.append(Reason(_("Enter a heading for the Part 2 item."), "required", "heading"))
    if not rationale:
        problems.append(
            Reason(
                _("Give the legal rationale for not publishing this item (the FOIA exemption)."),
                "required",
                "rationale",
            )
        )
    if problems:
        raise Refused(reasons=problems)
    printed = form_section(decision.form_type, kind)
    style = printed[1] if printed else ParagraphStyle.NUMBERED
    section = Section(
        decision=decision,
        part=Part.PART_2,
        position=_next_section_position(decision, Part.PART_2),
        kind=kind if kind in SectionKind.values else SectionKind.OTHER,
        heading=heading,
        paragraph_style=style,
        non_publication_rationale=rationale,
    )
    _save(section)
    return section


@transaction.atomic
def section_change(
    *, section: Section, by, paragraph_style: str, heading: str | None = None, rationale: str | None = None
) -> Section:
    """How a section's paragraphs are numbered; for a Part 2 item also its heading and rationale."""
    _require(by, "decisions.change_section", "change sections")
    _editable(section.decision)
    section = Section.objects.get(pk=section.pk)
    if paragraph_style not in ParagraphStyle.values:
        raise Refused(_("Choose how the paragraphs are numbered."), code="invalid", field="paragraph_style")
    section.paragraph_style = paragraph_style
    fields = ["paragraph_style"]
    if section.part == Part.PART_2:
        problems = []
        if heading is not None:
            section.heading = heading.strip()
            fields.append("heading")
            if not section.heading:
                problems.append(Reason(_("Enter a heading for the Part 2 item."), "required", "heading"))
        if rationale is not None:
            section.non_publication_rationale = rationale.strip()
            fields.append("non_publication_rationale")
            if not section.non_publication_rationale:
                problems.append(
                    Reason(
                        _("Give the legal rationale for not publishing this item (the FOIA exemption)."),
                        "required",
                        "rationale",
                    )
                )
        if problems:
            raise Refused(reasons=problems)
    _save(section, fields=fields)
    return section


@transaction.atomic
def section_remove(*, section: Section, by) -> None:
    """Remove a Part 2 item, with its paragraphs. Part 1 sections are the form's and stay."""
    _require(by, "decisions.delete_section", "remove sections")
    decision = _editable(section.decision)
    section = Section.objects.get(pk=section.pk, decision=decision)
    if section.part != Part.PART_2:
        raise Refused(_("The sections of Part 1 are the form’s: empty one instead."), code="invalid")
    position = section.position
    section.delete()
    _close_gap(decision.sections.filter(part=Part.PART_2), position)


def _siblings(paragraph: Paragraph) -> models.QuerySet:
    if paragraph.parent_id:
        return Paragraph.objects.filter(parent_id=paragraph.parent_id)
    return Paragraph.objects.filter(section_id=paragraph.section_id, parent__isnull=True)


def _paragraph_name(paragraph: Paragraph) -> str:
    number = paragraph.number.rstrip(".")
    if paragraph.parent_id:
        return _("item %(letter)s of paragraph %(number)s") % {
            "letter": paragraph.number,
            "number": paragraph.parent.number.rstrip(".") or paragraph.parent.position,
        }
    return _("paragraph %(number)s") % {"number": number or paragraph.position}


@transaction.atomic
def paragraph_add(*, section: Section, by, text: str, heading: str = "", parent: Paragraph | None = None) -> Paragraph:
    """A paragraph at the end of ``section``, or (with ``parent``) a lettered item at the end of that paragraph."""
    _require(by, "decisions.add_paragraph", "add paragraphs")
    _editable(section.decision)
    if parent is not None:
        parent = Paragraph.objects.select_related("section").get(pk=parent.pk)
        if parent.section_id != section.pk:
            raise Refused(_("A lettered item belongs to a paragraph of the same section."), code="invalid")
        if parent.parent_id:
            raise Refused(_("Lettered items go one level deep."), code="invalid")
        siblings = Paragraph.objects.filter(parent=parent)
    else:
        siblings = Paragraph.objects.filter(section=section, parent__isnull=True)
    field = f"new_item_{parent.pk}" if parent else "new_text"
    paragraph = Paragraph(
        section=section,
        parent=parent,
        position=(siblings.aggregate(top=models.Max("position"))["top"] or 0) + 1,
        heading="" if parent else (heading or "").strip(),
        text=_text(
            text,
            field=field,
            missing=_("Enter the text of the lettered item.") if parent else _("Enter the text of the paragraph."),
        ),
    )
    try:
        paragraph.full_clean()
    except ValidationError as error:
        refused = Refused.from_validation_error(error)
        raise Refused(reasons=[Reason(r.message, r.code, field) for r in refused.reasons]) from None
    paragraph.save()
    return paragraph


@transaction.atomic
def paragraph_change(*, paragraph: Paragraph, by, text: str, heading: str = "") -> Paragraph:
    _require(by, "decisions.change_paragraph", "change paragraphs")
    paragraph = Paragraph.objects.select_related("section__decision", "parent__section").get(pk=paragraph.pk)
    _editable(paragraph.section.decision)
    field = f"text_{paragraph.pk}"
    text = _text(
        text,
        field=field,
        missing=_("Enter the text of %(name)s, or remove it.") % {"name": _paragraph_name(paragraph)},
    )
    heading = "" if paragraph.parent_id else (heading or "").strip()
    if (text, heading) == (paragraph.text, paragraph.heading):
        return paragraph
    paragraph.text, paragraph.heading = text, heading
    try:
        paragraph.full_clean()
    except ValidationError as error:
        refused = Refused.from_validation_error(error)
        names = {"text": field, "heading": f"heading_{paragraph.pk}"}
        raise Refused(reasons=[Reason(r.message, r.code, names.get(r.field, field)) for r in refused.reasons]) from None
    paragraph.save(update_fields=["text", "heading"])
    return paragraph


@transaction.atomic
def paragraph_move(*, paragraph: Paragraph, by, up: bool) -> bool:
    _require(by, "decisions.change_paragraph", "reorder paragraphs")
    paragraph = Paragraph.objects.select_related("section__decision").get(pk=paragraph.pk)
    _editable(paragraph.section.decision)
    return _swap(paragraph, _siblings(paragraph), up=up)


@transaction.atomic
def paragraph_remove(*, paragraph: Paragraph, by) -> None:
    """Remove a paragraph (with its lettered items) or an item; the ones after it are renumbered."""
    _require(by, "decisions.delete_paragraph", "remove paragraphs")
    paragraph = Paragraph.objects.select_related("section__decision").get(pk=paragraph.pk)
    _editable(paragraph.section.decision)
    siblings, position = _siblings(paragraph), paragraph.position
    paragraph.delete()
    _close_gap(siblings, position)


# --- Supporting papers ---------------------------------------------------------------------------------------------


@transaction.atomic
def paper_add(
    *,
    decision: Decision,
    by,
    title: str = "",
    file=None,
    related_decision: Decision | None = None,
    related_variation=None,
    is_confidential: bool = False,
) -> SupportingPaper:
    """A background or supporting paper: an uploaded PDF (checked as every upload is), or a link to a decision or a
    grant variation. Raises Refused: ``required`` for none of these or no title, ``invalid`` for two at once or a
    file that is not a clean PDF, ``frozen``, ``permission``."""
    _require(by, "decisions.add_supportingpaper", "add supporting papers")
    decision = _editable(decision)
    sources = [source for source in (file, related_decision, related_variation) if source]
    if not sources:
        raise Refused(
            _("Choose a PDF to upload, or a decision or grant variation to link to."), code="required", field="file"
        )
    if len(sources) > 1:
        raise Refused(_("A paper is one thing: a PDF, a decision or a variation."), code="invalid", field="file")
    if related_decision is not None and related_decision.pk == decision.pk:
        raise Refused(_("A decision cannot be a paper of itself."), code="invalid", field="related_decision")
    title = (title or "").strip()
    if not title and related_decision is not None:
        title = f"{related_decision.title} ({related_decision.reference})"
    if not title and related_variation is not None:
        title = related_variation.letter_reference
    if not title:
        raise Refused(_("Enter the paper’s title, as it is to be listed on the form."), code="required", field="title")
    paper = SupportingPaper(
        decision=decision,
        position=(decision.supporting_papers.aggregate(top=models.Max("position"))["top"] or 0) + 1,
        title=title,
        file=file or "",
        related_decision=related_decision,
        related_variation=related_variation,
        is_confidential=is_confidential,
    )
    try:
        paper.full_clean()
    except ValidationError as error:
        raise Refused.from_validation_error(error) from None
    try:
        paper.save()  # stores the file
    except BaseException:
        # The row is rolled back with the transaction; the stored file would not be.
        if paper.file and paper.file._committed:
            paper.file.storage.delete(paper.file.name)
        raise
    return paper


@transaction.atomic
def paper_change(*, paper: SupportingPaper, by, title: str, is_confidential: bool) -> SupportingPaper:
    _require(by, "decisions.change_supportingpaper", "change supporting papers")
    decision = _editable(paper.decision)
    paper = SupportingPaper.objects.get(pk=paper.pk, decision=decision)
    paper.title = _text(title, field=f"title_{paper.pk}", missing=_("Enter the paper’s title, or remove it."))
    paper.is_confidential = is_confidential
    _save(paper, fields=["title", "is_confidential"], exclude=("file",))
    return paper


@transaction.atomic
def paper_move(*, paper: SupportingPaper, by, up: bool) -> bool:
    _require(by, "decisions.change_supportingpaper", "reorder supporting papers")
    decision = _editable(paper.decision)
    paper = SupportingPaper.objects.get(pk=paper.pk, decision=decision)
    return _swap(paper, decision.supporting_papers.all(), up=up)


@transaction.atomic
def paper_remove(*, paper: SupportingPaper, by) -> None:
    _require(by, "decisions.delete_supportingpaper", "remove supporting papers")
    decision = _editable(paper.decision)
    paper = SupportingPaper.objects.get(pk=paper.pk, decision=decision)
    position = paper.position
    paper.delete()
    _close_gap(decision.supporting_papers.all(), position)


# --- Public access -------------------------------------------------------------------------------------------------


@transaction.atomic
def decision_set_public_access(
    *,
    decision: Decision,
    by,
    deferred: bool,
    reason: str = "",
    until: dt.date | None = None,
    period: int | None = None,
    unit: str = "",
) -> Decision:
    """Whether publication of Part 1 is deferred, why, and until when: a date, or a number of days or working days
    after approval (resolved to a date when the decision-maker approves). Raises Refused on the field concerned."""
    _require(by, "decisions.change_decision", "change decisions")
    decision = _editable(decision)
    decision.part_1_deferred = bool(deferred)
    if deferred:
        decision.deferral_reason = (reason or "").strip()
        decision.deferral_until = until
        decision.deferral_period = period
        decision.deferral_period_unit = DeferralUnit(unit) if period is not None and unit else ""
        problems = []
        if until is None and period is None:
            problems.append(
                Reason(
                    _("Give the date until which Part 1 is deferred, or a number of days after approval."),
                    "required",
                    "until",
                )
            )
        if period is not None and not unit:
            problems.append(Reason(_("Say whether the period is in days or working days."), "required", "unit"))
        if problems:
            if not decision.deferral_reason:
                problems.insert(0, Reason(_("Say why publication of Part 1 is deferred."), "required", "reason"))
            raise Refused(reasons=problems)
    names = {"deferral_reason": "reason", "deferral_until": "until", "deferral_period": "period"}
    try:
        decision.full_clean()
    except ValidationError as error:
        refused = Refused.from_validation_error(error)
        raise Refused(
            reasons=[Reason(r.message, r.code, names.get(r.field, r.field)) for r in refused.reasons]
        ) from None
    decision.save(
        update_fields=[
            "part_1_deferred",
            "deferral_reason",
            "deferral_until",
            "deferral_period",
            "deferral_period_unit",
        ]
    )
    return decision


# --- The originating officer’s declarations ---------------------------------------------------------------------


def may_be_not_applicable(declaration: OfficerDeclaration) -> bool:
    return declaration.kind in NOT_APPLICABLE_ALLOWED[FormType(declaration.decision.form_type)]


@transaction.atomic
def declaration_not_applicable(*, declaration: OfficerDeclaration, by, because: str) -> OfficerDeclaration:
    """Replace a declaration's standard statement by "Not applicable because …" (where the form allows it), or with
    an empty ``because`` restore the standard statement. A change of wording waits to be ticked again."""
    _require(by, "decisions.change_officerdeclaration", "change the declarations")
    declaration = OfficerDeclaration.objects.select_related("decision").get(pk=declaration.pk)
    _editable(declaration.decision)
    because = (because or "").strip().rstrip(".")
    if because and not may_be_not_applicable(declaration):
        raise Refused(
            _("“%(label)s” is always made on this form: it cannot be marked not applicable.")
            % {"label": declaration.label.rstrip(":")},
            code="invalid",
            field=f"because_{declaration.pk}",
        )
    standard = {kind: statement for kind, _label, statement in DECLARATIONS[FormType(declaration.decision.form_type)]}
    if because:
        wording = NOT_APPLICABLE_WORDING.format(because=because[:1].lower() + because[1:]) + "."
    elif declaration.not_applicable_because:
        wording = standard.get(declaration.kind, declaration.statement)
    else:
        return declaration
    if len(because) > 1_900:
        raise Refused(
            _("Keep the reason to 1,900 characters or fewer."), code="max_length", field=f"because_{declaration.pk}"
        )
    if wording == declaration.statement and because == declaration.not_applicable_because:
        return declaration
    declaration.statement = wording
    declaration.not_applicable_because = because
    declaration.confirmed, declaration.confirmed_on, declaration.confirmed_by = False, None, None
    declaration.save(update_fields=["statement", "not_applicable_because", "confirmed", "confirmed_on", "confirmed_by"])
    return declaration
