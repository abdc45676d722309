"""Storing what each signer signs (a revision), and what changed between two revisions.

A revision is the canonical JSON of :func:`decisions.content.decision_content`. Two revisions are compared as flat
lists of labelled values ("Section 3 Financial Comments, paragraph 3.1: …"), so a signer reading a returned decision
sees exactly what is different from the version that was signed before, in the words of the form. Part 2 is left
out of the comparison for readers who may not see it.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from decisions.choices import Part, SectionKind
from decisions.content import canonical_json, decision_content, part_1_content, sha256_of
from decisions.models import Decision, DecisionRevision, RevisionReason


def revision_store(decision: Decision, *, reason: RevisionReason, by=None) -> DecisionRevision:
    """Store the form as it now stands as the decision's next revision (inside the caller's transaction, with the
    decision's row locked, so two revisions never take the same number)."""
    content = decision_content(decision)
    number = (decision.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    return DecisionRevision.objects.create(
        decision=decision,
        number=number,
        reason=reason,
        created_by=by,
        canonical=canonical_json(content),
        sha256=sha256_of(content),
        part_1_sha256=sha256_of(part_1_content(content)),
    )


@dataclass(frozen=True)
class Change:
    """One labelled value that differs between two revisions (``before`` or ``after`` is None when new or gone)."""

    label: str
    before: str | None
    after: str | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value) or "—"
    return str(value)


def _section_label(section: dict) -> str:
    kind = SectionKind(section["kind"]).label if section["kind"] in SectionKind.values else section["kind"]
    part = "Part 2, " if section["part"] == Part.PART_2 else ""
    return f"{part}Section {section['position']} {section['heading'] or kind}"


def flatten(content: dict[str, Any]) -> dict[str, str]:
    """The content as labelled lines, in the order of the form."""
    lines: dict[str, str] = {}
    for key, label in (("title", "Title"), ("executive_summary", "Executive summary")):
        lines[label] = _text(content.get(key))
    for recommendation in content.get("recommendations", []):
        lines[f"Recommendation {recommendation['position']}"] = _text(recommendation["text"])
    for section in content.get("sections", []):
        name = _section_label(section)
        if section.get("non_publication_rationale"):
            lines[f"{name}: rationale for non-publication"] = _text(section["non_publication_rationale"])
        for paragraph in section["paragraphs"]:
            number = f"{section['position']}.{paragraph['position']}"
            lines[f"{name}, paragraph {number}"] = _text(paragraph["text"])
            for item in paragraph["items"]:
                letter = "abcdefghijklmnopqrstuvwxyz"[(item["position"] - 1) % 26]
                lines[f"{name}, paragraph {number} {letter}."] = _text(item["text"])
    for paper in content.get("supporting_papers", []):
        lines[f"Paper {paper['position']}"] = _text(
            [paper["title"], paper["file_sha256"] and f"file SHA-256 {paper['file_sha256'][:12]}…"]
        )
    lines["Part 1 deferred"] = _text(content.get("part_1_deferred"))
    if content.get("part_1_deferred"):
        lines["Deferred until"] = _text(content.get("deferral_until"))
        period = content.get("deferral_period")
        lines["Deferred for"] = _text(
            f"{period['count']} {period['unit'].replace('_', ' ')} after approval" if period else None
        )
        lines["Reason for deferral"] = _text(content.get("deferral_reason"))
    for declaration in content.get("declarations", []):
        lines[f"Declaration: {declaration['label'].rstrip(':')}"] = _text(
            [declaration["statement"], "ticked" if declaration["confirmed"] else "not ticked"]
        )
    lines["Earlier decisions referred to"] = _text(content.get("refers_to"))
    for variation in content.get("variations", []):
        lines[f"Grant {variation['grant']} variation {variation['sequence']}"] = _text(
            [variation["kind"].replace("_", " "), f"£{variation['amount_change']}", variation["letter_reference"]]
        )
    for grant in content.get("grants", []):
        lines[f"Grant {grant['funder_reference']} ({grant['financial_year']})"] = _text(
            [grant["title"], f"award £{grant['original_award_amount']}"]
        )
    for grant in content.get("accepts", []):
        lines[f"Accepts grant {grant['funder_reference']} ({grant['financial_year']})"] = _text(
            f"£{grant['original_award_amount']}"
        )
    for plan in content.get("plans", []):
        lines[f"On-boarding plan: {plan.get('force')} – {plan.get('service')}"] = _text(plan.get("stage"))
    return lines


def changes_between(before: dict[str, Any], after: dict[str, Any], *, show_part_2: bool) -> list[Change]:
    """What differs from ``before`` to ``after``, in the order of ``after`` then what was removed."""
    if not show_part_2:
        before, after = part_1_content(before), part_1_content(after)
    old, new = flatten(before), flatten(after)
    changes = [Change(label, old.get(label), value) for label, value in new.items() if old.get(label) != value]
    changes += [Change(label, value, None) for label, value in old.items() if label not in new]
    return changes
