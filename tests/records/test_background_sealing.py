"""Sealing and publication as background work: what approval queues, how failures are retried, what the catch-up
does, and what the decision's page shows meanwhile."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.background import housekeeping, retry_delay
from decisions.choices import DecisionStatus
from decisions.models import Paragraph
from records.models import DecisionSeal, SealStatus
from records.sealing import decision_seal, remove_orphans
from register.tasks import publish_what_is_due, publish_when_sealed
from tests.builders import PASSWORD, cast_of, complete_draft, perform

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def cast():
    return cast_of("background")


@pytest.fixture
def cleared(cast):
    decision = complete_draft(drafter=cast.drafter)
    # One unbroken word as long as a paragraph may be: costly to lay out, and never laid out in the request.
    section = decision.sections.get(kind="introduction")
    Paragraph.objects.create(section=section, position=2, text="x" * 19_000)
    perform("submit", decision, by=cast.drafter)
    perform("clear", decision, by=cast.ceo)
    return decision


def test_approval_commits_and_queues_sealing_without_rendering(
    client, cast, cleared, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    client.force_login(cast.dmpc)
    url = reverse("decisions:sign", args=[cleared.pk])
    content_hash = client.get(url).context["form"].initial["content_hash"]
    data = {"statement_confirmed": "on", "interests": "None.", "password": PASSWORD, "content_hash": content_hash}

    with (
        mock.patch("records.pdf.render_pdf_pages", side_effect=AssertionError("rendered in the request")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url, data)

    assert response.status_code == 302
    cleared.refresh_from_db()
    assert cleared.status == DecisionStatus.APPROVED
    assert DecisionSeal.objects.get(decision=cleared).status == SealStatus.PENDING
    queued = DBTaskResult.objects.get(task_path="records.tasks.seal_decision")
    assert (queued.status, queued.args_kwargs["kwargs"]) == (TaskResultStatus.READY, {"decision_id": cleared.pk})

    page = client.get(reverse("decisions:detail", args=[cleared.pk])).content.decode()
    assert "Being sealed" in page
    assert reverse("records:seal_panel", args=[cleared.pk]) in page


def _approved(cast, decision, capture=None):
    """Approved; sealed too when on-commit work is run (``capture``), else still waiting to be sealed."""
    if capture is None:
        perform("approve", decision, by=cast.dmpc)
    else:
        with capture(execute=True):
            perform("approve", decision, by=cast.dmpc)
    decision.refresh_from_db()
    return decision


def test_a_failed_seal_is_retried_after_a_growing_wait_and_shown_with_its_reason(client, cast, cleared, settings):
    decision = _approved(cast, cleared)
    settings.SIGNING_CERT_FILE = settings.SIGNING_CERT_FILE.parent / "missing.pem"

    seal = decision_seal(decision_id=decision.pk)

    assert (seal.status, seal.attempts) == (SealStatus.FAILED, 1)
    assert seal.next_attempt_at == pytest.approx(timezone.now() + retry_delay(1), abs=dt.timedelta(seconds=5))
    assert retry_delay(1) < retry_delay(2) < retry_delay(3) <= dt.timedelta(hours=1)
    client.force_login(cast.governance)
    page = client.get(reverse("records:seal_panel", args=[decision.pk])).content.decode()
    assert "Sealing failed" in page and seal.error[:40] in page
    assert "data-refresh-url" not in page  # nothing to wait for: it is tried again by itself
    # The due list shows governance what is stuck, in the page and in its export.
    due = client.get(reverse("register:due")).content.decode()
    assert f"Sealing failed (attempt 1): {seal.error[:40]}" in due
    export = client.get(reverse("register:due"), {"_export": "csv"}).content.decode()
    assert "Sealing failed (attempt 1)" in export


def test_the_catch_up_queues_a_seal_left_undone_once(cast, cleared, settings, django_capture_on_commit_callbacks):
    decision = _approved(cast, cleared)  # the queued sealing was lost: nothing ran after the commit
    settings.TASKS = DATABASE_QUEUE

    with django_capture_on_commit_callbacks(execute=True):
        housekeeping()
    with django_capture_on_commit_callbacks(execute=True):
        housekeeping()

    queued = DBTaskResult.objects.filter(task_path="records.tasks.seal_decision", status=TaskResultStatus.READY)
    assert [task.args_kwargs["kwargs"] for task in queued] == [{"decision_id": decision.pk}]


def test_an_attempt_that_died_leaves_a_file_that_the_next_one_removes(
    cast, cleared, django_capture_on_commit_callbacks
):
    decision = _approved(cast, cleared, django_capture_on_commit_callbacks)
    assert decision.seal.status == SealStatus.SEALED
    stored = decision.sealed_documents.get()
    prefix = stored.file.name.split("/")[-1].rsplit("-", 1)[0]
    with stored.file.open("rb") as handle:
        orphan = stored.file.storage.save(f"{timezone.now():%Y}/{prefix}-deadbeef0000.pdf", handle)

    removed = remove_orphans(decision)

    assert removed == [orphan]
    assert stored.file.storage.exists(stored.file.name)
    assert not stored.file.storage.exists(orphan)


def test_a_decision_is_published_when_sealed_unless_deferred_or_governance_publishes(
    cast, cleared, settings, django_capture_on_commit_callbacks
):
    decision = _approved(cast, cleared, django_capture_on_commit_callbacks)
    assert decision.status == DecisionStatus.APPROVED  # governance publishes (the tests' setting)
    settings.PUBLISH_REQUIRES_GOVERNANCE = False
    settings.TASKS = DATABASE_QUEUE
    decision.part_1_deferred, decision.deferral_until = True, timezone.localdate() + dt.timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        publish_when_sealed(decision)

    scheduled = DBTaskResult.objects.get(task_path="register.tasks.publish_decision")
    assert timezone.localtime(scheduled.run_after).date() == decision.deferral_until

    settings.PUBLISH_REQUIRES_GOVERNANCE = True
    assert publish_what_is_due(timezone.now()) == 0
    settings.PUBLISH_REQUIRES_GOVERNANCE = False
    assert publish_what_is_due(timezone.now()) == 1  # not deferred in the record: due today, and sealed
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PUBLISHED


def test_the_catch_up_waits_for_sealing_but_not_past_the_deadline(cast, cleared, settings):
    settings.PUBLISH_REQUIRES_GOVERNANCE = False
    decision = _approved(cast, cleared)
    assert decision.seal.status == SealStatus.PENDING

    assert publish_what_is_due(timezone.now()) == 0
    assert publish_what_is_due(timezone.now() + dt.timedelta(days=14)) == 1
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PUBLISHED
