"""The register as open data: JSON pages with links between them, and the whole register as one streamed download.

Part 1 facts only, amounts as exact decimal strings, dates in ISO 8601. A page (``/register/data.json?page=2``) holds
:data:`PAGE_SIZE` decisions, newest published first, with ``links`` to the first, previous, next and bulk downloads;
``/register/data/all.json`` is the same records as one JSON document, written a chunk at a time as it is sent, so
memory stays flat and the first bytes leave at once however large the register grows.
"""

import json
from collections.abc import Iterable, Iterator

from django.db.models import F, Prefetch, QuerySet
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from core.views import chunked, in_order_of, list_page, page_number, query_string
from decisions.choices import DecisionMaker
from decisions.hooks import documents_for
from decisions.models import Decision, Recommendation
from grants.models import Grant
from register.selectors import published_decisions

PAGE_SIZE = 100
# The register's data may be reused under the Open Government Licence; every document says so.
LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
ORDERING = (F("published_on").desc(nulls_last=True), "-pk")
_MAKERS = dict(DecisionMaker.choices)


def _with_facts(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    grants = Grant.objects.with_totals().select_related("funder").order_by("financial_year", "funder_reference")
    return decisions.prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("position")),
        Prefetch("grants", queryset=grants),
    )


def record(absolute, decision: Decision, document) -> dict:
    """One decision as open data."""
    pdf_url = document.url if document else None
    return {
        "reference": decision.reference,
        "title": decision.title,
        "decision_maker": str(_MAKERS.get(decision.decision_maker, decision.decision_maker)),
        "decision_date": decision.decided_on.isoformat() if decision.decided_on else None,
        "financial_year": str(decision.financial_year) if decision.financial_year else None,
        "published_on": decision.published_on.isoformat() if decision.published_on else None,
        "executive_summary": decision.executive_summary,
        "recommendations": [recommendation.text for recommendation in decision.recommendations.all()],
        "grants": [
            {
                "funder": grant.funder.name,
                "funder_reference": grant.funder_reference,
                "title": grant.title,
                "financial_year": str(grant.financial_year),
                "original_award_amount": f"{grant.original_award_amount:.2f}",
                "current_total_amount": f"{grant.current_total_amount:.2f}",
                "currency": "GBP",
            }
            for grant in decision.grants.all()
        ],
        "url": absolute(reverse("register:detail", kwargs={"pk": decision.pk})),
        "pdf_url": absolute(pdf_url) if pdf_url else None,
    }


def _records(absolute, decisions: Iterable[Decision]) -> list[dict]:
    decisions = list(decisions)
    documents = documents_for(decision.pk for decision in decisions)
    return [record(absolute, decision, documents.get(decision.pk)) for decision in decisions]


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data(request):
    """One page of the register as JSON, with links to the other pages and to the whole register."""
    decisions = published_decisions()
    page = list_page(decisions, ordering=ORDERING, number=page_number(request.GET.get("page")), per_page=PAGE_SIZE)
    rows = in_order_of(page.ids, _with_facts(Decision.objects.filter(pk__in=page.ids)))
    absolute = request.build_absolute_uri
    here = reverse("register:open_data")
    links = {
        "self": absolute(here + query_string(request.GET, page=page.number)),
        "first": absolute(here),
        "previous": absolute(here + query_string(request.GET, page=page.number - 1)) if page.has_previous else None,
        "next": absolute(here + query_string(request.GET, page=page.number + 1)) if page.has_next else None,
        "all": absolute(reverse("register:open_data_all")),
    }
    body = {
        "generated_at": timezone.now().isoformat(),
        "licence": LICENCE,
        "count": page.count.value,
        "count_is_exact": page.count.exact,
        "page": page.number,
        "page_size": PAGE_SIZE,
        "links": links,
        "decisions": _records(absolute, rows),
    }
    return _cors(JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1}))


def open_data_all(request):
    """The whole register as one JSON document, streamed a chunk of decisions at a time."""
    response = StreamingHttpResponse(_all_pieces(request.build_absolute_uri), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="published-decisions.json"'
    return _cors(response)


def _all_pieces(absolute) -> Iterator[str]:
    yield (
        '{"generated_at": '
        + json.dumps(timezone.now().isoformat())
        + ', "licence": '
        + json.dumps(LICENCE)
        + ', "decisions": ['
    )
    first = True
    for chunk in chunked(_with_facts(published_decisions().order_by(*ORDERING))):
        pieces = [json.dumps(item, ensure_ascii=False) for item in _records(absolute, chunk)]
        if pieces:
            yield ("\n" if first else ",\n") + ",\n".join(pieces)
            first = False
    yield "\n]}\n"
