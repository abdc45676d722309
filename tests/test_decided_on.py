"""The decision date and its financial year, stored once when a decision is decided and frozen with the record."""

import datetime as dt
import importlib

import pgtrigger
import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.financial_year import FinancialYear
from decisions.choices import DecisionStatus, SignOffKind, SignOffMethod
from decisions.models import Decision, SignOff
from decisions.paper import decision_record_from_paper
from tests.builders import complete_draft, drive, mopac
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def sign_off(decision: Decision, on: dt.date, *, kind=SignOffKind.DMPC, voided: bool = False) -> SignOff:
    return SignOff.objects.create(
        decision=decision,
        kind=kind,
        printed_name="Someone",
        printed_role="DMPC",
        statement="I approve.",
        signed_on=on,
        method=SignOffMethod.PAPER_RECORD,
        voided_at=timezone.now() if voided else None,
        voided_reason="Returned for changes." if voided else "",
    )


def test_approval_stores_the_date_the_decision_maker_signed_and_its_year(cast):
    decision = drive(complete_draft(drafter=cast.drafter), to=DecisionStatus.APPROVED, cast=cast)

    signed_on = decision.sign_offs.get(kind=SignOffKind.DMPC).signed_on
    assert decision.decided_on == signed_on
    assert decision.financial_year == FinancialYear.containing(signed_on)
    assert decision.decision_date == signed_on


def test_a_paper_record_stores_its_printed_date(cast, role_users):
    from core import roles

    decision = decision_record_from_paper(
        by=role_users[roles.DRAFTING_OFFICER],
        policing_body=mopac(),
        reference="PCD 1763",
        title="Acceptance of grant 685",
        consulted_name="A Person",
        consulted_on=dt.date(2024, 12, 3),
        decision_maker_name="B Person",
        decided_on=dt.date(2024, 12, 4),
        published_on=dt.date(2024, 12, 17),
    )
    decision.refresh_from_db()
    assert (decision.decided_on, str(decision.financial_year)) == (dt.date(2024, 12, 4), "2024/25")


def test_a_record_given_a_signed_state_directly_takes_its_date_from_the_sign_off():
    # As the demo loader enters signed records: content and sign-offs as a draft, then the status.
    decision = DecisionFactory()
    sign_off(decision, dt.date(2025, 4, 8))
    decision.status = DecisionStatus.PUBLISHED
    decision.save(update_fields=["status"])

    decision.refresh_from_db()
    assert (decision.decided_on, str(decision.financial_year)) == (dt.date(2025, 4, 8), "2025/26")


def test_the_migration_fills_signed_decisions_from_the_live_final_sign_off():
    migration = importlib.import_module("decisions.migrations.0011_decided_on_stored")
    resigned = DecisionFactory(reference="PCD 1700")
    sign_off(resigned, dt.date(2019, 5, 1), voided=True)
    sign_off(resigned, dt.date(2024, 6, 1), kind=SignOffKind.CHIEF_EXECUTIVE)
    sign_off(resigned, dt.date(2025, 3, 31))
    march = DecisionFactory(reference="PCD 1701")
    sign_off(march, dt.date(2025, 4, 1))
    undated = DecisionFactory(reference="PCD 1702")
    draft = DecisionFactory(reference="PCD 1703")
    sign_off(draft, dt.date(2025, 4, 1))
    Decision.objects.filter(pk__in=[resigned.pk, march.pk, undated.pk]).update(status=DecisionStatus.PUBLISHED)

    # The migration runs with the frozen-record trigger removed; here it is told to stand aside for this call.
    with pgtrigger.ignore("decisions.Decision:decision_frozen_after_approval"):
        migration.fill_decided_on(apps, None)

    stored = {
        reference: (decided_on, year)
        for reference, decided_on, year in Decision.objects.values_list("reference", "decided_on", "financial_year")
    }
    assert stored["PCD 1700"] == (dt.date(2025, 3, 31), FinancialYear(2024))
    assert stored["PCD 1701"] == (dt.date(2025, 4, 1), FinancialYear(2025))
    assert stored["PCD 1702"] == (None, None)
    assert stored["PCD 1703"] == (None, None)  # not signed: nothing is decided yet


@pytest.mark.postgres
def test_postgresql_refuses_a_changed_decision_date_once_signed(cast):
    decision = drive(complete_draft(drafter=cast.drafter), to=DecisionStatus.PUBLISHED, cast=cast)

    for change in ({"decided_on": dt.date(2020, 1, 1)}, {"financial_year": "2019/20"}):
        with pytest.raises(IntegrityError, match="its content cannot change"), transaction.atomic():
            Decision.objects.filter(pk=decision.pk).update(**change)
