"""Drafting a PCC decision about an on-boarding plan, from the force's page."""

import pytest
from django.urls import reverse

from core.refusals import Refused
from decisions.choices import DecisionMaker, DecisionStatus, FormType, Part, SectionKind
from decisions.models import Decision
from forces.drafting import plan_draft_pcc_decision
from grants.choices import OrganisationKind
from grants.models import Organisation

pytestmark = pytest.mark.django_db


def draft_url(plan) -> str:
    return reverse("forces:plan_draft_decision", kwargs={"pk": plan.pk})


def test_a_draft_pcc_decision_about_a_plan(lancashire_mypolice, finance):
    decision = plan_draft_pcc_decision(plan=lancashire_mypolice, by=finance)

    assert decision.status == DecisionStatus.DRAFT
    assert decision.form_type == FormType.PCC_DECISION
    assert decision.decision_maker == DecisionMaker.PCC
    assert decision.title == (
        "Lancashire Constabulary on-boarding to MyPolice Portal – Section 22A collaboration agreement"
    )
    # The demo's organisation for the Lancashire PCC is reused, not duplicated.
    assert decision.policing_body.name == "Police and Crime Commissioner for Lancashire"
    assert Organisation.objects.filter(name__iexact=decision.policing_body.name).count() == 1
    section = decision.sections.get()
    assert (section.part, section.position, section.kind) == (Part.PART_1, 1, SectionKind.BACKGROUND_AND_ADVICE)
    paragraph = section.paragraphs.get()
    assert paragraph.text.startswith(
        "Lancashire Constabulary signed a statement of intent to on-board to the MyPolice Portal service on "
        "03/02/2025. As the statement of intent is not legally binding, there is no requirement to sign the "
        "Section 22A collaboration agreement until Lancashire Constabulary formally begins the on-boarding process."
    )
    assert "The target financial year is 2025/26." in paragraph.text
    assert [d.label for d in decision.declarations.order_by("position")] == [
        "LEGAL IMPLICATIONS",
        "FINANCIAL IMPLICATIONS",
        "EQUALITIES IMPLICATIONS",
        "CONSULTATION",
    ]
    assert list(lancashire_mypolice.decisions.all()) == [decision]


def test_a_policing_body_without_an_organisation_gets_one(demo, finance):
    from forces.models import OnboardingPlan

    plan = OnboardingPlan.objects.get(force__slug="west-yorkshire-police", service__code="soh")
    assert not Organisation.objects.filter(name="Mayor of West Yorkshire").exists()
    decision = plan_draft_pcc_decision(plan=plan, by=finance)
    assert decision.policing_body.name == "Mayor of West Yorkshire"
    assert decision.policing_body.kind == OrganisationKind.POLICING_BODY


def test_drafting_needs_permission_to_draft_decisions(lancashire_mypolice, governance):
    with pytest.raises(Refused):
        plan_draft_pcc_decision(plan=lancashire_mypolice, by=governance)
    assert not lancashire_mypolice.decisions.exists()


def test_the_force_page_button_drafts_and_opens_the_decision_in_the_back_office(client, finance, lancashire_mypolice):
    client.force_login(finance)
    page = client.get(reverse("forces:force", kwargs={"slug": "lancashire-constabulary"}))
    assert draft_url(lancashire_mypolice) in page.content.decode()
    assert "Draft a PCC decision about this plan" in page.content.decode()

    response = client.post(draft_url(lancashire_mypolice))
    decision = lancashire_mypolice.decisions.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:tasks", args=[decision.pk])
    assert Decision.objects.get(pk=decision.pk).form_type == FormType.PCC_DECISION


def test_the_draft_button_is_post_only_and_for_drafters(client, governance, finance, lancashire_mypolice):
    client.force_login(finance)
    assert client.get(draft_url(lancashire_mypolice)).status_code == 405
    client.force_login(governance)
    page = client.get(reverse("forces:force", kwargs={"slug": "lancashire-constabulary"}))
    assert draft_url(lancashire_mypolice) not in page.content.decode()
    assert client.post(draft_url(lancashire_mypolice)).status_code == 403
    assert not lancashire_mypolice.decisions.exists()
