"""Signing passwords: checked, and wrong ones counted whatever happens to the step they were for.

The check runs in a transaction of its own before the signing step's, so a wrong password is counted even when
the step then fails (the old way, through the sign-in back end inside the step, lost the count with the step's
rollback). After ``SIGNING_PASSWORD_ATTEMPTS`` wrong passwords in a row (6 unless set), signing is locked for that
person for ``SIGNING_LOCKOUT_MINUTES`` (60), even with the right password, until the time passes or an administrator
unlocks it. It is apart from the sign-in lock-out, so a stranger cannot lock a signer out of signing.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.refusals import Refused
from decisions.models import SigningThrottle

DEFAULT_ATTEMPTS = 6
DEFAULT_LOCKOUT_MINUTES = 60


def _attempts() -> int:
    return int(getattr(settings, "SIGNING_PASSWORD_ATTEMPTS", DEFAULT_ATTEMPTS))


def _lockout() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "SIGNING_LOCKOUT_MINUTES", DEFAULT_LOCKOUT_MINUTES)))


def _locked(until: dt.datetime) -> Refused:
    return Refused(
        _(
            "Signing is locked for your account after too many wrong passwords, until %(time)s. Your signature "
            "was not recorded. An administrator can unlock it sooner."
        )
        % {"time": timezone.localtime(until).strftime("%H:%M on %d/%m/%Y")},
        code="locked",
        field="password",
    )


def signing_password_check(*, by, password: str) -> None:
    """Accept ``by``'s own password, or count the wrong one and raise Refused (``signature``, or ``locked``)."""
    now = timezone.now()
    with transaction.atomic():
        throttle, _created = SigningThrottle.objects.select_for_update().get_or_create(user=by)
        if throttle.locked_until and throttle.locked_until > now:
            raise _locked(throttle.locked_until)
        if by.check_password(password or ""):
            if throttle.failures or throttle.locked_until:
                throttle.failures, throttle.locked_until = 0, None
                throttle.save(update_fields=["failures", "locked_until"])
            return
        throttle.failures += 1
        throttle.last_failure_at = now
        if throttle.failures >= _attempts():
            throttle.locked_until = now + _lockout()
        throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    # Raised once the count has been saved.
    if throttle.locked_until:
        raise _locked(throttle.locked_until)
    raise Refused(_("That password is not right. Enter your own password to sign."), code="signature", field="password")


def signing_unlock(*, user) -> None:
    """An administrator lets ``user`` sign again at once."""
    SigningThrottle.objects.filter(user=user).update(failures=0, locked_until=None)
