"""Searching the public words of signed decisions: PostgreSQL full-text search, with a plain fallback on SQLite.

What is searched is Part 1 only: the reference, title, executive summary, recommendations and Part 1 paragraphs
(never a Part 2 section, never a paper). On PostgreSQL the words are kept in :class:`register.models.SearchEntry`
(a weighted ``tsvector`` with a GIN index, English stemming), matched with ``websearch_to_tsquery`` (so "quoted
phrases", ``or`` and ``-word`` work as people expect), ranked, and the matching words of each result highlighted with
``ts_headline``. A search that is a decision's reference ("PCD 1838", "pcd1838") puts that decision first.

On SQLite (development, trials) the same words are matched by ``icontains`` against the decisions themselves, with
no index, ranking or highlighting.

The index is derived data: each signed decision's entry is written after the commit that signs or publishes it
(:func:`index_after_commit`), and ``manage.py build_search_index`` writes every one again.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Replace, Upper
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.choices import FROZEN_STATUSES, Part
from decisions.models import Decision, Paragraph, Recommendation, Section
from decisions.selectors import SEARCH_RELEVANCE
from register.models import SearchEntry

CONFIG = "english"
# Marks around highlighted words in ts_headline's output: private-use characters, taken out of the indexed text, so
# that only PostgreSQL's marks are turned into <mark> once the rest has been escaped.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=…"
# Words and references longer than this are not a search anyone means (and bound the work a query can ask for).
MAX_SEARCH_LENGTH = 200


def full_text() -> bool:
    """Whether this database has full-text search (PostgreSQL)."""
    return connection.vendor == "postgresql"


def clean_search(text: str) -> str:
    return " ".join((text or "").split())[:MAX_SEARCH_LENGTH]


def reference_key(text: str) -> str:
    """A reference as letters and digits only, in capitals: "pcd 1838" and "PCD-1838" are both "PCD1838"."""
    return re.sub(r"[\W_]+", "", text or "").upper()[:40]


# --- Matching -------------------------------------------------------------------------------------------------------


def search(decisions: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """``decisions`` whose Part 1 words match ``text``, each with ``search_exact`` (its reference is the search) and
    ``search_rank``; :data:`RELEVANCE` orders them best first."""
    text = clean_search(text)
    if not text:
        return decisions
    key = reference_key(text)
    if full_text():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        matched = Q(search_entry__vector=query)
        if key:
            matched |= Q(search_entry__reference_key=key)
        return decisions.filter(matched).annotate(
            search_exact=Case(When(search_entry__reference_key=key, then=Value(True)), default=Value(False)),
            search_rank=SearchRank(F("search_entry__vector"), query),
        )
    return (
        decisions.alias(compact_reference=Replace(Upper("reference"), Value(" "), Value("")))
        .filter(part_1_text_matches(text) | Q(compact_reference=key))
        .annotate(
            search_exact=Case(
                When(Q(reference__iexact=text) | Q(compact_reference=key), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            search_rank=Value(0.0, output_field=FloatField()),
        )
    )


def part_1_text_matches(text: str) -> Q:
    """Decisions whose public words contain ``text`` (SQLite): reference, title, summary, recommendations, Part 1
    paragraphs."""
    in_recommendations = Recommendation.objects.filter(decision=OuterRef("pk"), text__icontains=text)
    in_part_1 = Paragraph.objects.filter(section__decision=OuterRef("pk"), section__part=Part.PART_1).filter(
        Q(text__icontains=text) | Q(heading__icontains=text)
    )
    return (
        Q(reference__icontains=text)
        | Q(title__icontains=text)
        | Q(executive_summary__icontains=text)
        | Exists(in_recommendations)
        | Exists(in_part_1)
    )


RELEVANCE = SEARCH_RELEVANCE


def headlines(decision_ids: Iterable[int], text: str) -> dict[int, SafeString]:
    """For each decision, its Part 1 words around the match, the matching words in ``<mark>`` and everything else
    escaped; only where something in the extract matched (PostgreSQL; none on SQLite). One query."""
    text = clean_search(text)
    decision_ids = list(decision_ids)
    if not (text and decision_ids and full_text()):
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT decision_id, ts_headline(%s, body, websearch_to_tsquery(%s, %s), %s) "  # noqa: S608
            f"FROM {SearchEntry._meta.db_table} WHERE decision_id = ANY(%s)",
            [CONFIG, CONFIG, text, _HEADLINE_OPTIONS, decision_ids],
        )
        found = cursor.fetchall()
    return {decision_id: _marked(headline) for decision_id, headline in found if headline and _START in headline}


def _marked(headline: str) -> SafeString:
    escaped = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - everything but our own marks was escaped just above


# --- Indexing -------------------------------------------------------------------------------------------------------


def index_decisions(decision_ids: Iterable[int] | None = None) -> int:
    """Write the search entries of the signed decisions among ``decision_ids`` (all of them when None), in one
    statement; how many were written. PostgreSQL only (SQLite searches the decisions themselves)."""
    if not full_text():
        return 0
    where, params = "", []
    if decision_ids is not None:
        decision_ids = list(decision_ids)
        if not decision_ids:
            return 0
        where, params = "AND d.id = ANY(%s)", [decision_ids]
    with connection.cursor() as cursor:
        cursor.execute(index_sql(where=where), [*[str(status) for status in FROZEN_STATUSES], *params])
        return cursor.rowcount


def index_sql(*, where: str = "") -> str:
    """The statement that (re)writes search entries from the decisions: ``%s`` placeholders for the signed states,
    then whatever ``where`` adds. Built only from the models' table names and this module's constants."""
    statuses = ", ".join(["%s"] * len(FROZEN_STATUSES))
    body = f"translate(concat_ws(E'\\n', d.executive_summary, r.texts, p.texts), '{_START}{_STOP}', '')"
    return f"""
        INSERT INTO {SearchEntry._meta.db_table} (decision_id, reference_key, body, vector, indexed_at)
        SELECT d.id,
               left(upper(regexp_replace(d.reference, '[^[:alnum:]]+', '', 'g')), 40),
               {body},
               setweight(to_tsvector('{CONFIG}', d.reference || ' ' || d.title), 'A')
                   || setweight(to_tsvector('{CONFIG}', d.executive_summary), 'B')
                   || setweight(to_tsvector('{CONFIG}', coalesce(r.texts, '')), 'C')
                   || setweight(to_tsvector('{CONFIG}', coalesce(p.texts, '')), 'D'),
               now()
        FROM {Decision._meta.db_table} d
        LEFT JOIN LATERAL (
            SELECT string_agg(rec.text, E'\\n' ORDER BY rec.position) AS texts
            FROM {Recommendation._meta.db_table} rec WHERE rec.decision_id = d.id
        ) r ON TRUE
        LEFT JOIN LATERAL (
            SELECT string_agg(concat_ws(' ', nullif(par.heading, ''), par.text), E'\\n'
                              ORDER BY sec.position, par.parent_id NULLS FIRST, par.position) AS texts
            FROM {Paragraph._meta.db_table} par
            JOIN {Section._meta.db_table} sec ON sec.id = par.section_id
            WHERE sec.decision_id = d.id AND sec.part = {int(Part.PART_1)}
        ) p ON TRUE
        WHERE d.status IN ({statuses}) {where}
        ON CONFLICT (decision_id) DO UPDATE SET
            reference_key = EXCLUDED.reference_key, body = EXCLUDED.body, vector = EXCLUDED.vector,
            indexed_at = EXCLUDED.indexed_at
    """  # noqa: S608


def index_after_commit(decision_id: int) -> None:
    """Index one decision once the transaction that signed or published it has committed.

    A failure is left for ``build_search_index``: it never undoes the step that caused it (which has committed).
    """
    if full_text():
        transaction.on_commit(lambda: index_decisions([decision_id]), robust=True)


def index_on_save(sender, instance: Decision, update_fields=None, raw: bool = False, **kwargs) -> None:
    """``post_save`` of a decision: once it is signed (approved, or entered signed) or published, its Part 1 is
    indexed after the commit. Every way a decision is signed or published saves it (the services, paper records, the
    demo loader), so none is missed; a ``QuerySet.update`` is not seen (``build_search_index`` covers it)."""
    if raw or instance.status not in FROZEN_STATUSES:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    index_after_commit(instance.pk)
