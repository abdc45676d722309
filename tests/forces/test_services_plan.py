"""The steps of an on-boarding plan: intent, start (only on a signed and witnessed s22A agreement), live, withdrawn."""

import datetime as dt

import pytest

from forces.choices import Execution, SignatoryCapacity, Stage
from forces.models import AgreementSignatory, CollaborationAgreement, OnboardingPlan
from forces.services import (
    Refused,
    plan_go_live,
    plan_record_intent,
    plan_start_onboarding,
    plan_withdraw,
)

pytestmark = pytest.mark.django_db

START = dt.date(2025, 9, 1)
PREFIX = "Lancashire Constabulary cannot start on-boarding to MyPolice Portal: "


def mypolice_agreement(force, service) -> CollaborationAgreement:
    agreement = CollaborationAgreement.objects.create(
        title="Section 22A collaboration agreement – MyPolice Portal (Lancashire)"
    )
    agreement.forces.add(force)
    agreement.services.add(service)
    return agreement


def test_a_statement_of_intent_cannot_start_without_an_agreement(lancashire_mypolice, governance):
    assert lancashire_mypolice.stage == Stage.STATEMENT_OF_INTENT
    with pytest.raises(Refused) as refused:
        plan_start_onboarding(plan=lancashire_mypolice, by=governance, started_on=START)
    assert refused.value.code == "agreement"
    assert refused.value.message == PREFIX + "there is no Section 22A collaboration agreement yet."
    lancashire_mypolice.refresh_from_db()
    assert lancashire_mypolice.stage == Stage.STATEMENT_OF_INTENT


def test_lancashire_mypolice_starts_only_once_both_parties_have_signed_and_been_witnessed(
    lancashire, mypolice, lancashire_mypolice, governance
):
    agreement = mypolice_agreement(lancashire, mypolice)

    def refusal() -> str:
        with pytest.raises(Refused) as refused:
            plan_start_onboarding(plan=lancashire_mypolice, by=governance, started_on=START)
        return refused.value.message

    assert refusal() == PREFIX + (
        "the Section 22A agreement has no signature block for the chief officer; "
        "the Section 22A agreement has no signature block for the policing body."
    )

    chief = AgreementSignatory.objects.create(
        agreement=agreement,
        capacity=SignatoryCapacity.CHIEF_OFFICER,
        party="THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY",
        signed_by_name="Alex Roper",
        signed_on=dt.date(2025, 7, 1),
        execution=Execution.ELECTRONIC,
    )
    assert refusal() == PREFIX + (
        "the Section 22A agreement is not signed by the chief officer (missing: the witness's name, "
        "the witness's address, the witness's occupation); "
        "the Section 22A agreement has no signature block for the policing body."
    )

    chief.witness_name, chief.witness_address, chief.witness_occupation = "Sam Dale", "Hutton, Preston", "Clerk"
    chief.save()
    body = AgreementSignatory.objects.create(
        agreement=agreement,
        capacity=SignatoryCapacity.POLICING_BODY,
        party="THE POLICE AND CRIME COMMISSIONER FOR LANCASHIRE",
    )
    assert refusal() == PREFIX + (
        "the Section 22A agreement is not signed by the policing body (missing: the signatory's name, the date signed, "
        "how it was executed (wet ink or electronic), the witness's name, the witness's address, "
        "the witness's occupation)."
    )

    body.signed_by_name, body.signed_on, body.execution = "Jo Marsh", dt.date(2025, 7, 8), Execution.WET_INK
    body.witness_name, body.witness_occupation = "Ray Holt", "Governance officer"
    body.save()
    assert refusal() == PREFIX + (
        "the Section 22A agreement is not signed by the policing body (missing: the witness's address)."
    )

    body.witness_address = "County Hall, Preston"
    body.save()
    plan = plan_start_onboarding(plan=lancashire_mypolice, by=governance, started_on=START)

    plan.refresh_from_db()
    assert plan.stage == Stage.ONBOARDING_STARTED
    assert plan.onboarding_started_on == START
    assert plan.agreement == agreement
    latest = plan.history.latest()
    assert latest.stage == Stage.ONBOARDING_STARTED
    assert latest.history_user == governance


def test_on_boarding_cannot_start_before_the_agreement_is_signed(lancashire, mypolice, lancashire_mypolice, governance):
    agreement = mypolice_agreement(lancashire, mypolice)
    for capacity, signed_on in (
        (SignatoryCapacity.CHIEF_OFFICER, dt.date(2025, 7, 1)),
        (SignatoryCapacity.POLICING_BODY, START),
    ):
        AgreementSignatory.objects.create(
            agreement=agreement,
            capacity=capacity,
            party=capacity.label,
            signed_by_name="A Signer",
            signed_on=signed_on,
            execution=Execution.WET_INK,
            witness_name="A Witness",
            witness_address="Preston",
            witness_occupation="Clerk",
        )
    with pytest.raises(Refused) as refused:
        plan_start_onboarding(plan=lancashire_mypolice, by=governance, started_on=START - dt.timedelta(days=1))
    assert refused.value.code == "date"
    assert "01/09/2025" in refused.value.message


