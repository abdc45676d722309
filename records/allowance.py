"""How many PDFs one client address may have checked on the public verify page: ``VERIFY_CHECKS_PER_HOUR`` (30
unless set) in each clock hour.

The count is a row per address and hour in the database (:class:`records.models.CheckAllowance`), so every web
process and server shares it; a check is counted by one UPDATE that succeeds only while the count is under the
limit, so two processes cannot both take the last one. The address is stored only as an HMAC keyed with the
site's secret key, and the rows of earlier hours are deleted as each new hour's first row is made. A request with no
usable address (behind a proxy that did not say) shares one allowance with every other such request.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from records.models import CheckAllowance

DEFAULT_CHECKS_PER_HOUR = 30
WINDOW = dt.timedelta(hours=1)


def checks_per_hour() -> int:
    return int(getattr(settings, "VERIFY_CHECKS_PER_HOUR", DEFAULT_CHECKS_PER_HOUR))


def _client_key(address: str | None) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (address or "unknown").encode(), hashlib.sha256).hexdigest()


def _window_start(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def take_check(address: str | None, *, now: dt.datetime | None = None) -> bool:
    """Count one check for ``address``; False (and nothing counted) when its allowance for this hour is used up."""
    now = now or timezone.now()
    client, window = _client_key(address), _window_start(now)
    limit = checks_per_hour()
    counted = CheckAllowance.objects.filter(client=client, window_start=window, checks__lt=limit)
    if counted.update(checks=F("checks") + 1):
        return True
    if limit <= 0 or CheckAllowance.objects.filter(client=client, window_start=window).exists():
        return False
    try:
        with transaction.atomic():
            CheckAllowance.objects.create(client=client, window_start=window, checks=1)
    except IntegrityError:  # another process made the row first: count against it
        return bool(counted.update(checks=F("checks") + 1))
    CheckAllowance.objects.filter(window_start__lt=window).delete()
    return True


def retry_after(now: dt.datetime | None = None) -> int:
    """Seconds until the next hour's allowance starts."""
    now = now or timezone.now()
    return max(1, int((_window_start(now) + WINDOW - now).total_seconds()))
