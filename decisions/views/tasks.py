"""Drafting a decision in the front office, as a task list: start it, write each part on its own page, check the
whole form and submit it. Every write goes through :mod:`decisions.editing` or :mod:`decisions.services`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import client_address
from core.refusals import Refused
from decisions import editing, hooks, services
from decisions.authority import reference_preview
from decisions.choices import EDITABLE_STATUSES, DecisionStatus, DeclarationKind, FormType, ParagraphStyle, Part
from decisions.content import decision_content
from decisions.forms import (
    DeclarationsForm,
    GrantLinkForm,
    PaperForm,
    Part2ItemForm,
    PublicAccessForm,
    RecommendationsForm,
    ReferenceForm,
    SectionForm,
    StartDecisionForm,
    SummaryForm,
    VariationLinkForm,
    parse_action,
)
from decisions.models import Decision, Paragraph, RevisionReason, Section
from decisions.models.events import EventAction
from decisions.revisions import changes_between
from decisions.selectors import can_see_part_2, decision_form, decisions_visible_to
from decisions.statements import NOT_APPLICABLE_ALLOWED, PART_2_STATEMENT, PUBLIC_ACCESS_STATEMENT
from decisions.tasks import drafting_officers, drafting_tasks, form_sections, may_draft, task_url

# --- Shared steps --------------------------------------------------------------------------------------------------


def drafting(view=None, *, any_state: bool = False):
    """Sign-in and the right to draft; the decision (as ``decision``) must be one the user may read. Unless
    ``any_state``, pages of a decision that can no longer change send the user back to its task list, which says
    why."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, pk: int, *args, **kwargs):
            if not may_draft(request.user):
                raise PermissionDenied(_("You do not have permission to draft decisions."))
            decision = get_object_or_404(decisions_visible_to(request.user).select_related("policing_body"), pk=pk)
            if decision.status not in EDITABLE_STATUSES and not any_state:
                try:
                    services.ensure_editable(decision)
                except Refused as refusal:
                    messages.error(request, refusal.message)
                return redirect("decisions:tasks", pk=decision.pk)
            return view(request, decision, *args, **kwargs)

        return wrapper

    return decorate(view) if view else decorate


def _done(request, decision: Decision, task: str, message: str):
    """After a task's page is saved: remember it, say so, and go back to the task list."""
    editing.task_mark_saved(decision=decision, task=task)
    messages.success(request, message)
    return redirect("decisions:tasks", pk=decision.pk)


def _again(decision: Decision, task: str, anchor: str = ""):
    return redirect(task_url(decision, task) + (f"#{anchor}" if anchor else ""))


def _render(request, template: str, decision: Decision, **context):
    return render(request, f"decisions/tasks/{template}", {"decision": decision, **context})


# --- Starting a decision and its task list -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_start(request):
    """A blank decision: the body it is for, the form, and a title; numbered in the body's series."""
    if not may_draft(request.user):
        raise PermissionDenied(_("You do not have permission to draft decisions."))
    from grants.models import Organisation

    bodies = Organisation.objects.filter(reference_series__isnull=False).order_by("name")
    form = StartDecisionForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                by=request.user,
                policing_body=form.cleaned_data["policing_body"],
                title=form.cleaned_data["title"],
                form_type=form.cleaned_data["form_type"],
                client_address=client_address(request),
            )
        except Refused as refusal:
            if refusal.code == "permission":
                raise PermissionDenied(refusal.message) from None
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("Draft %(reference)s started. Work through the tasks below.") % {"reference": decision.reference},
            )
            return redirect("decisions:tasks", pk=decision.pk)
    previews = [(body, reference_preview(body)) for body in bodies]
    return render(request, "decisions/tasks/start.html", {"form": form, "previews": previews})


def _returned(decision: Decision, show_part_2: bool) -> dict:
    """Why a returned decision came back, and what has changed since the revision last signed."""
    event = decision.events.filter(action=EventAction.RETURNED).select_related("actor").order_by("-at", "-pk").first()
    signed = (
        decision.revisions.exclude(reason=RevisionReason.SUBMITTED).order_by("-number").first()
        or decision.revisions.order_by("-number").first()
    )
    changes = changes_between(signed.content, decision_content(decision), show_part_2=show_part_2) if signed else []
    return {"return_event": event, "signed_revision": signed, "changes": changes}


