"""The decision pages: who can read what, Part 2 kept from those who may not see it, signing in the browser."""

import pytest
from django.urls import reverse

from core import roles
from decisions.choices import DecisionStatus
from decisions.models import Decision, DecisionEvent
from tests.builders import PASSWORD, complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db, db):
    """The demo database (PCD 1838 and the Lancashire form, sealed)."""


def _page(client, user, decision):
    client.force_login(user)
    return client.get(reverse("decisions:detail", args=[decision.pk]))


def test_the_demo_pcd_1838_reads_as_its_form(client, demo, role_users):
    decision = Decision.objects.get(reference="PCD 1838")
    response = _page(client, role_users[roles.AUDITOR], decision)
    assert response.status_code == 200
    text = response.content.decode()
    for heading in (
        "Executive Summary",
        "PART I – NON-CONFIDENTIAL FACTS AND ADVICE TO THE DMPC",
        "1. Introduction and background",
        "3. Financial Comments",
        "7. Background/supporting papers",
        "Originating officer declaration",
        "Public access to information",
    ):
        assert heading in text
    assert "2.1." in text and "a." in text
    assert "07/04/2025" in text and "08/04/2025" in text


def test_part_2_is_shown_only_to_those_who_may_see_it(client, demo, role_users):
    decision = Decision.objects.get(reference__startswith="LANC")
    confidential = "Lancashire Constabulary have signed a statement of intent"
    assert confidential in _page(client, role_users[roles.AUDITOR], decision).content.decode()
    finance_page = _page(client, role_users[roles.FINANCE_OFFICER], decision).content.decode()
    assert confidential not in finance_page
    assert "Is there a Part 2 form – <strong>YES</strong>" in finance_page


def test_anonymous_users_are_sent_to_sign_in_and_users_without_access_are_refused(client, demo, make_user):
    decision = Decision.objects.get(reference="PCD 1838")
    url = reverse("decisions:detail", args=[decision.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(make_user("nobody"))
    assert client.get(url).status_code == 403


def test_signing_in_the_browser_records_the_signature_and_leaves_the_inbox(client, role_users, make_user):
    drafter = role_users[roles.DRAFTING_OFFICER]
    decision = complete_draft(drafter=drafter)
    from decisions.services import decision_submit

    decision_submit(decision=decision, by=drafter)
    ceo = role_users[roles.CHIEF_EXECUTIVE]
    client.force_login(ceo)
    inbox = client.get(reverse("decisions:inbox")).content.decode()
    assert decision.reference in inbox and "Outstanding" in inbox

    sign_url = reverse("decisions:sign", args=[decision.pk])
    page = client.get(sign_url)
    assert "I have been consulted about the proposal" in page.content.decode()
    content_hash = page.context["form"].initial["content_hash"]

    refused = client.post(sign_url, {"statement_confirmed": "on", "password": "wrong", "content_hash": content_hash})
    assert "That password is not right." in refused.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED

    signed = client.post(sign_url, {"statement_confirmed": "on", "password": PASSWORD, "content_hash": content_hash})
    assert signed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CLEARED
    assert list(client.get(reverse("decisions:inbox")).context["table"].data) == []
    event = DecisionEvent.objects.get(decision=decision, action="cleared")
    assert event.actor == ceo and event.client_address == "127.0.0.1"


def test_a_reason_is_required_to_return_a_decision(client, role_users):
    drafter = role_users[roles.DRAFTING_OFFICER]
    decision = complete_draft(drafter=drafter)
    from decisions.services import decision_submit

    decision_submit(decision=decision, by=drafter)
    client.force_login(role_users[roles.CHIEF_EXECUTIVE])
    url = reverse("decisions:action", args=[decision.pk, "return"])
    response = client.post(url, {"reason": ""})
    assert "Give a reason: it is recorded with the decision." in response.content.decode()
    client.post(url, {"reason": "Financial paragraph needs the new total."})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.RETURNED


def test_an_action_the_user_may_not_take_is_forbidden(client, role_users):
    drafter = role_users[roles.DRAFTING_OFFICER]
    decision = complete_draft(drafter=drafter)
    client.force_login(role_users[roles.AUDITOR])
    response = client.post(reverse("decisions:action", args=[decision.pk, "submit"]))
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT


def test_the_inbox_downloads_as_csv_and_xlsx_with_who_is_outstanding(client, role_users):
    import csv
    import io

    import openpyxl

    from decisions.services import decision_submit

    drafter = role_users[roles.DRAFTING_OFFICER]
    decision = complete_draft(drafter=drafter)
    decision.title = '=HYPERLINK("http://example.org")'
    decision.save(update_fields=["title"])
    decision_submit(decision=decision, by=drafter)
    client.force_login(role_users[roles.CHIEF_EXECUTIVE])

    response = client.get(reverse("decisions:inbox"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Reference",
        "Title",
        "Status",
        "Submitted",
        "Waiting",
        "Amount",
        "Signs after you",
        "Signed",
        "Outstanding",
    ]
    assert rows[1][0] == decision.reference
    assert rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][8] == "Chief Executive Officer; Deputy Mayor for Policing and Crime"

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(reverse("decisions:inbox"), {"_export": "xlsx"}).content))
    assert workbook.active["A2"].value == decision.reference
