"""``manage.py load_demo``: the seed documents come out exactly, a second run changes nothing, and demo
users exist only with DEBUG on."""

import datetime as dt
import re
from decimal import Decimal
from io import StringIO

import pgtrigger
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, transaction

from decisions.choices import DecisionStatus, ParagraphStyle, Part, SectionKind, SignOffKind, SignOffMethod
from decisions.content import decision_content_hash
from decisions.models import Decision
from decisions.statements import MONITORING_OFFICER_STATEMENT, SIGN_OFF_STATEMENTS
from demo import people
from forces.choices import ForceKind, SignatoryCapacity, Stage
from forces.models import CollaborationAgreement, CostShareScenario, Force, OnboardingPlan
from grants.choices import VariationStatus
from grants.models import Grant
from tests.conftest import restore_migrated_data

pytestmark = pytest.mark.django_db

SEED_2_1_C = "Extending the coverage of the AI Operator Assist capability currently being piloted in Humberside."


def load_demo() -> str:
    out = StringIO()
    restore_migrated_data()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_db, db, settings):
    """The demo database, made by ``load_demo`` with DEBUG on (demo users included)."""
    settings.DEBUG = True


def grant_685() -> Grant:
    return Grant.objects.get(funder_reference="685", funder__short_name="HO")


def pcd_1838() -> Decision:
    return Decision.objects.get(reference="PCD 1838")


