"""No e-mail ever carries Part 2: a marker written in a Part 2 section (heading and text), in its rationale for
non-publication and in the title of a confidential paper is in none of the messages of a decision's whole life,
every kind of message made, the daily digest included."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from decisions.choices import Part, SectionKind
from decisions.models import Decision, Paragraph, Section, SupportingPaper
from decisions.services import decision_link_variation
from grants.choices import VariationKind
from grants.models import GrantVariation
from notifications import schedule
from notifications.choices import DeliveryMode, NotificationKind
from notifications.models import Notification
from notifications.services import preference_set
from tests.builders import complete_draft, grant_685, perform

pytestmark = pytest.mark.django_db

MARKERS = ("ZEBRA-PART2-HEADING", "ZEBRA-PART2-TEXT", "ZEBRA-PART2-RATIONALE", "ZEBRA-PART2-PAPER")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def variation(grant, *, sequence: int, amount: str, recorded_by) -> GrantVariation:
    recorded = GrantVariation(
        grant=grant,
        sequence=sequence,
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=Decimal(amount),
        letter_reference=f"685 Digital Public Contact Grant Variation Letter {sequence} 2024/25",
    )
    recorded._history_user = recorded_by  # as the back office's request would record it
    recorded.save()
    return recorded


def confidential_draft(*, drafter, title: str, about: GrantVariation) -> Decision:
    decision = complete_draft(drafter=drafter, title=title)
    decision_link_variation(decision=decision, variation=about, by=drafter)
    section = Section.objects.create(
        decision=decision,
        part=Part.PART_2,
        position=1,
        kind=SectionKind.OTHER,
        heading=f"Commercial position {MARKERS[0]}",
        non_publication_rationale=f"Section 43 FOIA, commercial interests: {MARKERS[2]}",
    )
    Paragraph.objects.create(section=section, position=1, text=f"The supplier's price is {MARKERS[1]}.")
    SupportingPaper.objects.create(
        decision=decision,
        position=1,
        title=f"Supplier quotation {MARKERS[3]}",
        is_confidential=True,
        related_variation=about,
    )
    assert decision.has_part_2
    return decision


def test_no_message_of_a_decisions_whole_life_carries_part_2(
    mailbox, drafter, ceo, dmpc, governance, finance, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_REMINDER_WORKING_DAYS = 2
    settings.NOTIFY_DEFERRAL_WORKING_DAYS = 5
    settings.PUBLISH_REQUIRES_GOVERNANCE = True  # governance is told when Part 1 falls due
    preference_set(user=governance, kind=NotificationKind.DEFERRAL_ENDING, mode=DeliveryMode.DAILY_DIGEST)
    grant = grant_685()
    accepted = confidential_draft(
        drafter=drafter,
        title="DPC match funding 2024/25",
        about=variation(grant, sequence=1, amount="1870000.00", recorded_by=finance),
    )
    rejected = confidential_draft(
        drafter=drafter,
        title="DPC additional funding 2024/25",
        about=variation(grant, sequence=2, amount="250000.00", recorded_by=finance),
    )
    Decision.objects.filter(pk=accepted.pk).update(
        part_1_deferred=True, deferral_reason="Contract not yet signed.", deferral_until=dt.date(2030, 6, 10)
    )

    # Its whole life: submitted, returned, submitted again, cleared, reminded, approved; governance told of the
    # deferral ending (in the digest), of Part 1 falling due and overdue; then published. The other is rejected.
    perform("submit", accepted, by=drafter)
    perform("return", accepted, by=ceo, reason="Say which forces the funding covers.")
    perform("submit", accepted, by=drafter)
    perform("clear", accepted, by=ceo)
    schedule.remind_signers(at(dt.date(2030, 1, 7)))
    perform("approve", accepted, by=dmpc)
    for action, by in (("submit", drafter), ("clear", ceo), ("reject", dmpc)):
        perform(action, rejected, by=by)
    schedule.tell_governance(at(dt.date(2030, 6, 3)))
    schedule.make_digests(at(dt.date(2030, 6, 4), 8))
    schedule.tell_governance(at(dt.date(2030, 6, 10)))
    schedule.tell_governance(at(dt.date(2030, 6, 14)))
    perform("publish", accepted, by=governance, today=dt.date(2030, 6, 14))
    with django_capture_on_commit_callbacks(execute=True):
        schedule.send_due(at(dt.date(2030, 7, 1)))

    # Every kind of message was made, and every one that was to be sent reached its recipient.
    assert set(Notification.objects.values_list("kind", flat=True)) == set(NotificationKind.values)
    assert not Notification.objects.filter(status__in=("queued", "failed")).exists()
    assert (
        len(mailbox.messages) == Notification.objects.exclude(status="in_digest").exclude(digest__isnull=False).count()
    )
    assert sorted(m["Subject"] for m in mailbox.to(finance.email)) == [
        f"Grant variation accepted by {accepted.reference}",
        f"Grant variation declined: {rejected.reference} is rejected",
    ]
    (digest,) = [m for m in mailbox.to(governance.email) if m["Subject"].startswith("Your daily digest")]
    assert f"The deferral of {accepted.reference} ends on 10/06/2030" in mailbox.text(digest)

    for message in mailbox.messages:
        written = f"{message['Subject']}\n{mailbox.text(message)}"
        assert not [marker for marker in MARKERS if marker in written], message["Subject"]
    for notification in Notification.objects.all():
        written = f"{notification.subject}\n{notification.body}"
        assert not [marker for marker in MARKERS if marker in written], notification.subject
