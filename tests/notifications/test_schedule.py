"""Work done by the clock in every worker's catch-up: reminders to signers, governance's notices of publication and
of a deferral ending, each once however often the catch-up runs; and a message the mail server refused is recorded,
tried again after its pause, and never fails the step that made it."""

import datetime as dt

import pytest
from django.utils import timezone

from core.background import periodic, retry_delay
from core.working_days import is_working_day
from decisions.choices import DecisionStatus
from decisions.models import Decision
from notifications import schedule
from notifications.choices import NotificationStatus
from notifications.models import Notification
from tests.builders import complete_draft, perform
from tests.notifications.conftest import SITE_URL

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def catch_up(now: dt.datetime) -> None:
    """This app's part of a worker's catch-up (the other apps' parts, sealing included, are theirs to test)."""
    for part in schedule.PERIODIC:
        part(now)


def test_every_part_runs_in_the_workers_catch_up():
    for part in schedule.PERIODIC:
        assert part in periodic.implementations


def test_a_signer_is_reminded_each_working_day_from_two_working_days_after_submission(
    mailbox, drafter, ceo, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_REMINDER_WORKING_DAYS = 2
    decision = complete_draft(drafter=drafter, title="iHub integration support")
    perform("submit", decision, by=drafter)
    first = next_working_day(timezone.localdate())
    second = next_working_day(first)
    third = next_working_day(second)

    with django_capture_on_commit_callbacks(execute=True):
        schedule.remind_signers(at(first))
    assert mailbox.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        schedule.remind_signers(at(second, 9))
        schedule.remind_signers(at(second, 15))  # again the same day: no second reminder
    (reminder,) = mailbox.messages
    assert reminder.recipients == [ceo.email]
    assert reminder["Subject"] == f"Reminder: {decision.reference} still waits for your signature"
    text = mailbox.text(reminder)
    assert f"since {timezone.localdate():%d/%m/%Y} (2 working days)" in text
    assert f"{SITE_URL}/decisions/{decision.pk}/sign/" in text

    with django_capture_on_commit_callbacks(execute=True):
        schedule.remind_signers(at(third))
    assert len(mailbox.to(ceo.email)) == 2


def _approved(*, drafter, ceo, dmpc, until: dt.date | None = None) -> Decision:
    decision = complete_draft(drafter=drafter, title="Single Online Home on-boarding, 2025/26")
    if until:
        Decision.objects.filter(pk=decision.pk).update(
            part_1_deferred=True, deferral_reason="Commercial negotiations continue.", deferral_until=until
        )
    for action, by in (("submit", drafter), ("clear", ceo), ("approve", dmpc)):
        perform(action, decision, by=by)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    return decision


def test_governance_is_told_five_working_days_before_a_deferral_ends(
    mailbox, drafter, ceo, dmpc, governance, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_DEFERRAL_WORKING_DAYS = 5
    # Monday 10 June 2030; five working days before it is Monday 3 June (no bank holiday between).
    decision = _approved(drafter=drafter, ceo=ceo, dmpc=dmpc, until=dt.date(2030, 6, 10))

    with django_capture_on_commit_callbacks(execute=True):
        schedule.tell_governance(at(dt.date(2030, 5, 31)))
    assert mailbox.to(governance.email) == []

    with django_capture_on_commit_callbacks(execute=True):
        catch_up(at(dt.date(2030, 6, 3)))
        catch_up(at(dt.date(2030, 6, 4)))

    (message,) = mailbox.to(governance.email)
    assert message["Subject"] == f"The deferral of {decision.reference} ends on 10/06/2030"
    text = mailbox.text(message)
    assert "deferred until 10/06/2030" in text
    assert "must be published by 13/06/2030" in text
    assert f"{SITE_URL}/decisions/{decision.pk}/" in text
    # Governance only: nobody else is told of the deferral.
    assert [m.recipients for m in mailbox.messages if "deferral" in m["Subject"]] == [[governance.email]]


def test_governance_is_told_when_part_1_falls_due_and_when_it_is_overdue(
    mailbox, drafter, ceo, dmpc, governance, settings, django_capture_on_commit_callbacks
):
    settings.PUBLICATION_DEADLINE_WORKING_DAYS = 3
    settings.PUBLISH_REQUIRES_GOVERNANCE = True  # governance publishes by hand
    # Deferred until Thursday 18 April 2030: with Good Friday (19 April) and Easter Monday (22 April) off, the
    # deadline three working days later is Thursday 25 April.
    decision = _approved(drafter=drafter, ceo=ceo, dmpc=dmpc, until=dt.date(2030, 4, 18))

    with django_capture_on_commit_callbacks(execute=True):
        schedule.tell_governance(at(dt.date(2030, 4, 17)))  # within five working days of the end: the warning
    assert [m["Subject"] for m in mailbox.to(governance.email)] == [
        f"The deferral of {decision.reference} ends on 18/04/2030"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        schedule.tell_governance(at(dt.date(2030, 4, 18)))
        schedule.tell_governance(at(dt.date(2030, 4, 25)))  # still within the deadline: nothing new
    due = mailbox.to(governance.email)[-1]
    assert due["Subject"] == f"{decision.reference} is due for publication"
    assert "It must be published by 25/04/2030." in mailbox.text(due)

    with django_capture_on_commit_callbacks(execute=True):
        schedule.tell_governance(at(dt.date(2030, 4, 26)))
        schedule.tell_governance(at(dt.date(2030, 4, 29)))
    assert [m["Subject"] for m in mailbox.to(governance.email)][1:] == [
        f"{decision.reference} is due for publication",
        f"{decision.reference} is overdue for publication",
    ]
    assert "should have been published by 25/04/2030. It is not yet published." in mailbox.text(
        mailbox.to(governance.email)[-1]
    )

    perform("publish", decision, by=governance, today=dt.date(2030, 4, 29))
    with django_capture_on_commit_callbacks(execute=True):
        schedule.tell_governance(at(dt.date(2030, 5, 30)))
    assert len(mailbox.to(governance.email)) == 3


def test_where_the_register_publishes_by_itself_governance_hears_only_if_part_1_falls_overdue(
    mailbox, drafter, ceo, dmpc, governance, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISH_REQUIRES_GOVERNANCE = False
    decision = _approved(drafter=drafter, ceo=ceo, dmpc=dmpc, until=dt.date(2030, 4, 18))

    with django_capture_on_commit_callbacks(execute=True):
        for day in (dt.date(2030, 4, 17), dt.date(2030, 4, 18), dt.date(2030, 4, 25), dt.date(2030, 4, 26)):
            schedule.tell_governance(at(day))

    assert [m["Subject"] for m in mailbox.to(governance.email)] == [
        f"The deferral of {decision.reference} ends on 18/04/2030",
        f"{decision.reference} is overdue for publication",
    ]


def test_a_refused_message_is_recorded_retried_later_and_never_fails_the_step(
    smtp, drafter, ceo, monkeypatch, django_capture_on_commit_callbacks
):
    decision = complete_draft(drafter=drafter)
    smtp.stop()  # the mail server is down

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", decision, by=drafter)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
    failed = Notification.objects.get(recipient=ceo)
    assert failed.status == NotificationStatus.FAILED
    assert failed.attempts == 1
    assert "Connection refused" in failed.last_error or "ConnectionRefusedError" in failed.last_error
    assert failed.sent_at is None
    assert failed.next_attempt_at > timezone.now()

    smtp.start()  # back up, but the pause after the first failure has not passed
    with django_capture_on_commit_callbacks(execute=True):
        schedule.send_due(timezone.now())
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.FAILED, 1)
    assert smtp.mailbox.messages == []

    later = failed.next_attempt_at + dt.timedelta(seconds=1)
    assert later - failed.created_at >= retry_delay(1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # the pause has passed
    with django_capture_on_commit_callbacks(execute=True):
        schedule.send_due(later)
        schedule.send_due(later)  # a second worker at the same moment: sent once

    (message,) = smtp.mailbox.messages
    assert message.recipients == [ceo.email]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (NotificationStatus.SENT, 2, "")
    assert failed.sent_at is not None
