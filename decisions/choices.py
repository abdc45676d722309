from django.db import models
from django.utils.translation import gettext_lazy as _


class FormType(models.TextChoices):
    MOPAC_PCD = "mopac_pcd", _("MOPAC decision (PCD) form")
    PCC_DECISION = "pcc_decision", _("Police and Crime Commissioner decision form")


class DecisionMaker(models.TextChoices):
    DMPC = "dmpc", _("Deputy Mayor for Policing and Crime")
    PCC = "pcc", _("Police and Crime Commissioner")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CLEARED = "cleared", _("Cleared by the Chief Executive")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Once signed by the decision-maker, a decision's content never changes.
FROZEN_STATUSES = (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED)
EDITABLE_STATUSES = (DecisionStatus.DRAFT, DecisionStatus.RETURNED)


class DeferralUnit(models.TextChoices):
    """How a deferral counted from approval is measured; resolved to a date when the decision is approved."""

    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")


class Part(models.IntegerChoices):
    PART_1 = 1, _("Part 1 – non-confidential")
    PART_2 = 2, _("Part 2 – confidential")


class SectionKind(models.TextChoices):
    # MOPAC PCD form, Part I, in the order of the form.
    INTRODUCTION = "introduction", _("Introduction and background")
    ISSUES = "issues", _("Issues for consideration")
    FINANCIAL = "financial", _("Financial comments")
    LEGAL = "legal", _("Legal comments")
    GDPR = "gdpr", _("GDPR and data privacy")
    EQUALITY = "equality", _("Equality comments")
    BACKGROUND_PAPERS = "background_papers", _("Background/supporting papers")
    # PCC decision form.
    BACKGROUND_AND_ADVICE = "background_and_advice", _("Background and advice")
    POLICE_AND_CRIME_PLAN = "police_and_crime_plan", _("Links to the Police and Crime Plan")
    CONSULTATION = "consultation", _("Consultation")
    IMPLICATIONS = "implications", _("Implications")
    OTHER = "other", _("Other")


# The sections a form must have, in order, before it can be submitted.
REQUIRED_SECTIONS = {
    FormType.MOPAC_PCD: (
        SectionKind.INTRODUCTION,
        SectionKind.ISSUES,
        SectionKind.FINANCIAL,
        SectionKind.LEGAL,
        SectionKind.GDPR,
        SectionKind.EQUALITY,
    ),
    FormType.PCC_DECISION: (
        SectionKind.BACKGROUND_AND_ADVICE,
        SectionKind.POLICE_AND_CRIME_PLAN,
        SectionKind.CONSULTATION,
        SectionKind.IMPLICATIONS,
    ),
}


class ParagraphStyle(models.TextChoices):
    NUMBERED = "numbered", _("Numbered (1.1, 1.2 …)")
    LETTERED = "lettered", _("Lettered (a., b. …)")
    PLAIN = "plain", _("Plain paragraphs")


class DeclarationKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial advice")
    LEGAL = "legal", _("Legal advice")
    EQUALITIES = "equalities", _("Equalities advice")
    COMMERCIAL = "commercial", _("Commercial issues")
    GDPR = "gdpr", _("GDPR/data privacy")
    CONSULTATION = "consultation", _("Consultation")
    DRAFTING_OFFICER = "drafting_officer", _("Drafting officer")
    DIRECTOR = "director", _("Director/Head of Service")


class SignOffKind(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", _("Chief Executive consultation")
    DMPC = "dmpc", _("DMPC approval")
    MONITORING_OFFICER = "monitoring_officer", _("Monitoring Officer consultation")
    PCC = "pcc", _("PCC approval")


# The sign-offs that decide (their date is the decision's date).
DECIDING_SIGN_OFFS = (SignOffKind.DMPC, SignOffKind.PCC)


class SignOffMethod(models.TextChoices):
    IN_BROWSER = "in_browser", _("Signed in this service")
    PAPER_RECORD = "paper_record", _("Recorded from a signed paper form")
