"""Decisions signed on paper entered as records (and grants recorded as accepted by them); one definition each of
"has a Part 2" and of the decision date; withdrawing frees the grant it would have accepted; the back office ticks
declarations through the service; what changed between revisions hides Part 2 from those who may not see it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus as S
from decisions.choices import Part, SectionKind, SignOffMethod
from decisions.content import decision_content
from decisions.models import Paragraph, Section, SupportingPaper
from decisions.models.events import EventAction
from decisions.paper import decision_record_from_paper, grant_record_acceptance
from decisions.revisions import changes_between
from decisions.services import decision_link_grant
from grants.choices import GrantStatus
from tests.builders import complete_draft, drive, grant_685, mopac, perform

pytestmark = pytest.mark.django_db


def record_pcd_1763(by, **overrides):
    values = {
        "by": by,
        "policing_body": mopac(),
        "reference": "PCD 1763",
        "title": "Acceptance of the DPC grant 2024/25",
        "recommendations": ("Accept the Home Office grant of £20.698m.",),
        "consulted_name": "Grace Okonjo-Lind",
        "consulted_on": dt.date(2024, 12, 2),
        "decision_maker_name": "Daniel Ashcombe",
        "decided_on": dt.date(2024, 12, 4),
        "published_on": dt.date(2024, 12, 9),
    }
    return decision_record_from_paper(**{**values, **overrides})


def test_a_decision_signed_on_paper_is_recorded_as_it_was_signed(role_users):
    finance = role_users[roles.FINANCE_OFFICER]

    decision = record_pcd_1763(finance)

    assert decision.status == S.PUBLISHED
    assert decision.decision_date == dt.date(2024, 12, 4)
    sign_offs = list(decision.sign_offs.order_by("signed_on"))
    assert [(s.printed_name, s.signed_on, s.method, s.recorded_by) for s in sign_offs] == [
        ("Grace Okonjo-Lind", dt.date(2024, 12, 2), SignOffMethod.PAPER_RECORD, finance),
        ("Daniel Ashcombe", dt.date(2024, 12, 4), SignOffMethod.PAPER_RECORD, finance),
    ]
    event = decision.events.get()
    assert (event.action, event.actor, event.note) == (
        EventAction.RECORDED,
        finance,
        "Recorded from the signed paper form",
    )
    assert decision.revisions.get().sha256 == sign_offs[0].content_hash


def test_bad_paper_records_are_refused_each_on_its_field_and_nothing_is_saved(role_users):
    finance = role_users[roles.FINANCE_OFFICER]
    record_pcd_1763(finance)

    with pytest.raises(Refused) as refusal:
        record_pcd_1763(finance, consulted_on=dt.date(2024, 12, 5), decided_on=dt.date(2099, 1, 1))

    fields = {reason.field: reason.message for reason in refusal.value.reasons}
    assert fields["reference"] == "A decision with this reference already exists."
    assert fields["decided_on"] == "A paper form already signed cannot be dated in the future."


def test_a_grant_is_recorded_as_accepted_by_a_paper_decision_and_never_left_offered(role_users):
    finance = role_users[roles.FINANCE_OFFICER]
    decision = record_pcd_1763(finance)
    grant = grant_685()

    grant_record_acceptance(grant=grant, decision=decision, by=finance)

    grant.refresh_from_db()
    assert (grant.status, grant.accepting_decision, grant.accepted_on) == (
        GrantStatus.ACCEPTED,
        decision,
        dt.date(2024, 12, 4),
    )


def test_the_back_office_records_a_grant_named_as_accepted_by_an_approved_decision_as_accepted(client, admin_user):
    decision = record_pcd_1763(admin_user)
    grant = grant_685()
    client.force_login(admin_user)
    url = reverse("admin:grants_grant_change", args=[grant.pk])
    data = {
        "funder_reference": "685",
        "title": grant.title,
        "financial_year": "2024/25",
        "funder": grant.funder_id,
        "recipient": grant.recipient_id,
        "host": grant.host_id,
        "programme": grant.programme_id,
        "original_award_amount": "20698000.00",
        "awarded_on": "01/11/2024",
        "accepting_decision": decision.pk,
        "conditions": "",
        "variations-TOTAL_FORMS": "0",
        "variations-INITIAL_FORMS": "0",
        "_save": "Save",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACCEPTED
    assert grant.accepted_on == dt.date(2024, 12, 4)


def test_a_draft_cannot_be_recorded_as_having_accepted_a_grant(cast):
    with pytest.raises(Refused) as refusal:
        grant_record_acceptance(grant=grant_685(), decision=complete_draft(drafter=cast.drafter), by=cast.governance)
    assert refusal.value.code in ("state", "permission")


def test_withdrawing_a_decision_frees_the_grant_it_would_have_accepted(cast):
    grant = grant_685()
    decision = complete_draft(drafter=cast.drafter)
    cast.drafter.user_permissions.add(*Permission.objects.filter(codename="change_decision"))
    decision_link_grant(decision=decision, grant=grant, by=cast.drafter, accepts=True)

    perform("withdraw", decision, by=cast.drafter)

    grant.refresh_from_db()
    assert grant.accepting_decision is None
    assert grant.status == GrantStatus.OFFERED


def test_a_form_whose_only_confidential_content_is_a_paper_says_it_has_a_part_2(cast):
    decision = complete_draft(drafter=cast.drafter)
    assert not decision.has_part_2
    SupportingPaper.objects.create(decision=decision, position=1, title="Commercial terms", is_confidential=True)
    assert decision.has_part_2


def test_the_decision_date_is_the_decision_makers_signature_not_voided(cast):
    decision = drive(complete_draft(drafter=cast.drafter), to=S.APPROVED, cast=cast)
    assert decision.decision_date == decision.sign_offs.get(kind="dmpc").signed_on


def test_a_tick_in_the_back_office_records_who_ticked_it_and_when(client, cast, admin_user):
    decision = complete_draft(drafter=cast.drafter)
    declaration = decision.declarations.order_by("position").first()
    declaration.confirmed, declaration.confirmed_by, declaration.confirmed_on = False, None, None
    declaration.save()
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:decisions_officerdeclaration_change", args=[declaration.pk]),
        {"confirmed": "on", "_save": "Save"},
    )

    assert response.status_code == 302
    declaration.refresh_from_db()
    assert (declaration.confirmed, declaration.confirmed_by) == (True, admin_user)
    assert declaration.confirmed_on == dt.date.today()


def test_what_changed_leaves_out_part_2_for_those_who_may_not_see_it(cast):
    decision = complete_draft(drafter=cast.drafter)
    section = Section.objects.create(
        decision=decision, part=Part.PART_2, position=9, kind=SectionKind.OTHER, heading="Costs",
        non_publication_rationale="Commercial interests.",
    )  # fmt: skip
    submitted = perform("submit", decision, by=cast.drafter)
    perform("return", submitted, by=cast.ceo)
    before = decision.revisions.get().content
    Paragraph.objects.create(section=section, position=1, text="The day rate is £1,200.")
    Paragraph.objects.filter(section__decision=decision, section__kind=SectionKind.FINANCIAL).update(
        text="The financial comments, revised."
    )
    after = decision_content(decision)
    everything = {change.label for change in changes_between(before, after, show_part_2=True)}
    public = {change.label for change in changes_between(before, after, show_part_2=False)}

    assert any("Part 2" in label for label in everything)
    assert not any("Part 2" in label for label in public)
    assert any("Financial" in label for label in public)


@pytest.mark.postgres
def test_history_rows_cannot_be_rewritten_by_sql(cast):
    decision = complete_draft(drafter=cast.drafter)
    record = decision.history.earliest()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE decisions_historicaldecision SET title = 'rewritten' WHERE history_id = %s", [record.pk])


@pytest.mark.postgres
def test_a_grant_award_cannot_be_changed_while_its_accepting_decision_is_being_signed(cast):
    grant = grant_685()
    decision = complete_draft(drafter=cast.drafter)
    type(grant).objects.filter(pk=grant.pk).update(accepting_decision=decision)
    perform("submit", decision, by=cast.drafter)
    with pytest.raises(DatabaseError), transaction.atomic():
        type(grant).objects.filter(pk=grant.pk).update(original_award_amount=Decimal("1.00"))
