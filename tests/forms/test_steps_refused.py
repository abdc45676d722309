"""A step the decision's state does not allow is refused before its form is shown, with the reason."""

import html
import re

import pytest
from django.urls import reverse

from decisions.choices import DecisionStatus
from tests.builders import complete_draft

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_return_on_a_draft_is_refused_on_get_with_the_reason(client, cast):
    draft = complete_draft(drafter=cast.drafter)
    client.force_login(cast.ceo)

    response = client.get(reverse("decisions:action", args=[draft.pk, "return"]), follow=True)

    assert response.redirect_chain == [(reverse("decisions:detail", args=[draft.pk]), 302)]
    # The reason, from the workflow's table: the state it is in, and the states the step leaves from.
    assert f"{draft.reference} is draft, so it cannot be returned: only a decision that is submitted" in _text(response)
    assert 'name="reason"' not in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT


def test_a_step_allowed_now_still_shows_its_form(client, cast):
    from decisions.services import decision_submit

    decision = complete_draft(drafter=cast.drafter)
    decision_submit(decision=decision, by=cast.drafter)
    client.force_login(cast.ceo)
    response = client.get(reverse("decisions:action", args=[decision.pk, "return"]))
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()


def test_a_step_the_user_may_not_take_is_forbidden_before_its_form(client, cast, role_users):
    from core import roles

    draft = complete_draft(drafter=cast.drafter)
    client.force_login(role_users[roles.AUDITOR])
    assert client.get(reverse("decisions:action", args=[draft.pk, "submit"])).status_code == 403
