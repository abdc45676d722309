"""Sending one message (or a daily digest) by e-mail, and trying again later when the mail server refuses it.

Whoever sends first claims the message by moving its next attempt on, in one UPDATE that only one worker can win,
so a message queued twice, or picked up by several workers' catch-up at once, is sent once. A worker that dies
while sending leaves the claim to lapse, and the catch-up tries again after the pause.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.background import retry_delay
from notifications.choices import NotificationKind, NotificationStatus
from notifications.models import Notification
from notifications.recipients import may_be_told

logger = logging.getLogger(__name__)

# Waits double from 30 seconds to an hour: twenty tries cover about fourteen hours, then the message is left failed
# for someone to look at in the back office.
MAX_ATTEMPTS = 20
SENDABLE = (NotificationStatus.QUEUED, NotificationStatus.FAILED)


def due_to_send(now) -> "Q":
    """Messages to send now: queued or failed, with their next attempt come."""
    return Q(status__in=SENDABLE, next_attempt_at__lte=now)


def notification_send(*, notification_id: int, now=None) -> bool:
    """Send the message if it is due and nobody else is sending it: queued or failed → sent, or → failed with the
    error and the time of the next attempt (none after :data:`MAX_ATTEMPTS`). A digest's items are marked sent with
    it. Returns whether it was sent; never raises for a mail server's refusal."""
    now = now or timezone.now()
    notification = Notification.objects.filter(due_to_send(now), pk=notification_id).select_related("recipient").first()
    if notification is None:
        return False
    attempts = notification.attempts + 1
    claimed = Notification.objects.filter(due_to_send(now), pk=notification.pk, attempts=notification.attempts).update(
        attempts=attempts, next_attempt_at=now + retry_delay(attempts)
    )
    if not claimed:
        return False
    recipient = notification.recipient
    if not may_be_told(recipient, None):
        _failed(notification, "The recipient is no longer active or has no e-mail address.", retry_at=None)
        return False
    try:
        EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
        ).send()
    except Exception as error:
        logger.warning("Could not send notification %s (attempt %s): %s", notification.pk, attempts, error)
        retry_at = timezone.now() + retry_delay(attempts) if attempts < MAX_ATTEMPTS else None
        _failed(notification, f"{type(error).__name__}: {error}", retry_at=retry_at)
        return False
    sent_at = timezone.now()
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.SENT, sent_at=sent_at, last_error="", next_attempt_at=None
        )
        if notification.kind == NotificationKind.DIGEST:
            Notification.objects.filter(digest=notification).update(status=NotificationStatus.SENT, sent_at=sent_at)
    return True


def _failed(notification: Notification, error: str, *, retry_at) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.FAILED, last_error=error[:2000], next_attempt_at=retry_at
    )
