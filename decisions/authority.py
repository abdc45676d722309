"""Who may sign for a decision's body, and the body's next reference.

A signing step (the consulted officer's signature, the decision-maker's approval or rejection, a return) is taken
only by someone who holds the office for the decision's policing body on that day, through an
:class:`~decisions.models.Appointment`; a role (Django group) alone is not enough, and a superuser is no exception.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.refusals import Refused
from decisions.choices import FormType, SignOffKind
from decisions.models import Appointment, Decision, ReferenceSeries
from decisions.statements import SIGN_OFF_ORDER, SIGN_OFF_ROLES

# Which offices may take each signing step: the consulted officer, the decision-maker, or either.
CONSULTED, DECIDING, EITHER = "consulted", "deciding", "either"


def offices_for(decision: Decision, who: str) -> tuple[SignOffKind, ...]:
    consulted, deciding = SIGN_OFF_ORDER[FormType(decision.form_type)]
    return {CONSULTED: (consulted,), DECIDING: (deciding,), EITHER: (consulted, deciding)}[who]


def appointment_for(user, decision: Decision, offices: tuple[SignOffKind, ...], *, on: dt.date | None = None):
    """The appointment under which ``user`` holds one of ``offices`` for the decision's body on ``on``, or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    return (
        Appointment.objects.in_force(on)
        .filter(person=user, office__in=offices, policing_body_id=decision.policing_body_id)
        .order_by("is_deputy", "-starts_on")
        .first()
    )


def require_office(user, decision: Decision, who: str) -> Appointment:
    """The user's appointment for this step; raises Refused (``authority``) naming the office they would need."""
    offices = offices_for(decision, who)
    appointment = appointment_for(user, decision, offices)
    if appointment is None:
        names = _(" or ").join(str(SIGN_OFF_ROLES[office]) for office in offices)
        raise Refused(
            _("%(reference)s is for %(body)s: only its %(office)s can do this, and you do not hold that office today.")
            % {"reference": decision.reference, "office": names, "body": decision.policing_body.name},
            code="authority",
        )
    return appointment


def bodies_where(user, offices: tuple[SignOffKind, ...]):
    """The ids of the policing bodies for which ``user`` holds one of ``offices`` today."""
    return Appointment.objects.in_force().filter(person=user, office__in=offices).values("policing_body_id")


# --- References ---------------------------------------------------------------------------------------------------


def reference_allocate(policing_body) -> str:
    """The next free reference of the body's series (``PCD 1839``, ``LANC 2026/03``), taken for good.

    Safe when drafts are started at the same instant: the number is taken by an UPDATE, which every database makes
    wait for the other, before it is read back. Numbers already used (historic decisions entered with their own
    references) are stepped over. Raises Refused (``series``) when the body has no series.
    """
    series = ReferenceSeries.objects.filter(policing_body=policing_body).first()
    if series is None:
        raise Refused(
            _(
                "%(body)s has no reference series yet, so a decision for it cannot be numbered: an administrator "
                "sets one up in the back office (Reference series)."
            )
            % {"body": policing_body},
            code="series",
        )
    year = timezone.localdate().year
    with transaction.atomic():
        if series.per_year:
            # A new year starts again at 1 (the first draft of the year moves the series on).
            ReferenceSeries.objects.filter(pk=series.pk).exclude(year=year).update(year=year, next_number=1)
        while True:
            ReferenceSeries.objects.filter(pk=series.pk).update(next_number=F("next_number") + 1)
            series.refresh_from_db(fields=["next_number", "year"])
            reference = series.format(series.next_number - 1, year=year)
            if not Decision.objects.filter(reference__iexact=reference).exists():
                return reference


def reference_note_used(policing_body, reference: str, *, on: dt.date | None = None) -> None:
    """A reference given by hand (a historic decision): the series moves past it so that it is never offered."""
    series = ReferenceSeries.objects.filter(policing_body=policing_body).first()
    if series is None:
        return
    year = (on or timezone.localdate()).year
    number = series.number_of(reference, year=year)
    if number is not None and (not series.per_year or series.year in (None, year)):
        ReferenceSeries.objects.filter(pk=series.pk, next_number__lte=number).update(next_number=number + 1)


def reference_preview(policing_body) -> str:
    """What the next reference would be, without taking it (for a form's hint)."""
    series = ReferenceSeries.objects.filter(policing_body=policing_body).first()
    if series is None:
        return ""
    year = timezone.localdate().year
    number = 1 if series.per_year and series.year != year else series.next_number
    return series.format(number, year=year)
