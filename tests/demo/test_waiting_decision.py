"""The demo's decision waiting for the DMPC: approving it is all it takes to put it on the public register."""

import pytest
from django.urls import reverse

from decisions.choices import DecisionStatus
from decisions.models import Decision
from demo import people
from demo.waiting import TITLE
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_decision_waiting_for_the_dmpc(demo_db, client):
    decision = Decision.objects.get(title=TITLE)
    assert decision.status == DecisionStatus.CLEARED
    assert decision.reference == "PCD 1839"
    dmpc = decision.policing_body.appointments.get(office="dmpc").person
    client.force_login(dmpc)
    assert decision.reference in client.get(reverse("decisions:inbox")).content.decode()


def test_approving_it_seals_it_and_puts_it_on_the_register_with_no_other_step(
    demo_db, client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLISH_REQUIRES_GOVERNANCE = False
    decision = Decision.objects.get(title=TITLE)
    dmpc = decision.policing_body.appointments.get(office="dmpc").person
    dmpc.set_password(PASSWORD)
    dmpc.save()

    from decisions.services import decision_approve

    with django_capture_on_commit_callbacks(execute=True):
        decision_approve(decision=decision, by=dmpc, password=PASSWORD, statement_confirmed=True)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PUBLISHED
    assert decision.seal.status == "sealed"
    assert client.get(reverse("register:detail", args=[decision.pk])).status_code == 200
    assert people.DMPC.username == dmpc.username
