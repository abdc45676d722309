from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    UK = "uk", _("United Kingdom")


class ForceKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial police force")
    NATIONAL = "national", _("National body")


class PolicingBodyKind(models.TextChoices):
    PCC = "pcc", _("Police and Crime Commissioner")
    PFCC = "pfcc", _("Police, Fire and Crime Commissioner")
    MAYOR = "mayor", _("Mayor")
    POLICE_AUTHORITY = "police_authority", _("Police authority")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    STATEMENT_OF_INTENT = "statement_of_intent", _("Statement of intent")
    ONBOARDING_STARTED = "onboarding_started", _("On-boarding started")
    LIVE = "live", _("Live")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SignatoryCapacity(models.TextChoices):
    CHIEF_OFFICER = "chief_officer", _("Chief officer (Chief Constable or Commissioner)")
    POLICING_BODY = "policing_body", _("Policing body (PCC, PFCC or Mayor)")
    OTHER = "other", _("Other party")


class Execution(models.TextChoices):
    WET_INK = "wet_ink", _("Wet ink")
    ELECTRONIC = "electronic", _("Electronic")


class Publication(models.TextChoices):
    NOT_PUBLISHED = "not_published", _("Not yet published")
    IN_FULL = "in_full", _("Published in full")
    TITLE_AND_OBJECTIVE = "title_and_objective", _("Published by title and objective (s23E)")
