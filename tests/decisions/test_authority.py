"""Signing authority per body: a person signs only as an office they hold for the decision's body on that day (a
superuser too), and each body numbers its decisions in its own series, safely when drafts start at once."""

import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus as S
from decisions.choices import FormType, SignOffKind
from decisions.models import Decision, ReferenceSeries
from decisions.selectors import inbox_for
from decisions.services import decision_create
from grants.choices import OrganisationKind
from grants.models import Organisation
from tests.builders import appoint, complete_draft, create_user, drive, make_submittable, mopac, perform

pytestmark = pytest.mark.django_db

LANCASHIRE = "Police and Crime Commissioner for Lancashire"


@pytest.fixture
def lancashire() -> Organisation:
    body = Organisation.objects.create(name=LANCASHIRE, kind=OrganisationKind.POLICING_BODY)
    ReferenceSeries.objects.create(policing_body=body, prefix="LANC", per_year=True)
    return body


@pytest.fixture
def pcc_decision(lancashire, cast):
    """A Lancashire PCC decision, signed by Lancashire's monitoring officer and waiting for the PCC."""
    decision = decision_create(
        by=cast.drafter,
        policing_body=lancashire,
        title="Joining the Single Online Home",
        form_type=FormType.PCC_DECISION,
    )
    decision.executive_summary = "Lancashire joins the Single Online Home."
    decision.save(update_fields=["executive_summary"])
    decision.recommendations.create(position=1, text="Approve the Section 22A agreement.")
    make_submittable(decision, by=cast.drafter)
    perform("submit", decision, by=cast.drafter)
    monitoring_officer = create_user("lancs-mo", role=roles.CHIEF_EXECUTIVE, appointed=False)
    appoint(monitoring_officer, SignOffKind.MONITORING_OFFICER, lancashire)
    perform("clear", decision, by=monitoring_officer)
    decision.refresh_from_db()
    return decision


def test_a_superuser_without_an_appointment_cannot_sign(cast):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password-1")
    submitted = drive(complete_draft(drafter=cast.drafter), to=S.SUBMITTED, cast=cast)

    with pytest.raises(Refused) as refusal:
        perform("clear", submitted, by=superuser, password="a-long-password-1")

    assert refusal.value.code == "authority"
    assert refusal.value.message == (
        f"{submitted.reference} is for Mayor's Office for Policing and Crime: only its Chief Executive Officer can "
        "do this, and you do not hold that office today."
    )
    assert not submitted.sign_offs.exists()


def test_a_superuser_signs_only_through_an_appointment_like_anyone_else(cast):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password-1")
    appoint(superuser, SignOffKind.CHIEF_EXECUTIVE)
    submitted = drive(complete_draft(drafter=cast.drafter), to=S.SUBMITTED, cast=cast)

    cleared = perform("clear", submitted, by=superuser, password="a-long-password-1")

    assert cleared.status == S.CLEARED
    assert cleared.sign_offs.get().appointment.person == superuser


def test_the_mopac_dmpc_cannot_sign_a_lancashire_pcc_form(pcc_decision, cast):
    with pytest.raises(Refused) as refusal:
        perform("approve", pcc_decision, by=cast.dmpc)

    assert refusal.value.code == "authority"
    assert "only its Police and Crime Commissioner can do this" in refusal.value.message
    pcc_decision.refresh_from_db()
    assert pcc_decision.status == S.CLEARED


def test_the_mopac_dmpc_cannot_reject_or_return_it_either(pcc_decision, cast):
    for action in ("reject", "return"):
        with pytest.raises(Refused) as refusal:
            perform(action, pcc_decision, by=cast.dmpc)
        assert refusal.value.code == "authority"


def test_the_lancashire_pcc_appointee_signs_it_as_what_they_hold(pcc_decision, lancashire):
    pcc = create_user("lancs-pcc", role=roles.DECISION_MAKER, appointed=False)
    appoint(pcc, SignOffKind.PCC, lancashire)

    approved = perform("approve", pcc_decision, by=pcc)

    assert approved.status == S.APPROVED
    approval = approved.sign_offs.get(kind=SignOffKind.PCC)
    assert approval.printed_role == "Police and Crime Commissioner"
    assert approval.appointment.policing_body == lancashire


def test_a_deputy_signs_under_the_recorded_delegation(pcc_decision, lancashire):
    from decisions.models import Appointment

    deputy = create_user("lancs-deputy", role=roles.DECISION_MAKER, appointed=False)
    Appointment.objects.create(
        person=deputy,
        office=SignOffKind.PCC,
        policing_body=lancashire,
        title="Deputy Police and Crime Commissioner",
        starts_on=dt.date(2025, 1, 1),
        is_deputy=True,
        delegation="Scheme of delegation of 12/12/2024, paragraph 4",
    )

    approved = perform("approve", pcc_decision, by=deputy)

    assert approved.sign_offs.get(kind=SignOffKind.PCC).printed_role == (
        "Deputy Police and Crime Commissioner (deputy, under delegation: Scheme of delegation of 12/12/2024, "
        "paragraph 4)"
    )


