"""A draft decision as a list of tasks (the GOV.UK "complete multiple tasks" pattern): what each task is, where it
is done, and whether it is not started, in progress or completed, read from the decision as it stands."""

from dataclasses import dataclass
from enum import StrEnum

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decisions.choices import REQUIRED_SECTIONS, FormType, Part, SectionKind
from decisions.models import Decision
from decisions.services import DRAFTING_PERMISSION, submission_gaps
from decisions.statements import FORM_SECTIONS


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {
            TaskStatus.NOT_STARTED: _("Not started"),
            TaskStatus.IN_PROGRESS: _("In progress"),
            TaskStatus.COMPLETED: _("Completed"),
        }[self]


@dataclass(frozen=True)
class Task:
    slug: str
    title: str
    url: str
    status: TaskStatus
    hint: str = ""
    optional: bool = False


@dataclass(frozen=True)
class TaskGroup:
    heading: str
    tasks: tuple[Task, ...]


def may_draft(user) -> bool:
    """Whether ``user`` may open the drafting pages: those who start decisions."""
    return bool(user.is_authenticated and user.has_perm("decisions.add_decision"))


def task_url(decision: Decision, slug: str) -> str:
    """The page of ``slug`` (``summary``, ``section-legal`` …) for ``decision``."""
    if slug.startswith("section-"):
        return reverse("decisions:task_section", args=[decision.pk, slug.removeprefix("section-")])
    name = {
        "summary": "task_summary",
        "recommendations": "task_recommendations",
        "links": "task_links",
        "papers": "task_papers",
        "public-access": "task_public_access",
        "part-2": "task_part_2",
        "declarations": "task_declarations",
        "check": "task_check",
    }[slug]
    return reverse(f"decisions:{name}", args=[decision.pk])


def form_sections(decision: Decision) -> list[tuple[str, str]]:
    """(kind, heading) of the Part I sections written as paragraphs (the papers section lists papers instead)."""
    return [
        (kind, heading)
        for kind, heading, _style in FORM_SECTIONS[FormType(decision.form_type)]
        if kind != SectionKind.BACKGROUND_PAPERS
    ]


def _status(*, done: bool, started: bool) -> TaskStatus:
    if done:
        return TaskStatus.COMPLETED
    return TaskStatus.IN_PROGRESS if started else TaskStatus.NOT_STARTED


def drafting_tasks(decision: Decision) -> list[TaskGroup]:
    """The tasks of ``decision``'s form, in the order of the form, each with its status."""
    saved = set(decision.drafting_tasks_saved or ())
    url = lambda slug: task_url(decision, slug)  # noqa: E731
    required = set(REQUIRED_SECTIONS[FormType(decision.form_type)])
    written = dict.fromkeys(
        decision.sections.filter(part=Part.PART_1, paragraphs__isnull=False).values_list("kind", flat=True), True
    )
    recommendations = decision.recommendations.count()
    about = [
        Task(
            "summary",
            _("Title and executive summary"),
            url("summary"),
            _status(done=bool(decision.title.strip() and decision.executive_summary.strip()), started=True),
        ),
        Task(
            "recommendations",
            _("Recommendations"),
            url("recommendations"),
            _status(done=recommendations > 0, started="recommendations" in saved),
        ),
    ]
    sections = [
        Task(
            f"section-{kind}",
            heading,
            url(f"section-{kind}"),
            _status(done=kind in written, started=False),
            optional=kind not in required,
        )
        for kind, heading in form_sections(decision)
    ]
    links = (
        decision.grants.exists()
        or decision.variations.exists()
        or decision.refers_to.exists()
        or decision.grants_accepted.exists()
    )
    part_2 = list(decision.sections.filter(part=Part.PART_2).prefetch_related("paragraphs"))
    context = [
        Task(
            "links",
            _("Grants, variations and earlier decisions"),
            url("links"),
            _status(done="links" in saved or links, started=False),
            hint=_("What approval acts on, and the decisions this one refers to."),
            optional=True,
        ),
        Task(
            "papers",
            _("Background and supporting papers"),
            url("papers"),
            _status(done="papers" in saved or decision.supporting_papers.exists(), started=False),
            optional=True,
        ),
    ]
    publication = [
        Task(
            "public-access",
            _("Public access to Part 1"),
            url("public-access"),
            _status(done="public-access" in saved or decision.part_1_deferred, started=False),
            hint=_("Published after approval, or deferred to a date or for a period."),
        ),
        Task(
            "part-2",
            _("Part 2: confidential information"),
            url("part-2"),
            _status(
                done=("part-2" in saved or bool(part_2)) and all(s.paragraphs.all() for s in part_2),
                started=bool(part_2),
            ),
            hint=_("Facts or advice likely to be exempt from disclosure, each with its legal rationale."),
            optional=True,
        ),
    ]
    declarations = list(decision.declarations.all())
    ticked = [d for d in declarations if d.confirmed]
    named = decision.drafted_by_id is not None or not any(d.kind == "drafting_officer" for d in declarations)
    sign_off = [
        Task(
            "declarations",
            _("Originating officer declaration"),
            url("declarations"),
            _status(done=bool(declarations) and len(ticked) == len(declarations) and named, started=bool(ticked)),
        ),
    ]
    gaps = submission_gaps(decision)
    check = [
        Task(
            "check",
            _("Check the form and submit it"),
            url("check"),
            TaskStatus.NOT_STARTED,
            hint=_("Ready to submit.")
            if not gaps
            else ngettext(
                "%(count)s thing to do before it can be submitted.",
                "%(count)s things to do before it can be submitted.",
                len(gaps),
            )
            % {"count": len(gaps)},
        )
    ]
    return [
        TaskGroup(_("About the decision"), tuple(about)),
        TaskGroup(_("Part I of the form"), tuple(sections)),
        TaskGroup(_("What it acts on and refers to"), tuple(context)),
        TaskGroup(_("Publication and confidentiality"), tuple(publication)),
        TaskGroup(_("Declarations"), tuple(sign_off)),
        TaskGroup(_("Submit"), tuple(check)),
    ]


def drafting_officers(decision: Decision):
    """The people who may be named as the form's drafting officer: active officers who may submit decisions."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    app_label, codename = DRAFTING_PERMISSION.split(".")
    permission = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label) | Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(permission | Q(pk=decision.drafted_by_id))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
