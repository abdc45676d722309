"""Decisions: the MOPAC PCD form and the PCC form, their content, declarations, sign-offs and audit events."""

from decisions.models.decision import Decision
from decisions.models.events import DecisionEvent
from decisions.models.form import Paragraph, Recommendation, Section, SupportingPaper
from decisions.models.signing import OfficerDeclaration, SignOff

__all__ = [
    "Decision",
    "DecisionEvent",
    "OfficerDeclaration",
    "Paragraph",
    "Recommendation",
    "Section",
    "SignOff",
    "SupportingPaper",
]
