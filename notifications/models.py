"""Who is told what by e-mail: each person's choice for each kind of message, and every message made.

A message is made inside the transaction of the step it is about (a step rolled back leaves none), and sent after
the commit by a task; a message that could not be sent is tried again with a growing pause between tries.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.choices import DeliveryMode, NotificationKind, NotificationStatus
from notifications.kinds import MANDATORY_KINDS, is_mandatory

MANDATORY_MESSAGE = _("%(kind)s: this e-mail cannot be turned off. Choose straight away or the daily digest.")


class NotificationPreference(models.Model):
    """One row is how one person wants one kind of e-mail: straight away, in a daily digest, or not at all.

    A person with no row for a kind gets it straight away. Kinds that cannot be turned off are refused "off" here
    (``clean``) and by the database.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(
        _("kind of e-mail"), max_length=30, choices=[c for c in NotificationKind.choices if c[0] != "digest"]
    )
    mode = models.CharField(_("when"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATELY)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notification_preference_once_per_kind",
                violation_error_message=_("This person already has a preference for this kind of e-mail."),
            ),
            models.CheckConstraint(
                condition=~(Q(kind__in=MANDATORY_KINDS) & Q(mode=DeliveryMode.OFF)),
                name="notification_preference_mandatory_not_off",
                violation_error_message=_("This e-mail cannot be turned off."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} – {self.get_mode_display()}"

    def clean(self) -> None:
        super().clean()
        if self.mode == DeliveryMode.OFF and is_mandatory(self.kind):
            raise ValidationError({"mode": MANDATORY_MESSAGE % {"kind": NotificationKind(self.kind).label}})


class Notification(models.Model):
    """One row is one e-mail to one person: what it says, and whether and when it was sent.

    An item of a daily digest is a row of its own (status "in digest"), carried by the digest's row (kind "digest")
    and marked sent when the digest is. A kind the person turned off is kept with status "off" and never sent.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="notifications",
        null=True,
        blank=True,
        verbose_name=_("decision"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("made"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, help_text=_("Empty when there is nothing more to try.")
    )
    digest = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        blank=True,
        verbose_name=_("carried by the digest"),
    )
    # What a scheduled message is about (a reminder for one day, a deadline), so that however many workers look at
    # the same moment, it is made once.
    occasion = models.CharField(_("occasion"), max_length=200, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_to_send"),
            models.Index(fields=["recipient", "status"], name="notification_recipient_status"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} – {self.recipient}"