def row_counts() -> dict[str, int]:
    models = [
        model
        for label in ("grants", "decisions", "forces", "auth")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


# Grant 685 ----------------------------------------------------------------------------------------------------


def test_grant_685_totals_the_seed_figure_exactly(demo):
    grant = grant_685()

    assert grant.original_award_amount == Decimal("20698000.00")
    assert grant.current_total_amount == Decimal("22568000.00")
    assert Grant.objects.with_totals().get(pk=grant.pk).annotated_total_amount == Decimal("22568000.00")
    assert grant.accepting_decision.reference == "PCD 1763"
    assert grant.accepted_on == dt.date(2024, 12, 17)


def test_a_variation_not_yet_accepted_does_not_count(demo):
    # A decided variation is fixed by a database trigger on PostgreSQL; this test asks "what if it were not".
    with pgtrigger.ignore("grants.GrantVariation:variation_fixed_once_decided"):
        grant_685().variations.update(status=VariationStatus.PROPOSED)

    assert grant_685().current_total_amount == Decimal("20698000.00")
    assert Grant.objects.with_totals().get(pk=grant_685().pk).annotated_total_amount == Decimal("20698000.00")


@pytest.mark.postgres
def test_the_accepted_demo_variation_cannot_be_changed_in_the_database(demo):
    with pytest.raises(DatabaseError, match="has been decided"), transaction.atomic():
        grant_685().variations.update(amount_change=Decimal("1.00"))
    with pytest.raises(DatabaseError, match="has been decided"), transaction.atomic():
        Grant.objects.filter(pk=grant_685().pk).update(original_award_amount=Decimal("1.00"))


def test_the_variation_funds_the_four_outcomes_of_2_1(demo):
    variation = grant_685().variations.get(sequence=1)

    assert variation.amount_change == Decimal("1870000.00")
    assert variation.decision == pcd_1838()
    assert str(variation.funds_financial_year) == "2025/26"
    assert [outcome.letter for outcome in variation.outcomes.all()] == ["a", "b", "c", "d"]
    assert variation.outcomes.get(position=3).text == SEED_2_1_C


# Idempotence --------------------------------------------------------------------------------------------------


def test_running_twice_changes_nothing(demo):
    before = row_counts()

    second_run = load_demo()

    assert row_counts() == before
    assert not re.search(r"\d+ (created|updated)", second_run)


def test_a_second_run_does_not_reset_a_changed_password(demo):
    user = get_user_model().objects.get(username="finance")
    user.set_password("a-password-the-user-chose-7")
    user.save()

    load_demo()

    user.refresh_from_db()
    assert user.check_password("a-password-the-user-chose-7")


# PCD 1838 -----------------------------------------------------------------------------------------------------


def test_pcd_1838_has_the_seven_part_1_sections_in_seed_order(demo):
    sections = pcd_1838().sections.all()

    assert [(s.part, s.position, s.kind, s.heading) for s in sections] == [
        (Part.PART_1, 1, SectionKind.INTRODUCTION, "Introduction and background"),
        (Part.PART_1, 2, SectionKind.ISSUES, "Issues for consideration"),
        (Part.PART_1, 3, SectionKind.FINANCIAL, "Financial Comments"),
        (Part.PART_1, 4, SectionKind.LEGAL, "Legal Comments"),
        (Part.PART_1, 5, SectionKind.GDPR, "GDPR and Data Privacy"),
        (Part.PART_1, 6, SectionKind.EQUALITY, "Equality Comments"),
        (Part.PART_1, 7, SectionKind.BACKGROUND_PAPERS, "Background/supporting papers"),
    ]
    top_level = [s.paragraphs.filter(parent=None).count() for s in sections]
    assert top_level == [4, 5, 3, 5, 4, 1, 0]


def test_paragraph_2_1_has_the_four_lettered_items_of_the_seed(demo):
    paragraph = pcd_1838().sections.get(position=2).paragraphs.get(parent=None, position=1)
    items = list(paragraph.items.order_by("position"))

    assert paragraph.number == "2.1."
    assert [item.number for item in items] == ["a.", "b.", "c.", "d."]
    assert items[2].text == SEED_2_1_C
    assert items[0].text.startswith("Starting the process of onboarding Avon & Somerset and West Yorkshire Police")


def test_pcd_1838_keeps_the_published_text_as_printed(demo):
    paragraphs = {p.number: p.text for section in pcd_1838().sections.all() for p in section.paragraphs.all()}

    assert paragraphs["2.4."].endswith("will be made available this current")
    assert "will benefits all forces" in paragraphs["3.2."]
    assert "support the DPC program in 2024–2025" in paragraphs["3.1."]
    assert "(2) That includes—\n(a) entering into contracts" in paragraphs["4.4."]


def test_pcd_1838_papers_point_at_the_variation_and_pcd_1763(demo):
    papers = list(pcd_1838().supporting_papers.all())

    assert papers[0].title == "685 Digital Public Contact Grant Variation Letter 2024/25"
    assert papers[0].related_variation == grant_685().variations.get(sequence=1)
    assert papers[1].related_decision.reference == "PCD 1763"
    assert list(pcd_1838().refers_to.values_list("reference", flat=True)) == ["PCD 1763"]


def test_pcd_1838_has_seven_ticked_declarations_with_a_fictitious_drafting_officer(demo):
    declarations = pcd_1838().declarations.all()

    assert len(declarations) == 7
    assert all(declaration.confirmed for declaration in declarations)
    drafting = declarations.get(kind="drafting_officer").statement
    assert drafting == f"{people.DRAFTING.full_name} has drafted this report in accordance with MOPAC procedures."


def test_pcd_1838_is_signed_by_the_ceo_then_the_dmpc_over_its_content(demo):
    decision = pcd_1838()
    sign_offs = list(decision.sign_offs.all())

    assert [(s.kind, s.signed_on) for s in sign_offs] == [
        (SignOffKind.CHIEF_EXECUTIVE, dt.date(2025, 4, 7)),
        (SignOffKind.DMPC, dt.date(2025, 4, 8)),
    ]
    assert [s.signer.username for s in sign_offs] == ["ceo", "dmpc"]
    assert [s.printed_name for s in sign_offs] == [s.signer.get_full_name() for s in sign_offs]
    assert all(s.method == SignOffMethod.PAPER_RECORD for s in sign_offs)
    assert all(s.content_hash == decision_content_hash(decision) for s in sign_offs)
    assert sign_offs[1].statement == SIGN_OFF_STATEMENTS[SignOffKind.DMPC]
    assert decision.status == DecisionStatus.PUBLISHED
    assert decision.decision_date == dt.date(2025, 4, 8)


# The Lancashire PCC decision ----------------------------------------------------------------------------------


def test_the_lancashire_decision_is_all_part_2_with_lettered_implications(demo):
    decision = Decision.objects.get(policing_body__name="Police and Crime Commissioner for Lancashire")
    implications = decision.sections.get(kind=SectionKind.IMPLICATIONS)
    items = list(implications.paragraphs.all())

    assert decision.status == DecisionStatus.APPROVED
    assert decision.has_part_2
    assert not decision.sections.filter(part=Part.PART_1).exists()
    assert all(section.non_publication_rationale for section in decision.sections.all())
    assert implications.paragraph_style == ParagraphStyle.LETTERED
    assert [(item.number, item.heading) for item in items] == [
        ("a.", "Risks"),
        ("b.", "Legal"),
        ("c.", "Financial"),
        ("d.", "Equality considerations"),
    ]
    assert "\n\nThe additional cost to Lancashire" in items[2].text
    assert decision.supporting_papers.get().is_confidential
    monitoring_officer = decision.sign_offs.get(kind=SignOffKind.MONITORING_OFFICER)
    assert monitoring_officer.statement == MONITORING_OFFICER_STATEMENT.format(area="Lancashire")


def test_the_lancashire_agreement_has_two_witnessed_signatories(demo):
    agreement = CollaborationAgreement.objects.get(title__endswith="(Lancashire)")
    signatories = list(agreement.signatories.order_by("capacity"))

    assert [s.capacity for s in signatories] == [SignatoryCapacity.CHIEF_OFFICER, SignatoryCapacity.POLICING_BODY]
    assert signatories[0].party == "THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY"
    assert signatories[1].party == "THE POLICE AND CRIME COMMISSIONER FOR LANCASHIRE"
    for signatory in signatories:
        assert signatory.witness_name and signatory.witness_address and signatory.witness_occupation
        assert signatory.witness_signed
        assert signatory.missing == []
    assert sorted(agreement.services.values_list("code", flat=True)) == ["police-uk", "soh"]


# Forces -------------------------------------------------------------------------------------------------------


def test_every_territorial_force_has_an_soh_plan_and_the_last_two_are_on_boarding(demo):
    soh_plans = OnboardingPlan.objects.filter(service__code="soh")
    onboarding = soh_plans.filter(stage=Stage.ONBOARDING_STARTED)

    assert Force.objects.filter(kind=ForceKind.TERRITORIAL).count() == 43
    assert soh_plans.count() == 43
    assert soh_plans.filter(stage=Stage.LIVE).count() == 41
    assert sorted(onboarding.values_list("force__slug", flat=True)) == [
        "avon-and-somerset-constabulary",
        "west-yorkshire-police",
    ]
    assert all(str(plan.target_financial_year) == "2026/27" for plan in onboarding)


def test_lancashire_started_on_soh_in_february_2020_under_its_agreement(demo):
    plan = OnboardingPlan.objects.get(force__slug="lancashire-constabulary", service__code="soh")

    assert plan.intent_signed_on.year == 2019
    assert plan.onboarding_started_on == dt.date(2020, 2, 3)
    assert plan.live_on.year == 2020
    assert plan.agreement.title.endswith("(Lancashire)")
    assert plan.decisions.get().reference == "LANC 2019/07"


def test_every_plan_that_has_started_has_a_signed_agreement_first(demo):
    started = OnboardingPlan.objects.filter(stage__in=[Stage.ONBOARDING_STARTED, Stage.LIVE])

    for plan in started:
        assert plan.agreement is not None, plan
        assert plan.service in plan.agreement.services.all(), plan
        signed = [s.signed_on for s in plan.agreement.signatories.all()]
        assert len(signed) == 2 and max(signed) <= plan.onboarding_started_on, plan
    assert (
        OnboardingPlan.objects.get(force__slug="lancashire-constabulary", service__code="mypolice-portal").agreement
        is None
    )


def test_the_two_soh_cost_scenarios_of_the_seed(demo):
    scenarios = CostShareScenario.objects.filter(service__code="soh").order_by("forces_on_board")

    assert [(s.forces_on_board, s.per_force_annual_amount) for s in scenarios] == [
        (20, Decimal("180000.00")),
        (43, Decimal("102000.00")),
    ]


# Demo users ---------------------------------------------------------------------------------------------------


def test_demo_users_are_made_with_debug_on_and_their_passwords_work(demo):
    users = get_user_model().objects.filter(username__in=people.DEMO_USERNAMES)

    assert users.count() == len(people.ROLE_USERS) + 1  # and the superuser
    for demo_user in people.ROLE_USERS:
        user = users.get(username=demo_user.username)
        assert user.is_staff and not user.is_superuser
        assert user.check_password(demo_user.password)
        assert list(user.groups.values_list("name", flat=True)) == [demo_user.role]
    assert users.get(username="admin").is_superuser
    assert "ceo-demo-2025!" in load_demo()


def test_no_demo_users_with_debug_off(settings):
    settings.DEBUG = False

    output = load_demo()

    assert not get_user_model().objects.filter(username__in=people.DEMO_USERNAMES).exists()
    assert "Demo users skipped" in output
    assert not pcd_1838().sign_offs.filter(signer__isnull=False).exists()
    assert grant_685().current_total_amount == Decimal("22568000.00")


def test_a_later_run_with_debug_on_adds_the_users_and_leaves_signed_decisions_as_they_are(settings):
    settings.DEBUG = False
    load_demo()
    signed_before = list(pcd_1838().sign_offs.values())

    settings.DEBUG = True
    load_demo()

    assert get_user_model().objects.filter(username__in=people.DEMO_USERNAMES).count() == len(people.DEMO_USERNAMES)
    assert list(pcd_1838().sign_offs.values()) == signed_before
