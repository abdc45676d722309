"""The content of a decision form as one canonical document, and its SHA-256.

A sign-off stores the hash of exactly what its signer read. The document covers everything printed on
the form that the signer is asked to stand behind (title, summary, recommendations, every section and
paragraph of both parts, papers, public-access answers and the officer declarations), serialised as
JSON with sorted keys so the same content always gives the same hash on any database.
"""

import hashlib
import json
from typing import Any

from decisions.models import Decision


def decision_content(decision: Decision) -> dict[str, Any]:
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
    return {
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
        "sections": sections,
        "supporting_papers": [
            {
                "position": paper.position,
                "title": paper.title,
                "file_name": paper.file.name if paper.file else "",
                "is_confidential": paper.is_confidential,
            }
            for paper in decision.supporting_papers.order_by("position")
        ],
        "part_1_deferred": decision.part_1_deferred,
        "deferral_reason": decision.deferral_reason,
        "deferral_until": decision.deferral_until.isoformat() if decision.deferral_until else None,
        "declarations": [
            {"kind": d.kind, "label": d.label, "statement": d.statement, "confirmed": d.confirmed}
            for d in decision.declarations.order_by("position")
        ],
        "refers_to": sorted(decision.refers_to.values_list("reference", flat=True)),
    }


def decision_content_hash(decision: Decision) -> str:
    """Hex SHA-256 of :func:`decision_content`."""
    canonical = json.dumps(decision_content(decision), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
