"""A decision's timeline on its page: drafted → submitted → first signature → decision-maker → approved → sealed →
published, each step with its state in words, when, who, how long it waited and who is next; returns, rejections
and withdrawals where they happened; and the inbox's columns: submitted when, waiting how long, amount, who next."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.working_days import working_days_between
from decisions import progress
from decisions.choices import DecisionStatus
from decisions.drafting import decision_draft_from_variation
from decisions.models import Decision, DecisionEvent
from decisions.models.events import EventAction
from records.models import DocumentVariant, SealedDocument
from tests.builders import complete_draft, decision_in, grant_685, make_submittable, match_funding_variation, perform

pytestmark = pytest.mark.django_db


def _timeline(client, user, decision) -> str:
    client.force_login(user)
    response = client.get(reverse("decisions:detail", args=[decision.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<section class="app-timeline"') : html.index("</section>", html.index("app-timeline"))]


def _steps(html: str) -> list[str]:
    """Each step of the ordered list, as its words read."""
    items = re.findall(r"<li class=\"app-timeline__step[^>]*>(.*?)</li>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).replace("&#x27;", "'").split()) for item in items]


def _summary(html: str) -> str:
    return re.search(r'<p class="govuk-body" id="timeline-summary">(.*?)</p>', html, re.S).group(1)


def test_a_submitted_decision_shows_what_is_done_who_is_next_and_what_is_to_come(client, cast):
    decision = perform("submit", complete_draft(drafter=cast.drafter), by=cast.drafter)
    html = _timeline(client, cast.governance, decision)
    assert "<ol" in html
    steps = _steps(html)
    assert [step.split(" (")[0] for step in steps] == [
        "Drafted",
        "Submitted",
        "Signed by the Chief Executive",
        "Signed by the Deputy Mayor for Policing and Crime",
        "Approved",
        "Sealed",
        "Published on the public register",
    ]
    submitted_at = timezone.localtime(DecisionEvent.objects.get(decision=decision, action="submitted").at)
    assert steps[0].startswith(f"Drafted (done) When {submitted_at:%d/%m/%Y}")
    assert f"Submitted (done) When {submitted_at:%d/%m/%Y %H:%M} Who {cast.drafter.get_full_name()}" in steps[1]
    assert steps[2].startswith("Signed by the Chief Executive (current) Waiting so far less than an hour")
    assert f"Next Chief Executive ({cast.ceo.get_full_name()})" in steps[2]
    assert all("(to come)" in step for step in steps[3:])
    assert 'aria-current="step"' in html
    summary = _summary(html)
    assert f"{decision.reference} is at “Signed by the Chief Executive”" in summary
    assert f"next: Chief Executive ({cast.ceo.get_full_name()})" in summary
    assert "2 of 7 steps done." in summary


def test_a_published_decision_has_every_step_done_with_who_acted_and_the_seal(client, cast):
    decision = decision_in(DecisionStatus.PUBLISHED, cast=cast)
    SealedDocument.objects.create(
        decision=decision,
        variant=DocumentVariant.PART_1,
        file="2025/a.pdf",
        sha256="a" * 64,
        size_bytes=10,
        page_count=1,
        certificate_subject="CN=Seal",
        certificate_pem="-",
        content_hash="b" * 64,
    )
    steps = _steps(_timeline(client, cast.drafter, decision))
    assert all("(done)" in step for step in steps), steps
    assert f"Who {cast.ceo.get_full_name()}" in steps[2]
    assert f"Who {cast.dmpc.get_full_name()}" in steps[3]
    assert "Sealed (done)" in steps[5] and "Who the service's seal" in steps[5]
    assert f"Who {cast.governance.get_full_name()}" in steps[6]


def test_a_return_is_shown_where_it_happened_with_its_reason_and_the_drafter_is_next(client, cast):
    decision = decision_in(DecisionStatus.RETURNED, cast=cast)
    steps = _steps(_timeline(client, cast.ceo, decision))
    assert [step.split(" (")[0] for step in steps[:3]] == ["Drafted", "Returned for changes", "Submitted"]
    assert f"Who {cast.ceo.get_full_name()}" in steps[1]
    assert "Reason “Please add the legal advice.”" in steps[1]
    assert steps[2].startswith("Submitted (current)")
    assert f"Next the drafting officer ({cast.drafter.get_full_name()})" in steps[2]


def test_after_a_rejection_the_remaining_steps_are_not_reached(client, cast):
    decision = decision_in(DecisionStatus.REJECTED, cast=cast)
    html = _timeline(client, cast.drafter, decision)
    steps = _steps(html)
    assert any(step.startswith("Rejected (done)") and "Not value for money." in step for step in steps)
    assert "Approved (not reached)" in " ".join(steps)
    assert "current" not in " ".join(steps)
    assert "was rejected; the steps after it will not happen" in _summary(html)


def test_a_withdrawn_draft_shows_the_withdrawal_after_drafting(client, cast):
    decision = decision_in(DecisionStatus.WITHDRAWN, cast=cast)
    steps = _steps(_timeline(client, cast.drafter, decision))
    assert steps[0].startswith("Drafted (done)")
    assert steps[1].startswith("Withdrawn (done)") and "No longer needed." in steps[1]
    assert steps[2].startswith("Submitted (not reached)")


def test_a_long_wait_is_counted_in_working_days(cast):
    decision = perform("submit", complete_draft(drafter=cast.drafter), by=cast.drafter)
    submitted = DecisionEvent.objects.get(decision=decision, action="submitted").at
    later = submitted + dt.timedelta(days=14)
    days = working_days_between(timezone.localdate(submitted), timezone.localdate(later))
    current = next(step for step in progress.decision_timeline(decision, at=later).steps if step.state == "current")
    assert current.waited == f"{days} working days"


def test_waits_read_in_hours_on_the_same_day_and_working_days_across_a_weekend():
    friday = timezone.make_aware(dt.datetime(2025, 4, 4, 9, 0))
    assert progress.waited_text(friday, friday + dt.timedelta(minutes=20)) == "less than an hour"
    assert progress.waited_text(friday, friday + dt.timedelta(hours=5)) == "5 hours"
    monday = timezone.make_aware(dt.datetime(2025, 4, 7, 9, 0))
    assert progress.waited_text(friday, monday) == "1 working day"
    # Good Friday and Easter Monday 2025 do not count.
    thursday = timezone.make_aware(dt.datetime(2025, 4, 17, 9, 0))
    assert progress.waited_text(thursday, timezone.make_aware(dt.datetime(2025, 4, 22, 9, 0))) == "1 working day"


def test_the_demo_paper_record_shows_its_signatures_and_publication(client, demo_db, db):
    from django.contrib.auth import get_user_model

    decision = Decision.objects.get(reference="PCD 1838")
    auditor = get_user_model().objects.get(username="auditor")
    steps = _steps(_timeline(client, auditor, decision))
    assert steps[0] == "Drafted (done) Note On the signed paper form"
    assert "When 07/04/2025" in steps[2]
    assert "When 08/04/2025" in steps[3]
    assert all("(done)" in step for step in steps)


# --- The inbox's columns --------------------------------------------------------------------------------------------


@pytest.fixture
def waiting(cast):
    variation = match_funding_variation(grant_685())
    decision = decision_draft_from_variation(variation=variation, by=cast.drafter)
    make_submittable(decision, by=cast.drafter)
    return perform("submit", decision, by=cast.drafter)


def _cells(html: str) -> dict[str, str]:
    table = html[html.index("<table") : html.index("</table>")]
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    row = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    return dict(zip(headers, (" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in row), strict=False))


def test_the_inbox_shows_when_submitted_how_long_waiting_the_amount_and_who_signs_next(
    client, cast, waiting, monkeypatch
):
    submitted = DecisionEvent.objects.get(decision=waiting, action=EventAction.SUBMITTED).at
    later = submitted + dt.timedelta(days=8)
    monkeypatch.setattr(progress, "now", lambda: later)
    client.force_login(cast.ceo)
    cells = _cells(client.get(reverse("decisions:inbox")).content.decode())
    days = working_days_between(timezone.localdate(submitted), timezone.localdate(later))
    assert cells["Submitted"] == f"{timezone.localtime(submitted):%d/%m/%Y %H:%M}"
    assert cells["Waiting"] == f"{days} working days"
    assert cells["Amount"] == "£1,870,000.00"
    assert cells["Signs after you"] == f"Deputy Mayor for Policing and Crime ({cast.dmpc.get_full_name()})"

    monkeypatch.undo()
    perform("clear", waiting, by=cast.ceo)
    client.force_login(cast.dmpc)
    cells = _cells(client.get(reverse("decisions:inbox")).content.decode())
    assert cells["Waiting"] == "0 working days"  # counted from when it reached the decision-maker
    assert cells["Signs after you"] == "No one: your signature decides"

    rows = list(csv.reader(io.StringIO(client.get(reverse("decisions:inbox"), {"_export": "csv"}).content.decode())))
    header = rows[0]
    assert rows[1][header.index("Amount")] == "1870000.00"
    assert rows[1][header.index("Waiting")] == "0"
    assert rows[1][header.index("Signs after you")] == "No one: your signature decides"


def test_a_decision_about_no_variation_has_no_amount(client, role_users, cast):
    perform("submit", complete_draft(drafter=cast.drafter), by=cast.drafter)
    client.force_login(role_users[roles.CHIEF_EXECUTIVE])
    assert _cells(client.get(reverse("decisions:inbox")).content.decode())["Amount"] == ""
