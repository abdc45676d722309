"""Linking on-boarding plans to a draft decision from its links task."""

import pytest
from django.urls import reverse

from core import roles
from core.refusals import Refused
from forces.drafting import plan_draft_pcc_decision, plan_link_decision, plans_to_link
from forces.models import OnboardingPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(role_users):
    return role_users[roles.DRAFTING_OFFICER]


@pytest.fixture
def draft(lancashire_mypolice, drafter):
    return plan_draft_pcc_decision(plan=lancashire_mypolice, by=drafter)


def test_the_links_task_offers_the_bodys_other_plans_and_links_one(client, draft, drafter, lancashire, soh):
    soh_plan = OnboardingPlan.objects.get(force=lancashire, service=soh)
    assert soh_plan in plans_to_link(draft)
    assert not plans_to_link(draft).exclude(force=lancashire).exists()
    client.force_login(drafter)
    page = client.get(reverse("decisions:task_links", args=[draft.pk])).content.decode()
    assert "Lancashire Constabulary on-boarding to MyPolice Portal" in page

    response = client.post(reverse("forces:decision_plan_link", args=[draft.pk]), {"plan": soh_plan.pk})

    assert response["Location"] == reverse("decisions:task_links", args=[draft.pk]) + "#plans"
    linked = set(draft.onboarding_plans.values_list("service__code", flat=True))
    assert linked == {"soh", "mypolice-portal"}


def test_a_plan_of_another_bodys_force_is_refused(draft, drafter):
    other = OnboardingPlan.objects.exclude(force__slug="lancashire-constabulary").first()

    with pytest.raises(Refused) as refusal:
        plan_link_decision(plan=other, decision=draft, by=drafter)

    assert refusal.value.message == (
        f"{other.force} is not overseen by Police and Crime Commissioner for Lancashire, so this decision cannot be "
        "about its plan."
    )
    assert not other.decisions.filter(pk=draft.pk).exists()


def test_people_who_cannot_change_decisions_cannot_link_plans(client, draft, role_users, lancashire, soh):
    soh_plan = OnboardingPlan.objects.get(force=lancashire, service=soh)
    client.force_login(role_users[roles.AUDITOR])

    assert client.post(reverse("forces:decision_plan_link", args=[draft.pk]), {"plan": soh_plan.pk}).status_code == 403
    assert not soh_plan.decisions.filter(pk=draft.pk).exists()