def test_an_agreement_the_force_is_not_party_to_is_refused(lancashire_mypolice, mypolice, governance):
    other = CollaborationAgreement.objects.exclude(forces=lancashire_mypolice.force).first()
    with pytest.raises(Refused) as refused:
        plan_start_onboarding(plan=lancashire_mypolice, by=governance, started_on=START, agreement=other)
    assert refused.value.message == f"Lancashire Constabulary is not a party to “{other.title}”."


def test_only_users_who_may_change_plans_start_on_boarding(lancashire_mypolice, finance):
    with pytest.raises(Refused) as refused:
        plan_start_onboarding(plan=lancashire_mypolice, by=finance, started_on=START)
    assert refused.value.code == "permission"


def test_a_started_plan_goes_live(demo, governance):
    plan = OnboardingPlan.objects.get(force__slug="avon-and-somerset-constabulary", service__code="soh")
    plan = plan_go_live(plan=plan, by=governance, live_on=dt.date(2026, 4, 6))
    plan.refresh_from_db()
    assert plan.stage == Stage.LIVE
    assert plan.live_on == dt.date(2026, 4, 6)
    assert plan.history.latest().history_change_reason == "Went live"


def test_going_live_before_on_boarding_started_is_refused(demo, governance):
    plan = OnboardingPlan.objects.get(force__slug="avon-and-somerset-constabulary", service__code="soh")
    with pytest.raises(Refused) as refused:
        plan_go_live(plan=plan, by=governance, live_on=dt.date(2025, 5, 11))
    assert refused.value.code == "date"


def test_a_statement_of_intent_cannot_go_live(lancashire_mypolice, governance):
    with pytest.raises(Refused) as refused:
        plan_go_live(plan=lancashire_mypolice, by=governance, live_on=START)
    assert refused.value.code == "state"
    assert refused.value.message == (
        "Lancashire Constabulary cannot go live on MyPolice Portal: the plan is at “Statement of intent”."
    )


def test_a_plan_is_withdrawn_with_its_reason_in_the_history(lancashire_mypolice, governance):
    plan = plan_withdraw(
        plan=lancashire_mypolice, by=governance, withdrawn_on=START, reason="  Force  priorities changed. "
    )
    plan.refresh_from_db()
    assert plan.stage == Stage.WITHDRAWN
    assert plan.withdrawn_on == START
    assert plan.history.latest().history_change_reason == "Withdrawn: Force priorities changed."


def test_withdrawing_needs_a_reason(lancashire_mypolice, governance):
    with pytest.raises(Refused) as refused:
        plan_withdraw(plan=lancashire_mypolice, by=governance, withdrawn_on=START, reason="   ")
    assert refused.value.code == "incomplete"


def test_a_live_plan_cannot_be_withdrawn(lancashire, soh, governance):
    plan = OnboardingPlan.objects.get(force=lancashire, service=soh)
    with pytest.raises(Refused) as refused:
        plan_withdraw(plan=plan, by=governance, withdrawn_on=START, reason="Changed our mind.")
    assert refused.value.code == "state"


def test_withdrawing_needs_permission(lancashire_mypolice, finance):
    with pytest.raises(Refused) as refused:
        plan_withdraw(plan=lancashire_mypolice, by=finance, withdrawn_on=START, reason="No budget.")
    assert refused.value.code == "permission"


def test_recording_intent_creates_a_plan_at_statement_of_intent(lancashire, governance, demo):
    from forces.models import Service

    livechat = Service.objects.get(code="livechat")
    plan = plan_record_intent(force=lancashire, service=livechat, by=governance, intent_signed_on=START)
    assert plan.stage == Stage.STATEMENT_OF_INTENT
    assert plan.intent_signed_on == START
    assert plan.agreement is None
    assert plan.history.count() == 1


def test_recording_intent_twice_is_refused(lancashire, mypolice, governance):
    with pytest.raises(Refused) as refused:
        plan_record_intent(force=lancashire, service=mypolice, by=governance, intent_signed_on=START)
    assert refused.value.code == "exists"
    assert refused.value.message == (
        "Lancashire Constabulary already has a plan for MyPolice Portal (statement of intent)."
    )


def test_recording_intent_needs_permission(lancashire, mypolice, finance):
    with pytest.raises(Refused) as refused:
        plan_record_intent(force=lancashire, service=mypolice, by=finance, intent_signed_on=START)
    assert refused.value.code == "permission"