@drafting(any_state=True)
def task_list(request, decision: Decision):
    context = {
        "groups": drafting_tasks(decision),
        "editable": decision.status in EDITABLE_STATUSES,
        "gaps": services.submission_gaps(decision),
    }
    if decision.status not in EDITABLE_STATUSES:
        try:
            services.ensure_editable(decision)
        except Refused as refusal:
            context["not_editable"] = refusal.message
    if decision.status == DecisionStatus.RETURNED:
        context.update(_returned(decision, can_see_part_2(request.user)))
    from decisions import drafting as drafting_texts

    stale = getattr(drafting_texts, "drafting_figures_stale", None)
    context["stale_figures"] = stale(decision) if stale else None
    return _render(request, "task_list.html", decision, **context)


# --- Title, summary and recommendations ----------------------------------------------------------------------------


@drafting
def task_summary(request, decision: Decision):
    initial = {"title": decision.title, "executive_summary": decision.executive_summary}
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = editing.decision_save_summary(
                decision=decision,
                by=request.user,
                title=form.cleaned_data["title"],
                executive_summary=form.cleaned_data["executive_summary"],
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            return _done(request, decision, "summary", _("Title and executive summary saved."))
    return _render(request, "summary.html", decision, form=form)


@drafting
def task_recommendations(request, decision: Decision):
    recommendations = list(decision.recommendations.order_by("position"))
    verb, target = parse_action(request.POST.get("action", "save"))
    by_pk = {recommendation.pk: recommendation for recommendation in recommendations}
    form = RecommendationsForm(
        request.POST or None,
        recommendations=recommendations,
        removing=target if verb == "remove" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                for recommendation in recommendations:
                    if recommendation.pk == target and verb == "remove":
                        continue
                    editing.recommendation_change(
                        recommendation=recommendation, by=request.user, text=data[f"text_{recommendation.pk}"]
                    )
                if data["new_text"].strip():
                    editing.recommendation_add(decision=decision, by=request.user, text=data["new_text"])
                if target in by_pk:
                    if verb == "remove":
                        editing.recommendation_remove(recommendation=by_pk[target], by=request.user)
                    else:
                        editing.recommendation_move(recommendation=by_pk[target], by=request.user, up=verb == "up")
        except Refused as refusal:
            form.add_refusal(_on(refusal, "text", "new_text"))
        else:
            if verb == "save":
                return _done(request, decision, "recommendations", _("Recommendations saved."))
            editing.task_mark_saved(decision=decision, task="recommendations")
            if verb == "remove":
                messages.success(request, _("Recommendation %(number)s removed.") % {"number": by_pk[target].position})
            return _again(decision, "recommendations", "recommendations")
    rows = [(recommendation, form[f"text_{recommendation.pk}"]) for recommendation in recommendations]
    return _render(request, "recommendations.html", decision, form=form, rows=rows)


def _on(refusal: Refused, field: str, instead: str) -> Refused:
    """A refusal about ``field`` of a new row, put on the form's ``instead`` input."""
    from core.refusals import Reason

    return Refused(
        reasons=[Reason(r.message, r.code, instead if r.field == field else r.field) for r in refusal.reasons]
    )


# --- Sections and their paragraphs ---------------------------------------------------------------------------------


class _Row:
    """A paragraph as the section page lists it: its number as printed and its lettered items."""

    def __init__(self, paragraph: Paragraph, section: Section | None, style: str, section_position: int):
        self.paragraph = paragraph
        self.pk = paragraph.pk
        self.heading = paragraph.heading
        self.text = paragraph.text
        self.ordered_items = sorted(paragraph.items.all(), key=lambda item: item.position)
        self.label = _label(style, section_position, paragraph.position)
        self.number = paragraph.number if section else ""


def _label(style: str, section_position: int, position: int) -> str:
    if style == ParagraphStyle.NUMBERED:
        return f"{section_position}.{position}"
    if style == ParagraphStyle.LETTERED:
        return "abcdefghijklmnopqrstuvwxyz"[(position - 1) % 26]
    return str(position)


@drafting
def task_section(request, decision: Decision, kind: str):
    """A Part I section of the form, made the first time something is written in it."""
    printed = editing.form_section(decision.form_type, kind)
    if printed is None or kind not in dict(form_sections(decision)):
        from django.http import Http404

        raise Http404
    section = decision.sections.filter(part=Part.PART_1, kind=kind).order_by("position").first()
    return _section_page(request, decision, section=section, kind=kind, heading=printed[0], style=printed[1])


@drafting
def task_part_2_item(request, decision: Decision, section_pk: int):
    section = get_object_or_404(decision.sections, pk=section_pk, part=Part.PART_2)
    return _section_page(
        request, decision, section=section, kind=section.kind, heading=section.heading, style=section.paragraph_style
    )


def _section_page(request, decision: Decision, *, section: Section | None, kind: str, heading: str, style: str):
    part_2 = section is not None and section.part == Part.PART_2
    if section is not None:
        style = section.paragraph_style
        position = section.position
        paragraphs = list(
            section.paragraphs.filter(parent__isnull=True).prefetch_related("items").select_related("section")
        )
    else:
        order = [k for k, _h in form_sections(decision)]
        position = order.index(kind) + 1
        paragraphs = []
    rows = [_Row(paragraph, section, style, position) for paragraph in paragraphs]
    verb, target = parse_action(request.POST.get("action", "save"))
    initial = {"paragraph_style": style}
    if part_2:
        initial |= {"heading": section.heading, "rationale": section.non_publication_rationale}
    form = SectionForm(
        request.POST or None,
        paragraphs=rows,
        part_2=part_2,
        removing=target if verb == "remove" else None,
        initial=initial,
    )
    task = "part-2" if part_2 else f"section-{kind}"
    if request.method == "POST" and form.is_valid():
        try:
            _save_section(request, decision, section, kind, rows, form.cleaned_data, verb, target, part_2)
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            if verb == "save":
                if part_2:
                    editing.task_mark_saved(decision=decision, task="part-2")
                    messages.success(request, _("Part 2 item “%(heading)s” saved.") % {"heading": section.heading})
                    return redirect("decisions:task_part_2", pk=decision.pk)
                return _done(request, decision, task, _("“%(heading)s” saved.") % {"heading": heading})
            if verb == "remove":
                messages.success(request, _("Removed."))
            url = (
                reverse("decisions:task_part_2_item", args=[decision.pk, section.pk])
                if part_2
                else task_url(decision, task)
            )
            return redirect(url + "#paragraphs")
    context = {
        "form": form,
        "section": section,
        "heading": heading,
        "position": position,
        "rows": [
            {
                "row": row,
                "heading": form[f"heading_{row.pk}"],
                "text": form[f"text_{row.pk}"],
                "items": [(item, form[f"text_{item.pk}"]) for item in row.ordered_items],
                "new_item": form[f"new_item_{row.pk}"],
            }
            for row in rows
        ],
        "part_2": part_2,
        "next_label": _label(style, position, len(rows) + 1),
    }
    return _render(request, "section.html", decision, **context)


def _save_section(request, decision, section, kind, rows, data, verb, target, part_2) -> None:
    """Every paragraph's text, then any new paragraph and items, then the move or removal asked for: all or none."""
    by = request.user
    removing = {target} if verb == "remove" else set()
    for row in rows:
        if row.pk in removing:
            removing.update(item.pk for item in row.ordered_items)
    with transaction.atomic():
        wants_new = bool(data["new_text"].strip()) or any(data[f"new_item_{row.pk}"].strip() for row in rows)
        if section is None:
            if not wants_new and data["paragraph_style"] == editing.form_section(decision.form_type, kind)[1]:
                return
            section = editing.section_of_form(decision=decision, by=by, kind=kind)
        editing.section_change(
            section=section,
            by=by,
            paragraph_style=data["paragraph_style"],
            heading=data.get("heading") if part_2 else None,
            rationale=data.get("rationale") if part_2 else None,
        )
        for row in rows:
            if row.pk not in removing:
                editing.paragraph_change(
                    paragraph=row.paragraph, by=by, text=data[f"text_{row.pk}"], heading=data[f"heading_{row.pk}"]
                )
            for item in row.ordered_items:
                if item.pk not in removing:
                    editing.paragraph_change(paragraph=item, by=by, text=data[f"text_{item.pk}"])
            new_item = data[f"new_item_{row.pk}"]
            if new_item.strip() and row.pk not in removing:
                editing.paragraph_add(section=section, by=by, text=new_item, parent=row.paragraph)
        if data["new_text"].strip():
            editing.paragraph_add(section=section, by=by, text=data["new_text"], heading=data["new_heading"])
        if target is not None:
            paragraph = Paragraph.objects.filter(pk=target, section=section).first()
            if paragraph is None:
                return
            if verb == "remove":
                editing.paragraph_remove(paragraph=paragraph, by=by)
            else:
                editing.paragraph_move(paragraph=paragraph, by=by, up=verb == "up")


# --- Part 2 ----------------------------------------------------------------------------------------------------------


@drafting
def task_part_2(request, decision: Decision):
    """The confidential items: each a Part 2 section with its rationale; add one, or remove one."""
    verb, target = parse_action(request.POST.get("action", "save"))
    form = Part2ItemForm(request.POST if verb == "add" else None)
    if request.method == "POST":
        if verb == "remove" and target:
            section = get_object_or_404(decision.sections, pk=target, part=Part.PART_2)
            try:
                editing.section_remove(section=section, by=request.user)
            except Refused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("Part 2 item “%(heading)s” removed.") % {"heading": section.heading})
            return redirect("decisions:task_part_2", pk=decision.pk)
        if verb == "add" and form.is_valid():
            try:
                section = editing.section_add_part_2(
                    decision=decision,
                    by=request.user,
                    heading=form.cleaned_data["heading"],
                    rationale=form.cleaned_data["rationale"],
                )
            except Refused as refusal:
                form.add_refusal(refusal)
            else:
                editing.task_mark_saved(decision=decision, task="part-2")
                messages.success(request, _("Part 2 item added. Now write what it says."))
                return redirect("decisions:task_part_2_item", pk=decision.pk, section_pk=section.pk)
        elif verb == "save":
            return _done(request, decision, "part-2", _("Part 2 saved."))
    items = list(decision.sections.filter(part=Part.PART_2).prefetch_related("paragraphs").order_by("position"))
    return _render(request, "part_2.html", decision, form=form, items=items, part_2_statement=PART_2_STATEMENT)


# --- Links: grants, variations, earlier decisions --------------------------------------------------------------------


def _body_grants(decision: Decision):
    from grants.choices import GrantStatus
    from grants.models import Grant

    return (
        Grant.objects.filter(recipient=decision.policing_body, status__in=[GrantStatus.OFFERED, GrantStatus.ACCEPTED])
        .exclude(decisions=decision)
        .select_related("funder")
        .order_by("-financial_year", "funder_reference")
    )


def _open_variations(decision: Decision):
    from grants.choices import VariationStatus
    from grants.models import GrantVariation

    return (
        GrantVariation.objects.filter(
            grant__recipient=decision.policing_body, status=VariationStatus.PROPOSED, decision__isnull=True
        )
        .select_related("grant")
        .order_by("-grant__financial_year", "grant__funder_reference", "sequence")
    )


@drafting
def task_links(request, decision: Decision):
    which = request.POST.get("form", "")
    verb, target = parse_action(request.POST.get("action", "save"))
    grant_form = GrantLinkForm(
        request.POST if which == "grant" else None, grants=_body_grants(decision), prefix="grant"
    )
    variation_form = VariationLinkForm(
        request.POST if which == "variation" else None, variations=_open_variations(decision), prefix="variation"
    )
    reference_form = ReferenceForm(request.POST if which == "reference" else None, prefix="earlier")
    if request.method == "POST":
        done = _link(request, decision, which, verb, target, grant_form, variation_form, reference_form)
        if done is not None:
            return done
    forms = [form for form in (grant_form, variation_form, reference_form) if form.errors]
    context = {
        "grant_form": grant_form,
        "variation_form": variation_form,
        "reference_form": reference_form,
        "errors_form": forms[0] if forms else None,
        "grants": list(decision.grants.select_related("funder", "accepting_decision").order_by("pk")),
        "variations": list(decision.variations.select_related("grant").order_by("grant_id", "sequence")),
        "earlier": list(decision.refers_to.order_by("reference")),
        "panels": hooks.drafting_link_panels.call(request, decision),
    }
    return _render(request, "links.html", decision, **context)


def _link(request, decision, which, verb, target, grant_form, variation_form, reference_form):
    by = request.user
    try:
        if which == "grant" and verb == "remove" and target:
            grant = get_object_or_404(decision.grants, pk=target)
            services.decision_unlink_grant(decision=decision, grant=grant, by=by)
            messages.success(request, _("Grant %(grant)s taken off the decision.") % {"grant": grant.funder_reference})
        elif which == "grant" and grant_form.is_valid():
            grant = grant_form.cleaned_data["grant"]
            services.decision_link_grant(
                decision=decision, grant=grant, by=by, accepts=grant_form.cleaned_data["accepts"]
            )
            messages.success(request, _("Grant %(grant)s linked.") % {"grant": grant.funder_reference})
        elif which == "variation" and verb == "remove" and target:
            variation = get_object_or_404(decision.variations, pk=target)
            services.decision_unlink_variation(decision=decision, variation=variation, by=by)
            messages.success(request, _("Variation taken off the decision."))
        elif which == "variation" and variation_form.is_valid():
            services.decision_link_variation(
                decision=decision, variation=variation_form.cleaned_data["variation"], by=by
            )
            messages.success(request, _("Variation linked: approval accepts it."))
        elif which == "reference" and verb == "remove" and target:
            earlier = get_object_or_404(decision.refers_to, pk=target)
            services.decision_unrefer(decision=decision, earlier=earlier, by=by)
            messages.success(request, _("%(reference)s no longer referred to.") % {"reference": earlier.reference})
        elif which == "reference" and reference_form.is_valid():
            reference = " ".join(reference_form.cleaned_data["reference"].split())
            earlier = decisions_visible_to(by).filter(reference__iexact=reference).first()
            if earlier is None:
                reference_form.add_error(
                    "reference", _("There is no decision %(reference)s.") % {"reference": reference}
                )
                return None
            services.decision_refer_to(decision=decision, earlier=earlier, by=by)
            messages.success(request, _("%(reference)s refers.") % {"reference": earlier.reference})
        elif which == "" and verb == "save":
            return _done(request, decision, "links", _("Links saved."))
        else:
            return None
    except Refused as refusal:
        form = {"grant": grant_form, "variation": variation_form, "reference": reference_form}.get(which)
        if form is None or verb == "remove":
            messages.error(request, refusal.message)
            return redirect("decisions:task_links", pk=decision.pk)
        form.add_refusal(_on(refusal, "refers_to", "reference"))
        return None
    editing.task_mark_saved(decision=decision, task="links")
    return redirect("decisions:task_links", pk=decision.pk)


# --- Supporting papers -----------------------------------------------------------------------------------------------


@drafting
def task_papers(request, decision: Decision):
    verb, target = parse_action(request.POST.get("action", "save"))
    papers = list(decision.supporting_papers.select_related("related_decision", "related_variation__grant"))
    variations = _paper_variations(decision)
    form = PaperForm(
        request.POST if verb == "add" else None, request.FILES if verb == "add" else None, variations=variations
    )
    if request.method == "POST":
        if target is not None:
            paper = get_object_or_404(decision.supporting_papers, pk=target)
            try:
                if verb == "remove":
                    editing.paper_remove(paper=paper, by=request.user)
                    messages.success(request, _("“%(title)s” removed.") % {"title": paper.title})
                else:
                    editing.paper_move(paper=paper, by=request.user, up=verb == "up")
            except Refused as refusal:
                messages.error(request, refusal.message)
            return redirect(reverse("decisions:task_papers", args=[decision.pk]) + "#papers")
        if verb == "add" and form.is_valid():
            data = form.cleaned_data
            related_decision = None
            if data["source"] == "decision":
                reference = " ".join(data["decision_reference"].split())
                related_decision = decisions_visible_to(request.user).filter(reference__iexact=reference).first()
                if related_decision is None:
                    form.add_error(
                        "decision_reference", _("There is no decision %(reference)s.") % {"reference": reference}
                    )
            if not form.errors:
                try:
                    editing.paper_add(
                        decision=decision,
                        by=request.user,
                        title=data["title"],
                        file=data["file"] if data["source"] == "file" else None,
                        related_decision=related_decision,
                        related_variation=data["variation"] if data["source"] == "variation" else None,
                        is_confidential=data["is_confidential"],
                    )
                except Refused as refusal:
                    form.add_refusal(_chosen_again(refusal, form))
                else:
                    editing.task_mark_saved(decision=decision, task="papers")
                    messages.success(request, _("Paper added."))
                    return redirect(reverse("decisions:task_papers", args=[decision.pk]) + "#papers")
        elif verb == "save":
            return _done(request, decision, "papers", _("Supporting papers saved."))
    return _render(request, "papers.html", decision, form=form, papers=papers)


def _chosen_again(refusal: Refused, form) -> Refused:
    """A refusal of an upload; when the problem is elsewhere, the file input also says to choose it again."""
    from core.refusals import Reason

    reasons = list(refusal.reasons)
    if form.files.get("file") and not any(reason.field == "file" for reason in reasons):
        reasons.append(
            Reason(_("The file was not saved because of the other problems: choose it again."), "again", "file")
        )
    return Refused(reasons=reasons)


def _paper_variations(decision: Decision):
    from grants.models import GrantVariation

    return (
        GrantVariation.objects.filter(grant__recipient=decision.policing_body)
        .select_related("grant")
        .order_by("-grant__financial_year", "grant__funder_reference", "sequence")
    )


# --- Public access ---------------------------------------------------------------------------------------------------


@drafting
def task_public_access(request, decision: Decision):
    answered = decision.part_1_deferred or "public-access" in decision.drafting_tasks_saved
    initial = {
        "deferred": ("yes" if decision.part_1_deferred else "no") if answered else None,
        "reason": decision.deferral_reason,
        "until": decision.deferral_until,
        "period": decision.deferral_period,
        "unit": decision.deferral_period_unit or None,
    }
    form = PublicAccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = editing.decision_set_public_access(
                decision=decision,
                by=request.user,
                deferred=data["deferred"],
                reason=data["reason"],
                until=data["until"],
                period=data["period"],
                unit=data["unit"] if data["period"] is not None else "",
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            return _done(request, decision, "public-access", _("Public access saved."))
    statement = PUBLIC_ACCESS_STATEMENT[FormType(decision.form_type)]
    return _render(request, "public_access.html", decision, form=form, statement=statement)


# --- Declarations ----------------------------------------------------------------------------------------------------


@drafting
def task_declarations(request, decision: Decision):
    declarations = list(decision.declarations.select_related("confirmed_by").order_by("position"))
    allowed = NOT_APPLICABLE_ALLOWED[FormType(decision.form_type)]
    with_officer = any(d.kind == DeclarationKind.DRAFTING_OFFICER for d in declarations)
    form = DeclarationsForm(
        request.POST or None,
        declarations=declarations,
        officers=drafting_officers(decision),
        allowed_not_applicable=allowed,
        with_drafting_officer=with_officer,
        initial={"drafted_by": decision.drafted_by_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if with_officer and data["drafted_by"].pk != decision.drafted_by_id:
                    services.decision_name_drafting_officer(
                        decision=decision, officer=data["drafted_by"], by=request.user
                    )
                for declaration in declarations:
                    if f"because_{declaration.pk}" in data:
                        editing.declaration_not_applicable(
                            declaration=declaration, by=request.user, because=data[f"because_{declaration.pk}"]
                        )
                    declaration.refresh_from_db()
                    services.declaration_confirm(
                        declaration=declaration, by=request.user, confirmed=data[f"tick_{declaration.pk}"]
                    )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            return _done(request, decision, "declarations", _("Declarations saved."))
    rows = [
        {
            "declaration": declaration,
            "tick": form[f"tick_{declaration.pk}"],
            "because": form[f"because_{declaration.pk}"] if f"because_{declaration.pk}" in form.fields else None,
        }
        for declaration in declarations
    ]
    return _render(request, "declarations.html", decision, form=form, rows=rows)


# --- Check and submit ------------------------------------------------------------------------------------------------


@drafting
def task_check(request, decision: Decision):
    """The whole form as it will print, a draft PDF, and Submit. A refused submission lists what is missing, each
    linked to the task that fixes it."""
    problems = []
    if request.method == "POST":
        try:
            services.decision_submit(decision=decision, by=request.user, client_address=client_address(request))
        except Refused as refusal:
            if refusal.code == "permission":
                raise PermissionDenied(refusal.message) from None
            problems = [
                (reason.message, task_url(decision, reason.field.removeprefix("task:")))
                for reason in refusal.reasons
                if reason.field and reason.field.startswith("task:")
            ] or [(refusal.message, "#main-content")]
        else:
            messages.success(
                request,
                _("%(reference)s submitted. The Chief Executive is asked to sign it next.")
                % {"reference": decision.reference}
                if decision.form_type == FormType.MOPAC_PCD
                else _("%(reference)s submitted for the monitoring officer to sign.")
                % {"reference": decision.reference},
            )
            return redirect("decisions:detail", pk=decision.pk)
    context = decision_form(decision, user=request.user)
    context.update(
        groups=drafting_tasks(decision),
        problems=problems,
        can_submit=request.user.has_perm("decisions.submit_decision"),
    )
    return render(request, "decisions/tasks/check.html", context)
