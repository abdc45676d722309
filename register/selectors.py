"""What the public register reads: published decisions only, and only their public (Part 1) words."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from decisions.choices import DecisionStatus, Part
from decisions.models import Decision, Paragraph, Recommendation
from decisions.selectors import with_decision_date


def published_decisions() -> QuerySet[Decision]:
    """Published decisions, each with ``decided_on`` (the date of the decision-maker's sign-off)."""
    return with_decision_date(Decision.objects.filter(status=DecisionStatus.PUBLISHED))


def part_1_text_matches(text: str) -> Q:
    """Decisions whose public words contain ``text``: reference, title, summary, recommendations, Part 1 paragraphs."""
    in_recommendations = Recommendation.objects.filter(decision=OuterRef("pk"), text__icontains=text)
    in_part_1 = Paragraph.objects.filter(section__decision=OuterRef("pk"), section__part=Part.PART_1).filter(
        Q(text__icontains=text) | Q(heading__icontains=text)
    )
    return (
        Q(reference__icontains=text)
        | Q(title__icontains=text)
        | Q(executive_summary__icontains=text)
        | Exists(in_recommendations)
        | Exists(in_part_1)
    )
