"""One-row rules of decisions, refused with the message a drafting officer sees."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from decisions.choices import ParagraphStyle, SignOffKind, SignOffMethod
from decisions.models import Decision, SignOff
from tests.factories import DecisionFactory, ParagraphFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_a_duplicate_reference_is_refused_whatever_its_case():
    first = DecisionFactory(reference="PCD 1838")
    duplicate = DecisionFactory.build(reference="pcd 1838", policing_body=first.policing_body)
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "A decision with this reference already exists." in refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_deferral_with_no_reason_is_refused():
    decision = DecisionFactory.build(part_1_deferred=True, deferral_reason="", deferral_until=dt.date(2099, 1, 1))
    decision.policing_body.save()
    with pytest.raises(ValidationError) as refused:
        decision.full_clean()
    assert refused.value.message_dict["deferral_reason"] == ["Say why publication of Part 1 is deferred."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            reference="PCD 9001",
            policing_body=decision.policing_body,
            title="t",
            part_1_deferred=True,
            deferral_until=dt.date(2099, 1, 1),
        )


def test_a_deferral_with_no_end_date_is_refused():
    decision = DecisionFactory.build(part_1_deferred=True, deferral_reason="Contract not yet signed")
    decision.policing_body.save()
    with pytest.raises(ValidationError) as refused:
        decision.full_clean()
    assert refused.value.message_dict["deferral_until"] == ["Give the date until which Part 1 is deferred."]


def test_a_deferral_ending_before_the_decision_date_is_refused():
    decision = DecisionFactory()
    SignOff.objects.create(
        decision=decision,
        kind=SignOffKind.DMPC,
        printed_name="Jordan Example",
        printed_role="Deputy Mayor for Policing and Crime",
        statement="The above request has my approval.",
        signed_on=dt.date(2025, 4, 8),
        method=SignOffMethod.PAPER_RECORD,
    )
    decision.part_1_deferred = True
    decision.deferral_reason = "Publication would prejudice a procurement."
    decision.deferral_until = dt.date(2025, 4, 7)
    with pytest.raises(ValidationError) as refused:
        decision.full_clean()
    assert refused.value.message_dict["deferral_until"] == [
        "The deferral must end on or after the decision date (08/04/2025)."
    ]
    decision.deferral_until = dt.date(2025, 4, 8)
    decision.full_clean()


def test_a_draft_cannot_be_deferred_to_a_date_already_past():
    decision = DecisionFactory.build(
        part_1_deferred=True,
        deferral_reason="Publication would prejudice a procurement.",
        deferral_until=timezone.localdate() - dt.timedelta(days=1),
    )
    decision.policing_body.save()
    with pytest.raises(ValidationError) as refused:
        decision.full_clean()
    assert refused.value.message_dict["deferral_until"] == [
        "The deferral must end on or after the decision date, which is not yet past: choose a date from today onwards."
    ]


def test_paragraphs_are_numbered_as_the_form_numbers_them():
    section = SectionFactory(position=2, paragraph_style=ParagraphStyle.NUMBERED)
    first = ParagraphFactory(section=section, position=1)
    item = ParagraphFactory(section=section, parent=first, position=3)
    assert first.number == "2.1."
    assert item.number == "c."
    lettered = SectionFactory(decision=section.decision, position=4, paragraph_style=ParagraphStyle.LETTERED)
    assert ParagraphFactory(section=lettered, position=2).number == "b."


def test_a_sign_off_made_here_must_carry_its_evidence():
    decision = DecisionFactory()
    sign_off = SignOff(
        decision=decision,
        kind=SignOffKind.CHIEF_EXECUTIVE,
        printed_name="Alex Example",
        printed_role="Chief Executive Officer",
        statement="I have been consulted about the proposal…",
        signed_on=dt.date(2025, 4, 7),
        method=SignOffMethod.IN_BROWSER,
    )
    with pytest.raises(ValidationError) as refused:
        sign_off.full_clean()
    assert "A sign-off made in this service records its signer, time and content hash." in refused.value.messages
