"""The content of a decision form as one canonical document, and its SHA-256.

A signer signs exactly this: everything printed on the form (title, summary, recommendations, every section and
paragraph of both parts, papers, public-access answers, the officer declarations) and everything approval acts on
(the grant variations with their kind, amount and the letter's SHA-256; the grants linked and the awards the
decision accepts; the earlier decisions it refers to; each paper's file SHA-256; the on-boarding plans, from the
apps that know them through :data:`decisions.hooks.content_links`). It is serialised as JSON with sorted keys and no
insignificant whitespace, so the same content gives the same hash on any database.

:func:`part_1_content` is the part the public may read: Part 2 sections and confidential papers left out. Its hash
is the one printed on the published (Part 1) PDF, so the hash of the whole form, which would let anyone test a
guess of the confidential text, is never published.
"""

import hashlib
import json
from typing import Any

from decisions import hooks
from decisions.choices import Part
from decisions.models import Decision

UNREADABLE_FILE = "unreadable"


def file_sha256(field_file) -> str:
    """The SHA-256 of a stored file, read in pieces; empty for no file."""
    if not field_file:
        return ""
    digest = hashlib.sha256()
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(64 * 1024), b""):
                digest.update(chunk)
    except OSError:
        return UNREADABLE_FILE
    return digest.hexdigest()


def _money(amount) -> str:
    return f"{amount:.2f}"


def _sections(decision: Decision) -> list[dict[str, Any]]:
    sections = []
    for section in decision.sections.order_by("part", "position").prefetch_related("paragraphs"):
        paragraphs = sorted(section.paragraphs.all(), key=lambda p: (p.parent_id or 0, p.position))
        top = [p for p in paragraphs if p.parent_id is None]
        sections.append(
            {
                "part": section.part,
                "position": section.position,
                "kind": section.kind,
                "heading": section.heading,
                "paragraph_style": section.paragraph_style,
                "non_publication_rationale": section.non_publication_rationale,
                "paragraphs": [
                    {
                        "position": p.position,
                        "heading": p.heading,
                        "text": p.text,
                        "items": [
                            {"position": i.position, "heading": i.heading, "text": i.text}
                            for i in paragraphs
                            if i.parent_id == p.pk
                        ],
                    }
                    for p in top
                ],
            }
        )
    return sections


def _variations(decision: Decision) -> list[dict[str, Any]]:
    variations = decision.variations.select_related("grant__funder").prefetch_related("outcomes").order_by("pk")
    return [
        {
            "id": variation.pk,
            "grant_id": variation.grant_id,
            "grant": f"{variation.grant.funder_reference} ({variation.grant.financial_year})",
            "funder": variation.grant.funder.name,
            "sequence": variation.sequence,
            "kind": variation.kind,
            "amount_change": _money(variation.amount_change),
            "letter_reference": variation.letter_reference,
            "letter_date": variation.letter_date.isoformat() if variation.letter_date else None,
            "letter_sha256": file_sha256(variation.letter_file),
            "funds_financial_year": str(variation.funds_financial_year or ""),
            "outcomes": [outcome.text for outcome in variation.outcomes.order_by("position")],
        }
        for variation in variations
    ]


def _grant(grant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "funder": grant.funder.name,
        "funder_reference": grant.funder_reference,
        "financial_year": str(grant.financial_year),
        "title": grant.title,
        "original_award_amount": _money(grant.original_award_amount),
    }


def decision_content(decision: Decision) -> dict[str, Any]:
    """The whole form and everything approval acts on, as plain data."""
    content = {
        "reference": decision.reference,
        "form_type": decision.form_type,
        "decision_maker": decision.decision_maker,
        "policing_body": str(decision.policing_body),
        "title": decision.title,
        "executive_summary": decision.executive_summary,
        "recommendation_intro": decision.recommendation_intro,
        "recommendations": [
            {"position": r.position, "text": r.text} for r in decision.recommendations.order_by("position")
        ],
        "sections": _sections(decision),
        "supporting_papers": [
            {
                "position": paper.position,
                "title": paper.title,
                "file_name": paper.file.name if paper.file else "",
                "file_sha256": file_sha256(paper.file),
                "related_decision": paper.related_decision.reference if paper.related_decision_id else None,
                "related_variation_id": paper.related_variation_id,
                "is_confidential": paper.is_confidential,
            }
            for paper in decision.supporting_papers.select_related("related_decision").order_by("position")
        ],
        "part_1_deferred": decision.part_1_deferred,
        "deferral_reason": decision.deferral_reason,
        # A deferral counted from approval is signed as its rule; the date it resolves to at approval is not content.
        "deferral_until": (
            decision.deferral_until.isoformat() if decision.deferral_until and not decision.deferral_period else None
        ),
        "declarations": [
            {"kind": d.kind, "label": d.label, "statement": d.statement, "confirmed": d.confirmed}
            for d in decision.declarations.order_by("position")
        ],
        "refers_to": sorted(decision.refers_to.values_list("reference", flat=True)),
        "variations": _variations(decision),
        "grants": [_grant(grant) for grant in decision.grants.select_related("funder").order_by("pk")],
        "accepts": [_grant(grant) for grant in decision.grants_accepted.select_related("funder").order_by("pk")],
    }
    if decision.deferral_period:
        # Only when there is one, so that forms without it keep the content (and hash) they were signed with.
        content["deferral_period"] = {"count": decision.deferral_period, "unit": decision.deferral_period_unit}
    for links in hooks.content_links.call(decision):
        content.update(links)
    return content


def part_1_content(content: dict[str, Any]) -> dict[str, Any]:
    """The public part of :func:`decision_content`: without the Part 2 sections and the confidential papers."""
    return {
        **content,
        "sections": [section for section in content["sections"] if section["part"] == Part.PART_1],
        "supporting_papers": [paper for paper in content["supporting_papers"] if not paper["is_confidential"]],
    }


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_of(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def decision_content_hash(decision: Decision) -> str:
    """Hex SHA-256 of :func:`decision_content` in its canonical JSON."""
    return sha256_of(decision_content(decision))


def part_1_content_hash(decision: Decision) -> str:
    """Hex SHA-256 of the Part 1 content in its canonical JSON: the hash a published PDF prints."""
    return sha256_of(part_1_content(decision_content(decision)))
