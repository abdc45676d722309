"""Reads that build what pages show: a decision as its form, the approver's inbox, who is still to sign."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Prefetch, Q, QuerySet, Value
from django.utils.functional import SimpleLazyObject

from core.financial_year import FinancialYear
from decisions import hooks
from decisions.authority import bodies_where
from decisions.choices import DecisionStatus, FormType, Part, SignOffKind
from decisions.models import Appointment, Decision, Paragraph, Section, SignOff
from decisions.services import sign_off_kinds, signing_statement
from decisions.statements import PART_2_STATEMENT, PUBLIC_ACCESS_STATEMENT, SIGN_OFF_ORDER, SIGN_OFF_ROLES


def can_see_part_2(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("decisions.view_part_2"))


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Every decision for staff who may read decisions; none otherwise."""
    if user.is_authenticated and user.has_perm("decisions.view_decision"):
        return Decision.objects.all()
    return Decision.objects.none()


def decision_form(decision: Decision, *, user=None, show_part_2: bool | None = None) -> dict:
    """The form laid out for reading: Part 1 sections, and Part 2 only for those who may see it.

    ``show_part_2`` decides for a document rather than a reader (a PDF with or without Part 2).
    """
    paragraphs = Paragraph.objects.filter(parent__isnull=True).prefetch_related(
        Prefetch("items", queryset=Paragraph.objects.order_by("position"))
    )
    sections = list(
        Section.objects.filter(decision=decision)
        .prefetch_related(Prefetch("paragraphs", queryset=paragraphs.order_by("position"), to_attr="top_paragraphs"))
        .order_by("part", "position")
    )
    if show_part_2 is None:
        show_part_2 = can_see_part_2(user)
    papers = decision.supporting_papers.select_related("related_decision", "related_variation")
    if not show_part_2:
        papers = papers.filter(is_confidential=False)
    first, final = sign_off_kinds(decision)
    return {
        "decision": decision,
        "dmpc_statement": signing_statement(decision, final),
        "consulted_statement": signing_statement(decision, first),
        "public_access_statement": PUBLIC_ACCESS_STATEMENT[FormType(decision.form_type)],
        "part_2_statement": PART_2_STATEMENT,
        "recommendations": list(decision.recommendations.order_by("position")),
        "part_1_sections": [s for s in sections if s.part == Part.PART_1],
        "part_2_sections": [s for s in sections if s.part == Part.PART_2] if show_part_2 else [],
        # Decision.has_part_2, from the sections read already: a Part 2 section, or a confidential paper.
        "has_part_2": any(s.part == Part.PART_2 for s in sections)
        or decision.supporting_papers.filter(is_confidential=True).exists(),
        "show_part_2": show_part_2,
        "papers": list(papers.order_by("position")),
        "declarations": list(decision.declarations.order_by("position")),
        "sign_offs": {
            s.kind: s for s in decision.sign_offs.filter(voided_at__isnull=True).select_related("signer", "revision")
        },
        # Read only where shown (the decision's page, not its PDF).
        "voided_sign_offs": SimpleLazyObject(
            lambda: list(decision.sign_offs.filter(voided_at__isnull=False).order_by("signed_at"))
        ),
        "events": SimpleLazyObject(lambda: list(decision.events.select_related("actor").order_by("at", "pk"))),
    }


@dataclass(frozen=True)
class Signature:
    """One signature a decision needs: whose role, and the sign-off if given."""

    kind: SignOffKind
    role: str
    sign_off: SignOff | None

    @property
    def outstanding(self) -> bool:
        return self.sign_off is None


def signatures(decision: Decision, active: list[SignOff] | None = None) -> list[Signature]:
    """The signatures the decision's form needs, in order, each given or outstanding."""
    if active is None:
        active = list(decision.sign_offs.filter(voided_at__isnull=True))
    by_kind = {s.kind: s for s in active}
    return [Signature(kind, SIGN_OFF_ROLES[kind], by_kind.get(kind)) for kind in sign_off_kinds(decision)]


def may_sign_decisions(user) -> bool:
    """Whether ``user`` signs decisions at all: a signing role and an office held for some body today."""
    has_role = user.has_perm("decisions.sign_as_chief_executive") or user.has_perm("decisions.sign_as_decision_maker")
    return has_role and Appointment.objects.in_force().filter(person=user).exists()


def _waiting_for(user, *, status: DecisionStatus, permission: str, step: int) -> Q:
    """Decisions in ``status`` whose next signature (``step`` 0: consulted officer, 1: decision-maker) is an office
    ``user`` holds for the decision's body today."""
    if not user.has_perm(permission):
        return Q(pk__in=[])
    waiting = Q(pk__in=[])
    for form_type, offices in SIGN_OFF_ORDER.items():
        office = offices[step]
        waiting |= Q(status=status, form_type=form_type, policing_body__in=bodies_where(user, (office,)))
    return waiting


