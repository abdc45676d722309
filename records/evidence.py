"""What a sealed PDF's certificate page lets anyone recompute.

- **The Part 1 content.** The hash a Part 1 PDF prints is the SHA-256 of one file: the canonical JSON
  (:func:`decisions.content.canonical_json`: sorted keys, no spaces, UTF-8) of the Part 1 content
  (:func:`decisions.content.part_1_content`) of the revision the decision-maker signed. Once the decision is
  published, that file is public (``records:part_1_json``), so anyone can download it, hash it and compare.
- **The complete content**, Part 2 included, is never published. The Part 1 PDF prints a salted commitment to its
  hash (:class:`records.models.ContentCommitment`); the complete PDF prints the salt and the hash, so an auditor
  holding both can show they are the same record, and the Part 1 PDF alone gives nothing to test guesses against.
"""

import secrets

from django.db import IntegrityError, transaction

from decisions.content import canonical_json, decision_content, part_1_content, sha256_of
from decisions.models import Decision, DecisionRevision
from decisions.services import sign_off_kinds
from records.models import ContentCommitment


def signed_revision(decision: Decision) -> DecisionRevision | None:
    """The revision the decision-maker signed (or, before that, the latest one), if revisions were kept."""
    _consulted, deciding = sign_off_kinds(decision)
    sign_off = (
        decision.sign_offs.filter(kind=deciding, voided_at__isnull=True, revision__isnull=False)
        .select_related("revision")
        .first()
    )
    if sign_off is not None:
        return sign_off.revision
    if decision.is_frozen:
        return decision.revisions.order_by("-number").first()
    return None


def complete_content(decision: Decision) -> dict:
    """The whole form as signed (the decision-maker's revision) or, for a form still being written, as it stands."""
    revision = signed_revision(decision)
    return revision.content if revision is not None else decision_content(decision)


def part_1_json(decision: Decision) -> str:
    """The canonical JSON of the Part 1 content: the file whose SHA-256 the Part 1 PDF prints."""
    return canonical_json(part_1_content(complete_content(decision)))


def part_1_sha256(decision: Decision, *, revision: DecisionRevision | None = None) -> str:
    """The SHA-256 of :func:`part_1_json`: as the signed revision stored it when it was made (``revision``, or the
    one :func:`signed_revision` finds), else of the form as it stands."""
    revision = revision or signed_revision(decision)
    if revision is not None:
        return revision.part_1_sha256
    return sha256_of(part_1_content(decision_content(decision)))


def complete_sha256(decision: Decision, *, revision: DecisionRevision | None = None) -> str:
    revision = revision or signed_revision(decision)
    if revision is not None:
        return revision.sha256
    return sha256_of(decision_content(decision))


def commitment_for(decision: Decision, *, has_part_2: bool | None = None) -> ContentCommitment | None:
    """The decision's commitment to its complete content, made (with a fresh 256-bit salt) the first time it is
    asked for; None for a decision without a Part 2 (its Part 1 is its whole content; ``has_part_2`` when the caller
    knows already) or not yet approved (its content may still change)."""
    if has_part_2 is None:
        has_part_2 = decision.has_part_2
    if not decision.is_frozen or not has_part_2:
        return None
    found = ContentCommitment.objects.filter(decision=decision).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ContentCommitment.objects.create(
                decision=decision, salt=secrets.token_hex(32), complete_sha256=complete_sha256(decision)
            )
    except IntegrityError:  # made at the same moment by another process: theirs stands
        return ContentCommitment.objects.get(decision=decision)