def test_an_appointment_not_yet_started_or_already_ended_gives_no_authority(cast, make_user):
    today = timezone.localdate()
    later = make_user("later-dmpc", role=roles.DECISION_MAKER, appointed=False)
    appoint(later, SignOffKind.DMPC, starts_on=today + dt.timedelta(days=1))
    gone = make_user("former-dmpc", role=roles.DECISION_MAKER, appointed=False)
    appointment = appoint(gone, SignOffKind.DMPC, starts_on=today - dt.timedelta(days=400))
    appointment.ends_on = today - dt.timedelta(days=1)
    appointment.save()
    cleared = drive(complete_draft(drafter=cast.drafter), to=S.CLEARED, cast=cast)

    for person in (later, gone):
        with pytest.raises(Refused) as refusal:
            perform("approve", cleared, by=person)
        assert refusal.value.code == "authority"


def test_the_inbox_holds_only_the_decisions_of_bodies_the_signer_holds_office_for(pcc_decision, cast, lancashire):
    mopac_cleared = drive(complete_draft(drafter=cast.drafter), to=S.CLEARED, cast=cast)
    pcc = create_user("lancs-pcc", role=roles.DECISION_MAKER, appointed=False)
    appoint(pcc, SignOffKind.PCC, lancashire)

    assert list(inbox_for(cast.dmpc)) == [mopac_cleared]
    assert list(inbox_for(pcc)) == [pcc_decision]


def test_the_decision_page_offers_signing_only_to_the_office_holder(client, pcc_decision, cast):
    client.force_login(cast.dmpc)
    page = client.get(reverse("decisions:detail", args=[pcc_decision.pk])).content.decode()
    assert "Sign and approve" not in page
    response = client.get(reverse("decisions:sign", args=[pcc_decision.pk]))
    assert response.status_code == 302


# --- Reference series -------------------------------------------------------------------------------------------


def test_each_body_numbers_its_own_decisions(cast, lancashire):
    mopac_draft = decision_create(by=cast.drafter, policing_body=mopac(), title="A MOPAC decision")
    pcc_draft = decision_create(
        by=cast.drafter, policing_body=lancashire, title="A PCC decision", form_type=FormType.PCC_DECISION
    )
    second_pcc = decision_create(
        by=cast.drafter, policing_body=lancashire, title="Another PCC decision", form_type=FormType.PCC_DECISION
    )

    year = timezone.localdate().year
    assert mopac_draft.reference == "PCD 2000"
    assert (pcc_draft.reference, second_pcc.reference) == (f"LANC {year}/01", f"LANC {year}/02")


def test_a_historic_reference_is_kept_and_the_series_moves_past_it(cast):
    historic = decision_create(by=cast.drafter, policing_body=mopac(), title="Entered late", reference="PCD 2005")
    next_draft = decision_create(by=cast.drafter, policing_body=mopac(), title="The next one")

    assert historic.reference == "PCD 2005"
    assert next_draft.reference == "PCD 2006"


def test_a_reference_already_used_is_refused_with_its_message(cast):
    decision_create(by=cast.drafter, policing_body=mopac(), title="First", reference="PCD 2100")

    with pytest.raises(Refused) as refusal:
        decision_create(by=cast.drafter, policing_body=mopac(), title="Second", reference="pcd 2100")

    assert refusal.value.field == "reference" or refusal.value.field is None
    assert "A decision with this reference already exists." in refusal.value.messages


def test_a_body_with_no_series_is_told_how_to_get_one(cast):
    body = Organisation.objects.create(name="Police and Crime Commissioner for Kent", kind="policing_body")

    with pytest.raises(Refused) as refusal:
        decision_create(by=cast.drafter, policing_body=body, title="A Kent decision", form_type=FormType.PCC_DECISION)

    assert refusal.value.code == "series"
    assert "has no reference series yet" in refusal.value.message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_drafts_started_at_the_same_moment_get_consecutive_references(role_users):
    drafter = role_users[roles.DRAFTING_OFFICER]
    body = mopac()
    barrier = threading.Barrier(2)
    references: list[str] = []
    errors: list[str] = []

    def draft(title: str) -> None:
        try:
            barrier.wait(timeout=10)
            references.append(decision_create(by=drafter, policing_body=body, title=title).reference)
        except Exception as error:  # any error is what the test is about
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=draft, args=(title,)) for title in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(references) == ["PCD 2000", "PCD 2001"]
    assert Decision.objects.filter(reference__in=references).count() == 2
