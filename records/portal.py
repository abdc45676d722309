"""The auditor's portal: sealed decisions listed, filtered and exported, and their stored PDFs as one ZIP."""

import zipfile
from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Case, Exists, F, OuterRef, Prefetch, QuerySet, Value, When
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.views import StaffListView
from decisions.models import Decision
from decisions.selectors import can_see_part_2, decisions_visible_to, with_decision_date
from records.filters import SealedDecisionFilter
from records.models import DocumentVariant, SealedDocument
from records.tables import SealedDecisionTable

ZIP_NAME = "sealed-decisions.zip"
# Read and hand on stored PDFs in pieces this size, so memory stays flat however large the set.
CHUNK_SIZE = 64 * 1024
# Query parameters of the list page that are not filters.
_NOT_FILTERS = ("sort", "page", "_export")

# Part 1 before the complete form, wherever documents of one decision are listed.
_VARIANT_ORDER = Case(When(variant=DocumentVariant.PART_1, then=Value(0)), default=Value(1))


def downloadable_variants(user) -> list[str]:
    """Part 1 for every reader; the complete form (with Part 2) only for those who may see Part 2."""
    if can_see_part_2(user):
        return [DocumentVariant.PART_1, DocumentVariant.COMPLETE]
    return [DocumentVariant.PART_1]


def sealed_decisions(user) -> QuerySet[Decision]:
    """Decisions with at least one sealed PDF, as ``user`` may read them, ready for ``SealedDecisionTable``.

    Each row carries ``decided_on`` (the date of the decision-maker's sign-off, not voided), ``seal_status``,
    its grants and, in ``documents``, the sealed PDFs ``user`` may download: a fixed number of queries
    however many rows there are.
    """
    documents = (
        SealedDocument.objects.filter(variant__in=downloadable_variants(user))
        .only("pk", "decision_id", "variant", "sha256")
        .order_by(_VARIANT_ORDER)
    )
    return (
        with_decision_date(decisions_visible_to(user))
        .filter(Exists(SealedDocument.objects.filter(decision=OuterRef("pk"))))
        .annotate(seal_status=F("seal__status"))
        .prefetch_related("grants", Prefetch("sealed_documents", queryset=documents, to_attr="documents"))
    )


class SealedDecisionListView(StaffListView):
    """Sealed decisions, filtered and sorted, with CSV and XLSX exports of the filtered rows."""

    permission_required = "decisions.view_decision"
    template_name = "records/sealed_list.html"
    table_class = SealedDecisionTable
    filterset_class = SealedDecisionFilter
    export_name = "sealed-decisions"
    title = _("Sealed decisions")

    def get_queryset(self) -> QuerySet[Decision]:
        return sealed_decisions(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zip_url"] = _with_filters(reverse("records:sealed_zip"), self.request.GET)
        context["can_see_part_2"] = can_see_part_2(self.request.user)
        return context


sealed_list = SealedDecisionListView.as_view()


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def sealed_zip(request):
    """The stored PDFs of the filtered sealed decisions, streamed as one ZIP; nothing is rendered here.

    Part 1 PDFs for every reader, the complete forms only for readers who may see Part 2.
    """
    filterset = SealedDecisionFilter(request.GET or None, queryset=sealed_decisions(request.user), request=request)
    if filterset.is_bound and not filterset.is_valid():
        # The list page shows what is wrong with the filters.
        return redirect(_with_filters(reverse("records:sealed_list"), request.GET))
    documents = list(
        SealedDocument.objects.filter(
            decision__in=filterset.qs.order_by().values("pk"), variant__in=downloadable_variants(request.user)
        )
        .select_related("decision")
        .only("pk", "variant", "file", "sealed_at", "size_bytes", "decision__reference")
        .order_by("decision__reference", _VARIANT_ORDER)
    )
    response = StreamingHttpResponse(_zip_stream(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ZIP_NAME}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_filters(url: str, query) -> str:
    filters = query.copy()
    for name in _NOT_FILTERS:
        filters.pop(name, None)
    return f"{url}?{filters.urlencode()}" if filters else url


# --- Streaming a ZIP ------------------------------------------------------------------------------------------------


class _Chunks:
    """A write-only sink for ``ZipFile``: it holds what was written until it is taken.

    It cannot seek or tell, so ``ZipFile`` writes each entry's sizes after its data (a data descriptor) and never
    goes back: the archive can leave as it is made.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _zip_stream(documents: Iterable[SealedDocument]) -> Iterator[bytes]:
    """Yield a ZIP of the stored files of ``documents`` piece by piece, read from storage as it goes."""
    sink = _Chunks()
    taken: set[str] = set()
    # PDFs are compressed already: store them as they are.
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for document in documents:
            sealed_at = timezone.localtime(document.sealed_at)
            entry = zipfile.ZipInfo(_entry_name(document, taken), sealed_at.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_STORED
            entry.file_size = document.size_bytes  # tells zipfile whether the entry needs ZIP64
            entry.external_attr = 0o644 << 16
            with document.file.storage.open(document.file.name, "rb") as source, archive.open(entry, "w") as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
                    if data := sink.take():
                        yield data
            if data := sink.take():
                yield data
    if data := sink.take():
        yield data


def _entry_name(document: SealedDocument, taken: set[str]) -> str:
    """``PCD-1838.pdf``, made safe as a path inside the archive and unique within it."""
    name = document.download_name.replace("/", "-").replace("\\", "-")
    stem, _dot, extension = name.rpartition(".")
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}.{extension}"
    taken.add(candidate)
    return candidate
