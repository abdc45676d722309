"""Workflow in the back office: buttons that lead to the same services, bulk steps, drafting from a variation,
and decided records that stay as they were decided."""

import pytest
from django.urls import reverse

from core import roles
from decisions.choices import DecisionStatus
from decisions.models import Decision
from grants.choices import VariationStatus
from tests.builders import complete_draft, grant_685, match_funding_variation

pytestmark = pytest.mark.django_db


def test_the_decision_page_offers_the_steps_the_user_may_take(client, role_users):
    decision = complete_draft(drafter=role_users[roles.DRAFTING_OFFICER])
    url = reverse("admin:decisions_decision_change", args=[decision.pk])

    client.force_login(role_users[roles.DRAFTING_OFFICER])
    page = client.get(url).content.decode()
    assert reverse("decisions:action", args=[decision.pk, "submit"]) in page
    assert reverse("decisions:sign", args=[decision.pk]) not in page

    client.force_login(role_users[roles.AUDITOR])
    page = client.get(url).content.decode()
    assert reverse("decisions:action", args=[decision.pk, "submit"]) not in page


def test_submitting_from_the_list_calls_the_service_and_reports_refusals(client, role_users):
    drafter = role_users[roles.DRAFTING_OFFICER]
    ready = complete_draft(drafter=drafter)
    incomplete = complete_draft(drafter=drafter)
    incomplete.recommendations.all().delete()
    client.force_login(drafter)

    response = client.post(
        reverse("admin:decisions_decision_changelist"),
        {"action": "submit_selected", "_selected_action": [ready.pk, incomplete.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert ready.status == DecisionStatus.SUBMITTED
    assert ready.events.filter(action="submitted", actor=drafter).exists()
    assert incomplete.status == DecisionStatus.DRAFT
    text = response.content.decode()
    assert "1 decision(s) submitted." in text
    assert "cannot be submitted yet. It needs at least one recommendation" in text


def test_a_submitted_decision_cannot_be_edited_in_the_back_office(client, role_users):
    drafter = role_users[roles.DRAFTING_OFFICER]
    decision = complete_draft(drafter=drafter)
    from decisions.services import decision_submit

    decision_submit(decision=decision, by=drafter)
    client.force_login(drafter)
    page = client.get(reverse("admin:decisions_decision_change", args=[decision.pk])).content.decode()
    assert 'name="_save"' not in page
    response = client.post(reverse("admin:decisions_decision_change", args=[decision.pk]), {"title": "Changed"})
    assert response.status_code == 403
    assert Decision.objects.get(pk=decision.pk).title != "Changed"


def test_a_finance_officer_drafts_a_decision_from_a_variation_with_the_button(client, role_users):
    variation = match_funding_variation(grant_685())
    client.force_login(role_users[roles.FINANCE_OFFICER])
    page = client.get(reverse("admin:grants_grantvariation_change", args=[variation.pk])).content.decode()
    button = reverse("decisions:draft_from_variation", args=[variation.pk])
    assert button in page

    response = client.post(button)

    variation.refresh_from_db()
    decision = variation.decision
    assert response["Location"] == reverse("decisions:tasks", args=[decision.pk])
    assert decision.status == DecisionStatus.DRAFT
    assert "£20,698,000.00 to £22,568,000.00" in decision.sections.get(kind="financial").paragraphs.get().text
    page = client.get(reverse("admin:grants_grantvariation_change", args=[variation.pk])).content.decode()
    assert button not in page


def test_the_draft_action_on_variations_reports_each_result(client, role_users):
    grant = grant_685()
    variation = match_funding_variation(grant)
    client.force_login(role_users[roles.FINANCE_OFFICER])
    url = reverse("admin:grants_grantvariation_changelist")
    client.post(url, {"action": "draft_decisions", "_selected_action": [variation.pk]})
    variation.refresh_from_db()
    assert variation.decision is not None

    again = client.post(url, {"action": "draft_decisions", "_selected_action": [variation.pk]}, follow=True)
    assert f"This variation already has a decision, {variation.decision.reference}." in again.content.decode()


def test_an_auditor_cannot_draft_from_a_variation(client, role_users):
    variation = match_funding_variation(grant_685())
    client.force_login(role_users[roles.AUDITOR])
    assert client.post(reverse("decisions:draft_from_variation", args=[variation.pk])).status_code == 403
    variation.refresh_from_db()
    assert variation.decision is None


def test_a_decided_variation_is_read_only_in_the_back_office(client, role_users, admin_user):
    variation = match_funding_variation(grant_685())
    GrantVariationQuery = type(variation).objects
    GrantVariationQuery.filter(pk=variation.pk).update(status=VariationStatus.ACCEPTED)
    client.force_login(admin_user)
    url = reverse("admin:grants_grantvariation_change", args=[variation.pk])
    page = client.get(url).content.decode()
    assert 'name="amount_change"' not in page
    assert 'name="kind"' not in page


def test_a_signed_decision_says_why_it_cannot_change(client, admin_user, demo_db):
    decision = Decision.objects.get(reference="PCD 1838")
    client.force_login(admin_user)
    page = client.get(reverse("admin:decisions_decision_change", args=[decision.pk])).content.decode()
    assert "PCD 1838 has been approved and is a signed record: it can no longer change." in page
    assert 'name="_save"' not in page


def test_auditors_read_the_history_of_a_grant(client, role_users):
    variation = match_funding_variation(grant_685())
    variation.letter_reference = "685 Grant Variation Letter (revised)"
    variation.save()
    client.force_login(role_users[roles.AUDITOR])
    page = client.get(reverse("admin:grants_grantvariation_history", args=[variation.pk]))
    assert page.status_code == 200
    records = page.context["page_obj"].object_list
    assert [record.history_type for record in records] == ["~", "+"]
    assert records[0].letter_reference == "685 Grant Variation Letter (revised)"
    assert records[1].letter_reference == "685 Digital Public Contact Grant Variation Letter 2024/25"
    assert client.post(reverse("admin:grants_grantvariation_change", args=[variation.pk]), {}).status_code == 403


def test_an_admin_seals_a_failed_decision_again_from_the_back_office(
    client, admin_user, role_users, settings, tmp_path, django_capture_on_commit_callbacks
):
    from records.models import DecisionSeal, SealStatus
    from tests.builders import Cast, drive, perform
    from tests.builders import complete_draft as ready_draft

    cast = Cast(
        drafter=role_users[roles.DRAFTING_OFFICER],
        ceo=role_users[roles.CHIEF_EXECUTIVE],
        dmpc=role_users[roles.DECISION_MAKER],
        governance=role_users[roles.GOVERNANCE],
    )
    good_key = settings.SIGNING_KEY_FILE
    settings.SIGNING_KEY_FILE = tmp_path / "no-key.pem"
    decision = drive(ready_draft(drafter=cast.drafter), to=DecisionStatus.CLEARED, cast=cast)
    with django_capture_on_commit_callbacks(execute=True):
        perform("approve", decision, by=cast.dmpc)
    seal = DecisionSeal.objects.get(decision=decision)
    assert seal.status == SealStatus.FAILED

    client.force_login(admin_user)
    listing = client.get(reverse("admin:records_decisionseal_changelist"), {"status__exact": "failed"})
    assert decision.reference in listing.content.decode()
    settings.SIGNING_KEY_FILE = good_key
    response = client.post(
        reverse("admin:records_decisionseal_changelist"),
        {"action": "seal_again", "_selected_action": [seal.pk]},
        follow=True,
    )
    seal.refresh_from_db()
    assert seal.status == SealStatus.SEALED
    assert f"{decision.reference} sealed." in response.content.decode()


def test_a_refused_draft_never_sends_the_user_to_another_site(client, role_users):
    variation = match_funding_variation(grant_685())
    client.force_login(role_users[roles.FINANCE_OFFICER])
    url = reverse("decisions:draft_from_variation", args=[variation.pk])
    client.post(url)
    refused = client.post(url, {"next": "https://evil.example.org/"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("admin:grants_grantvariation_change", args=[variation.pk])
    back = client.post(url, {"next": reverse("grants:detail", args=[variation.grant.pk])})
    assert back["Location"] == reverse("grants:detail", args=[variation.grant.pk])


def test_a_plan_stage_moves_only_through_its_steps_in_the_back_office(client, admin_user, demo_db):
    from forces.models import OnboardingPlan

    plan = OnboardingPlan.objects.get(force__slug="lancashire-constabulary", service__code="mypolice-portal")
    client.force_login(admin_user)
    page = client.get(reverse("admin:forces_onboardingplan_change", args=[plan.pk])).content.decode()
    assert 'name="stage"' not in page
    assert reverse("forces:plan_action", args=[plan.pk, "start"]) in page
