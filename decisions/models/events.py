"""The audit trail of a decision: one append-only row per thing that happened to it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import BoundedTextField
from decisions.choices import DecisionStatus
from decisions.models.decision import Decision
from decisions.models.triggers import append_only


class EventAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted")
    CLEARED = "cleared", _("Signed by the Chief Executive")
    APPROVED = "approved", _("Approved by the decision-maker")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RECORDED = "recorded", _("Recorded from the signed paper form")


class DecisionEvent(models.Model):
    """One row is one step in a decision's life: who moved it from which state to which, when, from where, why."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=DecisionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=DecisionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_events", null=True, blank=True
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    note = BoundedTextField(_("reason or note"), blank=True, max_length=5_000)
    content_hash = models.CharField(_("SHA-256 of the content at the time"), max_length=64, blank=True)

    class Meta:
        ordering = ["decision", "at", "pk"]
        triggers = [append_only("decision_event_append_only")]

    def __str__(self) -> str:
        who = self.actor.get_full_name() if self.actor else _("system")
        return f"{self.decision.reference}: {self.get_action_display()} by {who} at {self.at:%d/%m/%Y %H:%M}"