def inbox_for(user) -> QuerySet[Decision]:
    """Decisions waiting for ``user``'s signature, oldest first, each with its active sign-offs prefetched (in
    ``active_sign_offs``) so that who is still outstanding costs no query per row.

    Waiting means: submitted, and the user is the consulted officer (Chief Executive, monitoring officer) of the
    decision's body; or cleared, and the user is its decision-maker (DMPC, PCC); never a decision the user drafted,
    and never one the user has already signed.
    """
    waiting = _waiting_for(
        user, status=DecisionStatus.SUBMITTED, permission="decisions.sign_as_chief_executive", step=0
    ) | _waiting_for(user, status=DecisionStatus.CLEARED, permission="decisions.sign_as_decision_maker", step=1)
    decisions = (
        Decision.objects.filter(waiting)
        .exclude(drafted_by=user)
        .exclude(sign_offs__signer=user, sign_offs__voided_at__isnull=True)
        .select_related("drafted_by", "policing_body")
        .prefetch_related(
            Prefetch("sign_offs", queryset=SignOff.objects.filter(voided_at__isnull=True), to_attr="active_sign_offs")
        )
        .order_by("created_at", "pk")
    )
    return decisions


def with_decision_date(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """``decisions``, each with ``decided_on``: the date of the decision-maker's sign-off, stored when the decision
    was approved (or entered from paper). A column, so that lists sort and filter by it through an index."""
    return decisions


# The financial years offered by the lists' filters, remembered this long by each process (and forgotten at once
# by the process that changes a decision).
FINANCIAL_YEARS_CACHE_KEY = "decisions:financial-years"
FINANCIAL_YEARS_SECONDS = 60


def financial_years_of(statuses: Iterable[str]) -> list[FinancialYear]:
    """The financial years in which the decisions in ``statuses`` were taken, newest first.

    Every list page's filter offers them, so they are remembered for :data:`FINANCIAL_YEARS_SECONDS` (no query at
    all); a change to any decision forgets them (:func:`forget_financial_years`), so another process shows a new
    year at most that long after it first has a decision.
    """
    statuses = tuple(sorted(set(statuses)))
    if not statuses:
        return []
    remembered = cache.get(FINANCIAL_YEARS_CACHE_KEY) or {}
    years = remembered.get(statuses)
    if years is None:
        years = _financial_years_in(statuses)
        cache.set(FINANCIAL_YEARS_CACHE_KEY, {**remembered, statuses: years}, FINANCIAL_YEARS_SECONDS)
    return [FinancialYear.parse(year) for year in years]


def forget_financial_years(**_signal) -> None:
    cache.delete(FINANCIAL_YEARS_CACHE_KEY)


def _financial_years_in(statuses: tuple[str, ...]) -> list[str]:
    """The stored years of decisions in ``statuses``, newest first (one query).

    Read by a skip scan: for each state, one probe of the (status, financial_year) index per year found (the years
    are few), however many decisions there are, rather than a pass over every row.
    """
    table = Decision._meta.db_table
    # Each step finds the next year below the last one found.
    step = (
        "y{n} (year) AS ("
        " SELECT (SELECT MAX(financial_year) FROM {table} WHERE status = %s)"
        " UNION ALL"
        " SELECT (SELECT MAX(d.financial_year) FROM {table} d WHERE d.status = %s AND d.financial_year < y{n}.year)"
        " FROM y{n} WHERE y{n}.year IS NOT NULL)"
    )
    steps = ", ".join(step.format(n=n, table=table) for n in range(len(statuses)))
    # Built only from the model's table name and numbers; the states are parameters.
    union = " UNION ".join(f"SELECT year FROM y{n} WHERE year IS NOT NULL" for n in range(len(statuses)))  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"WITH RECURSIVE {steps} {union}", [status for status in statuses for _ in (1, 2)])
        years = [year for (year,) in cursor.fetchall()]
    return [str(year) for year in sorted((FinancialYear.parse(year) for year in years), reverse=True)]


# --- Search ---------------------------------------------------------------------------------------------------------

# Best first: the decision whose reference was searched for, then by rank, then newest.
SEARCH_RELEVANCE = (
    F("search_exact").desc(),
    F("search_rank").desc(),
    F("decided_on").desc(nulls_last=True),
    F("pk").desc(),
)


def search_decisions(decisions: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """``decisions`` whose Part 1 words match ``text``, annotated with ``search_exact`` and ``search_rank`` for
    :data:`SEARCH_RELEVANCE`: the register's search (full-text on PostgreSQL) where it is installed, else the
    reference and title."""
    text = " ".join((text or "").split())
    if not text:
        return decisions
    answers = hooks.search.call(decisions, text)
    if answers:
        return answers[0]
    return decisions.filter(Q(reference__icontains=text) | Q(title__icontains=text)).annotate(
        search_exact=Q(reference__iexact=text), search_rank=Value(0.0, output_field=FloatField())
    )
