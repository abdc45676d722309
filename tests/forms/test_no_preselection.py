"""Where the user must choose, nothing is chosen for them: the statement of intent's service, the plan to link."""

import re

import pytest
from django.urls import reverse

from core import roles

pytestmark = pytest.mark.django_db


def test_the_statement_of_intent_chooses_no_service(client, role_users):
    from forces.models import Force, OnboardingPlan

    force = Force.objects.order_by("name").first()
    if force is None:
        pytest.skip("no forces in the migrated data")
    client.force_login(role_users[roles.GOVERNANCE])
    url = reverse("forces:record_intent", args=[force.slug])
    page = client.get(url).content.decode()
    assert 'type="radio" name="service"' in page
    assert not re.search(r'name="service"[^>]*checked', page)
    assert "selected" not in re.sub(r"<select[^>]*>", "", page[page.index("<form") : page.index("</form>")])

    before = OnboardingPlan.objects.count()
    response = client.post(url, {"intent_signed_on": "01/04/2025"})
    page = response.content.decode()
    assert '<a href="#id_service_0">Select the service the force intends to join.</a>' in page
    assert "<title>Error: " in page
    assert OnboardingPlan.objects.count() == before
