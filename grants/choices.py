from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT_DEPARTMENT = "government_department", _("Government department")
    POLICING_BODY = "policing_body", _("Policing body")
    POLICE_FORCE = "police_force", _("Police force")
    NATIONAL_BODY = "national_body", _("National policing body")
    OTHER = "other", _("Other")


class GrantStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class VariationKind(models.TextChoices):
    ADDITIONAL_FUNDING = "additional_funding", _("Additional funding")
    MATCH_FUNDING = "match_funding", _("Match funding")
    REDUCTION = "reduction", _("Reduction")
    REPROFILE = "reprofile", _("Re-profile between years")
    CHANGE_OF_PERIOD = "change_of_period", _("Change of period")
    CHANGE_OF_CONDITIONS = "change_of_conditions", _("Change of conditions")


# Kinds that add money, take it away, or leave the total as it is; the database enforces the signs.
INCREASING_KINDS = (VariationKind.ADDITIONAL_FUNDING, VariationKind.MATCH_FUNDING)
DECREASING_KINDS = (VariationKind.REDUCTION,)
NEUTRAL_KINDS = (VariationKind.CHANGE_OF_PERIOD, VariationKind.CHANGE_OF_CONDITIONS)


class VariationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
