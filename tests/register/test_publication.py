"""Publication deadlines in working days, automatic publication on the due date, and the governance list."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import roles
from decisions.choices import DecisionStatus, SignOffKind, SignOffMethod
from decisions.models import Decision, DecisionEvent, Section, SignOff
from decisions.models.decision import decided_fields
from decisions.models.events import EventAction
from register.publication import (
    AUTOMATIC_NOTE,
    PublicationState,
    awaiting_publication,
    decision_publish_due,
    is_working_day,
    publication_deadline,
    publish_due,
    working_day_deadline,
)
from tests.builders import Cast, complete_draft, decision_in, drive
from tests.factories import DecisionFactory

# Thursday 17 April 2025; Good Friday (18th) and Easter Monday (21st) are bank holidays in England and Wales.
MAUNDY_THURSDAY = dt.date(2025, 4, 17)


# --- Working days ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "working_days", "deadline"),
    [
        # Easter 2025: after Thursday, Good Friday, the weekend and Easter Monday do not count.
        (MAUNDY_THURSDAY, 3, dt.date(2025, 4, 24)),
        (MAUNDY_THURSDAY, 1, dt.date(2025, 4, 22)),
        (dt.date(2025, 4, 18), 3, dt.date(2025, 4, 24)),  # counted from Good Friday itself
        # A plain week: Monday to Thursday; Thursday over the weekend to Tuesday.
        (dt.date(2025, 6, 2), 3, dt.date(2025, 6, 5)),
        (dt.date(2025, 6, 5), 3, dt.date(2025, 6, 10)),
        (dt.date(2025, 6, 7), 3, dt.date(2025, 6, 11)),  # a Saturday: Monday is the first working day after
        # The early May bank holiday, Monday 5 May 2025.
        (dt.date(2025, 5, 1), 3, dt.date(2025, 5, 7)),
        (dt.date(2025, 5, 2), 3, dt.date(2025, 5, 8)),
        # Christmas 2026 falls on a Friday: Boxing Day (Saturday) is observed on Monday 28 December.
        (dt.date(2026, 12, 24), 3, dt.date(2026, 12, 31)),
        # Zero days: the deadline is the due date.
        (dt.date(2025, 6, 7), 0, dt.date(2025, 6, 7)),
    ],
)
def test_working_day_deadline(start, working_days, deadline):
    assert working_day_deadline(start, working_days) == deadline


def test_bank_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(dt.date(2025, 4, 18))  # Good Friday
    assert not is_working_day(dt.date(2025, 4, 21))  # Easter Monday
    assert not is_working_day(dt.date(2025, 5, 5))  # early May bank holiday
    assert not is_working_day(dt.date(2025, 4, 19))  # Saturday
    assert is_working_day(dt.date(2025, 4, 22))


def test_deadline_counts_from_the_decision_date_or_the_deferral_date():
    plain = Decision(part_1_deferred=False)
    assert publication_deadline(plain, MAUNDY_THURSDAY) == dt.date(2025, 4, 24)
    deferred = Decision(part_1_deferred=True, deferral_reason="Market sensitive.", deferral_until=dt.date(2025, 5, 2))
    assert publication_deadline(deferred, MAUNDY_THURSDAY) == dt.date(2025, 5, 8)
    assert publication_deadline(plain, None) is None


def test_the_number_of_working_days_is_a_setting(settings):
    plain = Decision(part_1_deferred=False)
    settings.PUBLICATION_DEADLINE_WORKING_DAYS = 5
    assert publication_deadline(plain, MAUNDY_THURSDAY) == dt.date(2025, 4, 28)
    del settings.PUBLICATION_DEADLINE_WORKING_DAYS
    assert publication_deadline(plain, MAUNDY_THURSDAY) == dt.date(2025, 4, 24)


# --- Automatic publication ------------------------------------------------------------------------------------------


def deferred_decision(cast: Cast, *, until: dt.date) -> Decision:
    """An approved decision whose Part 1 is deferred until ``until`` (the deferral is set while it is a draft)."""
    decision = complete_draft(drafter=cast.drafter, title="Procurement of the contact platform")
    decision.part_1_deferred = True
    decision.deferral_reason = "Commercially sensitive until the contract is signed."
    decision.deferral_until = until
    decision.save(update_fields=["part_1_deferred", "deferral_reason", "deferral_until"])
    return drive(decision, to=DecisionStatus.APPROVED, cast=cast)


def published_events(decision: Decision):
    return DecisionEvent.objects.filter(decision=decision, action=EventAction.PUBLISHED)


@pytest.mark.django_db
def test_publish_due_publishes_approved_decisions_on_their_decision_date(cast):
    today = timezone.localdate()
    approved = decision_in(DecisionStatus.APPROVED, cast=cast)
    cleared = decision_in(DecisionStatus.CLEARED, cast=cast)
    draft = complete_draft(drafter=cast.drafter)

    # The day before the decision date nothing is due.
    assert publish_due(today=today - dt.timedelta(days=1)) == []

    out = StringIO()
    call_command("publish_due", date=today.isoformat(), stdout=out)

    approved.refresh_from_db()
    assert approved.status == DecisionStatus.PUBLISHED
    assert approved.published_on == today
    assert f"Published {approved.reference}" in out.getvalue()
    event = published_events(approved).get()
    assert event.actor is None
    assert event.from_status == DecisionStatus.APPROVED
    assert event.to_status == DecisionStatus.PUBLISHED
    assert event.note == AUTOMATIC_NOTE
    assert Decision.objects.get(pk=cleared.pk).status == DecisionStatus.CLEARED
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT


@pytest.mark.django_db
def test_publish_due_leaves_a_deferred_decision_until_its_date(cast):
    today = timezone.localdate()
    until = today + dt.timedelta(days=10)
    deferred = deferred_decision(cast, until=until)

    call_command("publish_due", date=today.isoformat(), stdout=StringIO())
    call_command("publish_due", date=(until - dt.timedelta(days=1)).isoformat(), stdout=StringIO())
    deferred.refresh_from_db()
    assert deferred.status == DecisionStatus.APPROVED
    assert not published_events(deferred).exists()

    call_command("publish_due", date=until.isoformat(), stdout=StringIO())
    deferred.refresh_from_db()
    assert deferred.status == DecisionStatus.PUBLISHED
    assert deferred.published_on == until
    assert published_events(deferred).get().note == AUTOMATIC_NOTE


@pytest.mark.django_db
def test_publish_due_is_idempotent(cast):
    today = timezone.localdate()
    approved = decision_in(DecisionStatus.APPROVED, cast=cast)

    assert [d.pk for d in publish_due(today=today)] == [approved.pk]
    out = StringIO()
    call_command("publish_due", date=today.isoformat(), stdout=out)
    call_command("publish_due", date=(today + dt.timedelta(days=3)).isoformat(), stdout=StringIO())

    assert "Nothing due for publication" in out.getvalue()
    assert published_events(approved).count() == 1
    approved.refresh_from_db()
    assert approved.published_on == today


@pytest.mark.django_db
def test_a_decision_published_by_a_person_is_left_alone(cast):
    today = timezone.localdate()
    published = decision_in(DecisionStatus.PUBLISHED, cast=cast)

    assert decision_publish_due(decision=published, today=today) is None
    assert publish_due(today=today) == []
    event = published_events(published).get()
    assert event.actor == cast.governance


@pytest.mark.django_db
def test_a_wholly_confidential_form_is_not_published_automatically(cast):
    decision = complete_draft(drafter=cast.drafter)
    decision.executive_summary = ""
    decision.save(update_fields=["executive_summary"])
    decision.recommendations.all().delete()
    Section.objects.filter(decision=decision).update(part=2)
    # Submission needs a recommendation and a summary, so this one is approved as the demo's Part II form is.
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.APPROVED)

    assert publish_due(today=timezone.localdate() + dt.timedelta(days=30)) == []
    [row] = awaiting_publication(today=timezone.localdate())
    assert row.state == PublicationState.NOTHING_TO_PUBLISH
    assert not row.may_publish_now
    assert row.deadline is None


@pytest.mark.django_db
def test_publish_due_refuses_a_date_it_cannot_read():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("publish_due", date="17/04/2025")


# --- The governance list --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_awaiting_publication_says_due_overdue_or_deferred(cast):
    today = timezone.localdate()
    approved = decision_in(DecisionStatus.APPROVED, cast=cast)
    deferred = deferred_decision(cast, until=today + dt.timedelta(days=10))

    rows = {row.decision.pk: row for row in awaiting_publication(today=today)}
    assert rows[approved.pk].state == PublicationState.DUE
    assert rows[approved.pk].due_on == today
    assert rows[approved.pk].deadline == working_day_deadline(today, 3)
    assert rows[deferred.pk].state == PublicationState.WAITING
    assert rows[deferred.pk].deadline == working_day_deadline(today + dt.timedelta(days=10), 3)

    later = today + dt.timedelta(days=30)
    rows = {row.decision.pk: row for row in awaiting_publication(today=later)}
    assert rows[approved.pk].state == PublicationState.OVERDUE
    assert rows[deferred.pk].state == PublicationState.OVERDUE
    # Overdue first, the most overdue at the top.
    assert [row.decision.pk for row in awaiting_publication(today=later)] == [approved.pk, deferred.pk]


@pytest.mark.django_db
def test_due_page_needs_the_publish_permission(client, cast, role_users):
    url = reverse("register:due")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]

    client.force_login(role_users[roles.AUDITOR])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_due_page_lists_deadlines_with_tags_and_publishes(client, cast):
    today = timezone.localdate()
    approved = decision_in(DecisionStatus.APPROVED, cast=cast)
    deferred = deferred_decision(cast, until=today + dt.timedelta(days=10))
    published = decision_in(DecisionStatus.PUBLISHED, cast=cast)

    client.force_login(cast.governance)
    response = client.get(reverse("register:due"))
    page = response.content.decode()
    assert response.status_code == 200
    assert approved.reference in page
    assert deferred.reference in page
    assert published.reference not in page
    assert 'class="govuk-tag govuk-tag--yellow">Due<' in page
    assert 'class="govuk-tag govuk-tag--grey">Deferred<' in page
    assert working_day_deadline(today, 3).strftime("%d/%m/%Y") in page
    assert reverse("register:publish", args=[approved.pk]) in page
    assert reverse("register:publish", args=[deferred.pk]) not in page

    # "Publish" shows first what the public will see; only the preview's confirmation publishes.
    preview = client.get(reverse("register:publish", args=[approved.pk]))
    assert preview.status_code == 200
    assert "Check what the public will see" in preview.content.decode()
    assert reverse("records:document", args=[approved.pk, "part_1"]) in preview.content.decode()
    client.post(reverse("register:publish", args=[approved.pk]))
    assert Decision.objects.get(pk=approved.pk).status == DecisionStatus.APPROVED

    response = client.post(reverse("register:publish", args=[approved.pk]), {"confirm": "publish"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("register:due")
    assert f"{approved.reference} is now on the public register." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.PUBLISHED
    assert published_events(approved).get().actor == cast.governance

    # Publishing a deferred decision before its date is refused, with the reason, even by a confirming POST.
    response = client.post(reverse("register:publish", args=[deferred.pk]), {"confirm": "publish"}, follow=True)
    assert f"{deferred.reference} cannot be published now: deferred." in response.content.decode()
    # Nor is its preview offered.
    response = client.get(reverse("register:publish", args=[deferred.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("register:due")
    assert "cannot be published now: deferred" in response.content.decode()
    assert Decision.objects.get(pk=deferred.pk).status == DecisionStatus.APPROVED
    # Anything not approved is not found.
    assert client.post(reverse("register:publish", args=[published.pk])).status_code == 404


@pytest.mark.django_db
def test_due_page_shows_overdue(client, cast):
    # Signed a month ago (on paper), so its deadline has passed; the sign-off goes in before the status moves.
    decision = DecisionFactory()
    SignOff.objects.create(
        decision=decision,
        kind=SignOffKind.DMPC,
        printed_name="Daniel Ashcombe",
        printed_role="Deputy Mayor for Policing and Crime",
        statement="I approve the recommendations above.",
        signed_on=timezone.localdate() - dt.timedelta(days=30),
        method=SignOffMethod.PAPER_RECORD,
    )
    # As approval leaves it: the decision date stored with the state.
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.APPROVED, **decided_fields(timezone.localdate() - dt.timedelta(days=30))
    )

    client.force_login(cast.governance)
    page = client.get(reverse("register:due")).content.decode()
    assert decision.reference in page
    assert 'class="govuk-tag govuk-tag--red">Overdue<' in page


@pytest.mark.django_db
def test_the_due_page_queries_do_not_grow_with_the_decisions(client, cast):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("register:due"))
        assert response.status_code == 200
        return len(captured)

    def add_approved(count: int) -> None:
        decisions = [DecisionFactory() for _ in range(count)]
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(status=DecisionStatus.APPROVED)

    client.force_login(cast.governance)
    add_approved(3)
    with_three = queries_for_page()
    add_approved(40)
    assert queries_for_page() == with_three


def test_the_due_list_downloads_as_csv(client, role_users, cast):
    import csv
    import io

    from django.urls import reverse

    approved = drive(complete_draft(drafter=cast.drafter), to=DecisionStatus.APPROVED, cast=cast)
    client.force_login(role_users[roles.GOVERNANCE])
    response = client.get(reverse("register:due"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Reference", "Title", "Decision date", "Due on", "Deadline", "State", "Records"]
    assert [row[0] for row in rows[1:]] == [approved.reference]
    # Approved here with no worker running: it waits to be sealed, and the list says so.
    assert rows[1][5:] == ["Due", "Being sealed"]
