"""What the records app gives the decisions app through its hooks (registered from ``RecordsConfig.ready``):
sealing after approval, the sealed-PDF panel of a decision's page, and the public PDF of published decisions."""

from django.utils.translation import gettext as _

from core.views import reverse_each
from decisions import hooks
from records import downloads
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
from records.sealing import seal_after_commit

PANEL_TEMPLATE = "records/inc/decision_panel.html"


def documents_panel(request, decision) -> hooks.Panel:
    """The decision's sealed PDFs the reader may download, or where sealing stands; a draft preview while editable."""
    documents = [
        document
        for document in decision.sealed_documents.order_by("variant")
        if downloads.may_download(request.user, downloads.sealed_file(decision.pk, document.variant))
    ]
    seal = DecisionSeal.objects.filter(decision=decision).first()
    being_sealed = seal is not None and seal.status == SealStatus.PENDING and not documents
    return hooks.Panel(
        PANEL_TEMPLATE, {"decision": decision, "seal": seal, "documents": documents, "being_sealed": being_sealed}
    )


def part_1_documents(decision_ids: list[int]) -> dict[int, hooks.DocumentLink]:
    """The sealed Part 1 PDF of each decision that has one (one query)."""
    documents = SealedDocument.objects.filter(decision_id__in=decision_ids, variant=DocumentVariant.PART_1).values_list(
        "decision_id", "page_count", "size_bytes", "sha256"
    )
    url = reverse_each("records:document", variant=DocumentVariant.PART_1)
    return {
        decision_id: hooks.DocumentLink(
            url=url(decision_id), page_count=page_count, size_bytes=size_bytes, sha256=sha256
        )
        for decision_id, page_count, size_bytes, sha256 in documents
    }


def seal_states(decision_ids: list[int]) -> dict[int, str]:
    """For governance's lists: the decisions whose sealing is not done, and why (one query)."""
    states = {}
    for seal in DecisionSeal.objects.filter(decision_id__in=decision_ids).exclude(status=SealStatus.SEALED):
        if seal.status == SealStatus.FAILED:
            states[seal.decision_id] = _("Sealing failed (attempt %(attempts)s): %(error)s") % {
                "attempts": seal.attempts,
                "error": seal.error,
            }
        else:
            states[seal.decision_id] = _("Being sealed")
    return states


def seal_milestones(decision) -> dict:
    """When the decision's PDFs were sealed, for its timeline (one query)."""
    sealed_at = (
        SealedDocument.objects.filter(decision=decision).order_by("sealed_at").values_list("sealed_at", flat=True)
    ).first()
    return {"sealed": sealed_at} if sealed_at else {}


def register() -> None:
    from core.background import periodic
    from records.tasks import queue_seals_left_undone

    hooks.approved.register(seal_after_commit)
    hooks.record_states.register(seal_states)
    hooks.milestones.register(seal_milestones)
    periodic.register(queue_seals_left_undone)
    hooks.page_panels.register(documents_panel)
    hooks.published_documents.register(part_1_documents)
