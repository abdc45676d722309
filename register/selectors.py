"""What the public register reads: published decisions only, and only their public (Part 1) words."""

from django.db.models import QuerySet

from decisions.choices import DecisionStatus
from decisions.models import Decision


def published_decisions() -> QuerySet[Decision]:
    """Published decisions, each with ``decided_on`` (the stored date of the decision-maker's sign-off)."""
    return Decision.objects.filter(status=DecisionStatus.PUBLISHED)
