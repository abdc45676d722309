"""Finding a sealed PDF to download, fast.

A sealed document never changes once stored (the database refuses it), and a published decision stays
published, so both facts are kept in memory once read: a download of a published Part 1 then needs no query.
What may still change — an approved decision becoming published — is always read afresh.
"""

from dataclasses import dataclass

from decisions.choices import DecisionStatus
from decisions.models import Decision
from records.models import DocumentVariant, SealedDocument


@dataclass(frozen=True)
class SealedFile:
    decision_id: int
    variant: str
    path: str
    sha256: str
    size_bytes: int
    download_name: str


_files: dict[tuple[int, str], SealedFile] = {}
_published: set[int] = set()


def sealed_file(decision_id: int, variant: str) -> SealedFile | None:
    key = (decision_id, variant)
    found = _files.get(key)
    if found is None:
        document = (
            SealedDocument.objects.select_related("decision")
            .only("file", "sha256", "size_bytes", "variant", "decision__reference")
            .filter(decision_id=decision_id, variant=variant)
            .first()
        )
        if document is None:
            return None
        found = SealedFile(
            decision_id=decision_id,
            variant=variant,
            path=document.file.path,
            sha256=document.sha256,
            size_bytes=document.size_bytes,
            download_name=document.download_name,
        )
        _files[key] = found
    return found


def is_published(decision_id: int) -> bool:
    if decision_id in _published:
        return True
    published = Decision.objects.filter(pk=decision_id, status=DecisionStatus.PUBLISHED).exists()
    if published:
        _published.add(decision_id)
    return published


def may_download(user, sealed: SealedFile) -> bool:
    """Published Part 1 is public; staff who read decisions get any Part 1; the complete form needs view_part_2."""
    reads_decisions = user.is_authenticated and user.has_perm("decisions.view_decision")
    if sealed.variant == DocumentVariant.COMPLETE:
        return reads_decisions and user.has_perm("decisions.view_part_2")
    return reads_decisions or is_published(sealed.decision_id)


def forget() -> None:
    """Empty the memory (tests that roll the database back between them)."""
    _files.clear()
    _published.clear()
