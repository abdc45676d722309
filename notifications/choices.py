from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a message is about. Each kind has its recipients, its templates and whether it may be turned off
    (:data:`notifications.kinds.KINDS`)."""

    SIGNATURE_WAITING = "signature_waiting", _("A decision waits for your signature")
    SIGNATURE_REMINDER = "signature_reminder", _("A decision still waits for your signature")
    RETURNED = "returned", _("A decision you drafted is returned for changes")
    REJECTED = "rejected", _("A decision you drafted is rejected")
    APPROVED = "approved", _("A decision you drafted is approved")
    PUBLISHED = "published", _("A decision you drafted is published")
    PUBLICATION_DUE = "publication_due", _("A decision is due for publication")
    PUBLICATION_OVERDUE = "publication_overdue", _("A decision is overdue for publication")
    DEFERRAL_ENDING = "deferral_ending", _("A deferral of publication is ending")
    VARIATION_DECIDED = "variation_decided", _("A grant variation you recorded is accepted or declined")
    # Not a choice anyone makes: the one daily message that carries a person's digest items.
    DIGEST = "digest", _("Daily digest")


class DeliveryMode(models.TextChoices):
    IMMEDIATELY = "immediately", _("Straight away, one e-mail each time")
    DAILY_DIGEST = "daily_digest", _("In one e-mail a day (daily digest)")
    OFF = "off", _("Off: do not e-mail me")


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    IN_DIGEST = "in_digest", _("Waiting for the daily digest")
    OFF = "off", _("Not sent: turned off")
