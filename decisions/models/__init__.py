"""Decisions: the MOPAC PCD form and the PCC form, their content, declarations, sign-offs and audit events."""

from decisions.models.authority import Appointment, ReferenceSeries
from decisions.models.decision import Decision
from decisions.models.events import DecisionEvent
from decisions.models.form import Paragraph, Recommendation, Section, SupportingPaper
from decisions.models.revision import DecisionRevision, RevisionReason
from decisions.models.signing import OfficerDeclaration, SigningThrottle, SignOff
from decisions.models.triggers import history_append_only

history_append_only(
    Appointment, Decision, OfficerDeclaration, Paragraph, Recommendation, ReferenceSeries, Section, SignOff,
    SupportingPaper,
)  # fmt: skip

__all__ = [
    "Appointment",
    "Decision",
    "DecisionEvent",
    "DecisionRevision",
    "OfficerDeclaration",
    "Paragraph",
    "Recommendation",
    "ReferenceSeries",
    "RevisionReason",
    "Section",
    "SignOff",
    "SigningThrottle",
    "SupportingPaper",
]
