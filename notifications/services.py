"""Writes of the notifications app: a person's choices, making the messages of a step or of a day, and the daily
digests. Sending is in :mod:`notifications.sending`."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.background import enqueue_after_commit
from core.refusals import Refused
from decisions.models import Decision
from notifications import messages
from notifications.choices import DeliveryMode, NotificationKind, NotificationStatus
from notifications.kinds import KINDS, is_mandatory
from notifications.models import MANDATORY_MESSAGE, Notification, NotificationPreference

DEFAULT_DIGEST_HOUR = 8

STATUS_FOR_MODE = {
    DeliveryMode.IMMEDIATELY: NotificationStatus.QUEUED,
    DeliveryMode.DAILY_DIGEST: NotificationStatus.IN_DIGEST,
    DeliveryMode.OFF: NotificationStatus.OFF,
}


def digest_hour() -> int:
    return int(getattr(settings, "NOTIFY_DIGEST_HOUR", DEFAULT_DIGEST_HOUR))


# --- Preferences ----------------------------------------------------------------------------------------------------


def preferences_of(user) -> dict[str, str]:
    """``{kind: mode}`` for every kind ``user`` has chosen for (the others are sent straight away)."""
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))


def preference_mode(user, kind: str) -> str:
    mode = NotificationPreference.objects.filter(user=user, kind=kind).values_list("mode", flat=True).first()
    if mode is None or (mode == DeliveryMode.OFF and is_mandatory(kind)):
        return DeliveryMode.IMMEDIATELY
    return mode


@transaction.atomic
def preference_set(*, user, kind: str, mode: str) -> NotificationPreference:
    """How ``user`` wants e-mails of ``kind``: straight away, in the daily digest, or off.

    Raises Refused: ``invalid`` for a kind or a mode that does not exist; ``mandatory`` (on the kind's field) for
    "off" on a kind that cannot be turned off.
    """
    if kind not in KINDS:
        raise Refused(_("There is no such kind of e-mail."), code="invalid")
    if mode not in DeliveryMode.values:
        raise Refused(_("Choose when to be sent these e-mails."), code="invalid", field=kind)
    if mode == DeliveryMode.OFF and is_mandatory(kind):
        raise Refused(MANDATORY_MESSAGE % {"kind": NotificationKind(kind).label}, code="mandatory", field=kind)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"mode": mode}
    )
    return preference


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str]) -> list[NotificationPreference]:
    """Every answer of the preferences page (``{kind: mode}``), or none: raises Refused with a reason for each
    kind refused (see :func:`preference_set`)."""
    reasons, saved = [], []
    for kind, mode in choices.items():
        try:
            with transaction.atomic():
                saved.append(preference_set(user=user, kind=kind, mode=mode))
        except Refused as refusal:
            reasons.extend(refusal.reasons)
    if reasons:
        raise Refused(reasons=reasons)
    return saved


# --- Making messages ------------------------------------------------------------------------------------------------


def notify(
    *,
    kind: NotificationKind,
    recipients: Iterable,
    decision: Decision | None,
    context: dict,
    link: str,
    occasion: Callable[[object], str] | None = None,
    now: dt.datetime | None = None,
) -> list[Notification]:
    """Make the message of ``kind`` for each of ``recipients`` (already chosen as allowed to be told), as each has
    chosen: queued to be sent once the current transaction commits, kept for the daily digest, or kept as off.

    With ``occasion`` (the recipient → a key), a message already made for that key is not made again, even by
    several workers at once. Returns the messages made.
    """
    now = now or timezone.now()
    made = []
    for recipient in recipients:
        key = occasion(recipient) if occasion else None
        if key and Notification.objects.filter(occasion=key).exists():
            continue
        mode = preference_mode(recipient, kind)
        name = messages.person_name(recipient)
        subject, text = messages.render_message(kind, {**context, "link": link, "recipient_name": name})
        status = STATUS_FOR_MODE[DeliveryMode(mode)]
        # A digest item is the part of the digest about it; any other message is the whole e-mail.
        body = text if status == NotificationStatus.IN_DIGEST else messages.with_footer(text, recipient_name=name)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    decision=decision,
                    subject=subject,
                    body=body,
                    created_at=now,
                    status=status,
                    next_attempt_at=_sendable_from(now) if status == NotificationStatus.QUEUED else None,
                    occasion=key,
                )
        except IntegrityError:
            if key is None:
                raise
            continue  # another worker made it first
        if status == NotificationStatus.QUEUED:
            _send_after_commit(notification)
        made.append(notification)
    return made


def _sendable_from(now: dt.datetime) -> dt.datetime:
    # At once: never later than the clock, even when the work was done for a moment given to it.
    return min(now, timezone.now())


def _send_after_commit(notification: Notification) -> None:
    from notifications.tasks import send_notification

    enqueue_after_commit(send_notification, notification_id=notification.pk)


# --- Daily digests --------------------------------------------------------------------------------------------------


def digest_time(day: dt.date) -> dt.datetime:
    """When the digest of ``day`` goes: ``NOTIFY_DIGEST_HOUR`` o'clock, local time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(digest_hour())))


def digests_make(*, now: dt.datetime) -> list[Notification]:
    """From the day's digest hour, one message per person carrying every digest item made before that hour and not
    yet sent; at most one digest per person a day, however many workers run this at once. Items made after the hour
    wait for the next day's."""
    day = timezone.localdate(now)
    cutoff = digest_time(day)
    if now < cutoff:
        return []
    waiting = Notification.objects.filter(
        status=NotificationStatus.IN_DIGEST, digest__isnull=True, created_at__lt=cutoff
    )
    recipient_ids = sorted(set(waiting.values_list("recipient_id", flat=True)))
    made = []
    for recipient_id in recipient_ids:
        digest = _digest_make(recipient_id=recipient_id, day=day, cutoff=cutoff, now=now)
        if digest is not None:
            made.append(digest)
    return made


@transaction.atomic
def _digest_make(*, recipient_id: int, day: dt.date, cutoff: dt.datetime, now: dt.datetime) -> Notification | None:
    occasion = f"digest:{recipient_id}:{day.isoformat()}"
    if Notification.objects.filter(occasion=occasion).exists():
        return None
    items = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(
            recipient_id=recipient_id,
            status=NotificationStatus.IN_DIGEST,
            digest__isnull=True,
            created_at__lt=cutoff,
        )
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    if not items:
        return None
    recipient = items[0].recipient
    subject, body = messages.digest_message(items, recipient_name=messages.person_name(recipient), day=day)
    try:
        with transaction.atomic():
            digest = Notification.objects.create(
                recipient=recipient,
                kind=NotificationKind.DIGEST,
                subject=subject,
                body=body,
                created_at=now,
                status=NotificationStatus.QUEUED,
                next_attempt_at=_sendable_from(now),
                occasion=occasion,
            )
    except IntegrityError:
        return None  # another worker made today's digest first
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(digest=digest)
    _send_after_commit(digest)
    return digest
