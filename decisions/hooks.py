"""What the decisions app asks of the apps built on it, without importing them.

- :data:`approved`: told, inside the approval's transaction, that a decision has been approved. The records app
  arranges for it to be sealed once the approval commits.
- :data:`page_panels`: the extra panels of a decision's page (the records app shows its sealed PDFs and their state).
- :data:`published_documents`: the public PDF of each published decision (the records app knows which exist).
- :data:`form_appendices`: the pages printed after a form (the forces app gives the Section 22A signature page of
  a PCC decision about an on-boarding plan).
- :data:`drafting_link_panels`: more of what a draft can be linked to, on its links task (the forces app gives the
  on-boarding plans of the decision's body).
- :data:`event_recorded`: told, inside the step's transaction, of each event of a decision's history (submitted,
  cleared, returned, approved, published …); the notifications app queues its messages for after the commit.
- :data:`sealed`: told, after it commits, that a decision's PDFs are sealed (the register publishes it when due).
- :data:`record_states`: a short word on how each decision's records stand ("being sealed", "sealing failed: …"),
  for the lists governance reads.
- :data:`search`: decisions whose Part 1 words match a search, best first (the register gives full-text search);
  read through ``decisions.selectors.search_decisions``.
- :data:`milestones`: when the steps another app knows of happened, for a decision's timeline (the records app
  answers when it was sealed).
- :data:`content_links`: what else a decision is about, for the revision its signers sign (the forces app gives the
  on-boarding plans it is linked to).
"""

from dataclasses import dataclass, field
from typing import Any

from core.hooks import Hook


@dataclass(frozen=True)
class Panel:
    """A block of a decision's page: a template and what it needs."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentLink:
    """The downloadable public PDF of a published decision."""

    url: str
    page_count: int
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class Appendix:
    """Pages printed after the form: a template (self-contained HTML for the PDF) and what it needs."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


approved = Hook("approved", "Called with (decision) inside the approval's transaction.")
page_panels = Hook("page_panels", "Called with (request, decision); each answers a Panel or None.")
published_documents = Hook(
    "published_documents", "Called with (decision_ids); each answers {decision id: DocumentLink}."
)
form_appendices = Hook(
    "form_appendices", "Called with (decision, include_part_2=bool); each answers a list of Appendix."
)


event_recorded = Hook("event_recorded", "Called with (event) inside the transaction that records it.")
sealed = Hook("sealed", "Called with (decision) once its sealed PDFs are stored and committed.")
record_states = Hook(
    "record_states", "Called with (decision_ids); each answers {decision id: short text about its records}."
)
search = Hook(
    "search",
    "Called with (decisions, text); the first answer is the queryset narrowed to those whose Part 1 words match, "
    "annotated with search_exact and search_rank.",
)
drafting_link_panels = Hook(
    "drafting_link_panels", "Called with (request, decision) on a draft's links task; each answers a Panel or None."
)
milestones = Hook(
    "milestones", "Called with (decision); each answers {step: aware datetime} for the steps it knows ('sealed')."
)
content_links = Hook("content_links", "Called with (decision); each answers a dict of more content (JSON-ready).")


def documents_for(decision_ids) -> dict[int, DocumentLink]:
    """The public PDF of each of ``decision_ids`` that has one, from every app that provides them."""
    found: dict[int, DocumentLink] = {}
    for answer in published_documents.call(list(decision_ids)):
        found.update(answer)
    return found


def appendices_for(decision, *, include_part_2: bool) -> list[Appendix]:
    return [appendix for answer in form_appendices.call(decision, include_part_2=include_part_2) for appendix in answer]


def record_states_for(decision_ids) -> dict[int, str]:
    """How the records of each of ``decision_ids`` stand, where an app has something to say (e.g. a failed seal)."""
    found: dict[int, str] = {}
    for answer in record_states.call(list(decision_ids)):
        found.update(answer)
    return found
