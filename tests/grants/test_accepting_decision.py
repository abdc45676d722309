"""From a grant's page, recording the decision that accepted it: one of the recipient's approved decisions, or one
signed on paper entered there and then; never a grant left offered naming an approved decision."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from decisions.choices import DecisionStatus, SignOffMethod
from decisions.models import Decision
from decisions.paper import decision_record_from_paper
from decisions.services import decision_link_grant
from grants.choices import GrantStatus, OrganisationKind
from grants.models import Grant, Organisation
from tests.builders import complete_draft, grant_685

pytestmark = pytest.mark.django_db

LINK = "Record the decision that accepted this grant"


@pytest.fixture
def finance(role_users):
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def grant():
    """Grant 685 as offered: £20.698m, awarded on 01/11/2024, not yet accepted."""
    return grant_685()


def url_of(grant) -> str:
    return reverse("decisions:record_grant_acceptance", args=[grant.pk])


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def paper(reference: str, *, by, body, decided_on=dt.date(2024, 12, 12)) -> Decision:
    return decision_record_from_paper(
        by=by,
        policing_body=body,
        reference=reference,
        title="Digital Public Contact (DPC) Programme Grant for 2024/2025",
        consulted_name="Grace Okonjo-Lind",
        consulted_on=decided_on - dt.timedelta(days=1),
        decision_maker_name="Daniel Ashcombe",
        decided_on=decided_on,
    )


def paper_form(**overrides) -> dict:
    data = {
        "how": "paper",
        "reference": "PCD 1763",
        "title": "Digital Public Contact (DPC) Programme Grant for 2024/2025",
        "form_type": "mopac_pcd",
        "consulted_name": "Grace Okonjo-Lind",
        "consulted_on": "11/12/2024",
        "decision_maker_name": "Daniel Ashcombe",
        "decided_on": "12/12/2024",
        "published_on": "",
    }
    return {**data, **overrides}


def test_the_grant_page_links_to_it_while_the_grant_is_offered(client, role_users, grant, finance):
    page_url = reverse("grants:detail", args=[grant.pk])
    client.force_login(finance)
    page = client.get(page_url).content.decode()
    assert LINK in page and f'href="{url_of(grant)}"' in page

    client.force_login(role_users[roles.AUDITOR])
    assert LINK not in client.get(page_url).content.decode()
    assert client.get(url_of(grant)).status_code == 403

    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.DECLINED)
    client.force_login(finance)
    assert LINK not in client.get(page_url).content.decode()


def test_only_approved_decisions_of_the_recipient_are_offered(client, finance, grant, cast):
    approved = paper("PCD 1763", by=finance, body=grant.recipient)
    lancashire = Organisation.objects.create(name="Lancashire PCC", kind=OrganisationKind.POLICING_BODY)
    paper("LANC 2024/07", by=finance, body=lancashire)
    complete_draft(drafter=cast.drafter, reference="PCD 2100")
    client.force_login(finance)

    page = client.get(url_of(grant)).content.decode()

    select = page[
        page.index('name="accepting_decision"') : page.index("</select>", page.index('name="accepting_decision"'))
    ]
    assert re.findall(r'<option value="(\d+)"', select) == [str(approved.pk)]
    assert "PCD 1763: Digital Public Contact (DPC) Programme Grant for 2024/2025 (decided 12/12/2024)" in select


def test_a_finance_officer_records_acceptance_by_an_approved_decision(client, finance, grant):
    approved = paper("PCD 1763", by=finance, body=grant.recipient)
    client.force_login(finance)

    response = client.post(url_of(grant), {"how": "existing", "accepting_decision": str(approved.pk)}, follow=True)

    assert response.redirect_chain == [(reverse("grants:detail", args=[grant.pk]), 302)]
    assert "Grant 685 recorded as accepted by PCD 1763 on 12/12/2024." in text_of(response)
    grant.refresh_from_db()
    assert (grant.status, grant.accepting_decision, grant.accepted_on) == (
        GrantStatus.ACCEPTED,
        approved,
        dt.date(2024, 12, 12),
    )


def test_a_decision_signed_on_paper_is_recorded_and_accepts_the_grant(client, finance, grant):
    client.force_login(finance)

    client.post(url_of(grant), paper_form(published_on="13/12/2024"))

    decision = Decision.objects.get(reference="PCD 1763")
    assert decision.status == DecisionStatus.PUBLISHED
    assert decision.policing_body == grant.recipient
    assert [(s.printed_name, s.signed_on, s.method, s.recorded_by) for s in decision.sign_offs.order_by("pk")] == [
        ("Grace Okonjo-Lind", dt.date(2024, 12, 11), SignOffMethod.PAPER_RECORD, finance),
        ("Daniel Ashcombe", dt.date(2024, 12, 12), SignOffMethod.PAPER_RECORD, finance),
    ]
    grant.refresh_from_db()
    assert (grant.status, grant.accepting_decision, grant.accepted_on) == (
        GrantStatus.ACCEPTED,
        decision,
        dt.date(2024, 12, 12),
    )


def test_with_no_approved_decision_only_the_paper_form_is_asked_for(client, finance, grant):
    client.force_login(finance)

    page = client.get(url_of(grant)).content.decode()

    assert "No approved decision of Mayor&#x27;s Office for Policing and Crime (MOPAC) is recorded here." in page
    assert 'name="accepting_decision"' not in page
    assert 'name="reference"' in page
    client.post(url_of(grant), paper_form(how=""))
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.ACCEPTED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reference": ""}, "reference", "Enter the reference printed on the paper form, for example PCD 1763."),
        (
            {"decision_maker_name": ""},
            "decision_maker_name",
            "Enter the name of the decision-maker, as printed under the signature.",
        ),
        ({"decided_on": "12-12-2024"}, "decided_on", "Date the decision-maker signed must be a real date."),
        ({"form_type": ""}, "form_type_0", "Choose the form the decision was signed on."),
        (
            {"decided_on": (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")},
            "decided_on",
            "A paper form already signed cannot be dated in the future.",
        ),
        (
            {"consulted_on": "13/12/2024"},
            "consulted_on",
            "The consulted officer signs on or before the decision-maker.",
        ),
        (
            {"consulted_on": "01/10/2024", "decided_on": "02/10/2024"},
            "decided_on",
            "Grant 685 was awarded on 01/11/2024: the decision that accepted it is dated after that.",
        ),
        ({"published_on": "01/12/2024"}, "published_on", "A decision cannot be published before it was taken."),
        (
            {"published_on": (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")},
            "published_on",
            "A decision cannot be recorded as published on a date still to come.",
        ),
    ],
)
def test_a_bad_paper_form_is_explained_and_nothing_is_recorded(client, finance, grant, overrides, field, message):
    client.force_login(finance)

    response = client.post(url_of(grant), paper_form(**overrides))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    assert message in summary
    # A date's link lands on its first box (the day), every other field's on the field.
    assert f'href="#id_{field}"' in summary or f'href="#id_{field}_day"' in summary
    assert 'value="Daniel Ashcombe"' in page or field == "decision_maker_name"  # what was typed is kept
    assert not Decision.objects.exists()
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.OFFERED


def test_a_reference_already_used_is_refused(client, finance, grant):
    paper("PCD 1763", by=finance, body=grant.recipient)
    client.force_login(finance)

    response = client.post(url_of(grant), paper_form())

    assert "A decision with this reference already exists." in text_of(response)
    assert Decision.objects.count() == 1
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.OFFERED


def test_choosing_nothing_is_explained(client, finance, grant):
    paper("PCD 1763", by=finance, body=grant.recipient)
    client.force_login(finance)

    nothing = client.post(url_of(grant), {})
    no_decision = client.post(url_of(grant), {"how": "existing", "accepting_decision": ""})

    assert "Choose a decision already recorded, or enter one signed on paper." in text_of(nothing)
    assert "Choose the decision from the list." in text_of(no_decision)
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.OFFERED


def test_an_accepted_grant_is_not_accepted_again(client, finance, grant):
    first = paper("PCD 1763", by=finance, body=grant.recipient)
    second = paper("PCD 1764", by=finance, body=grant.recipient)
    client.force_login(finance)
    client.post(url_of(grant), {"how": "existing", "accepting_decision": str(first.pk)})

    response = client.post(url_of(grant), {"how": "existing", "accepting_decision": str(second.pk)})

    assert "Grant 685 is accepted: only an offered grant is recorded as accepted here." in text_of(response)
    assert Grant.objects.get(pk=grant.pk).accepting_decision == first


def test_a_grant_a_draft_is_to_accept_is_not_recorded_as_accepted_by_another(client, finance, grant, cast):
    draft = complete_draft(drafter=cast.drafter)
    decision_link_grant(decision=draft, grant=grant, by=cast.drafter, accepts=True)
    approved = paper("PCD 1763", by=finance, body=grant.recipient)
    client.force_login(finance)

    page = client.get(reverse("grants:detail", args=[grant.pk]))
    response = client.post(url_of(grant), {"how": "existing", "accepting_decision": str(approved.pk)})

    assert f"{draft.reference} accepts this grant when it is approved." in text_of(page)
    assert LINK not in page.content.decode()
    assert f"{draft.reference} is already named as the decision that accepts this grant" in text_of(response)
    grant.refresh_from_db()
    assert (grant.status, grant.accepting_decision) == (GrantStatus.OFFERED, draft)


def test_an_auditor_cannot_record_an_acceptance(client, role_users, grant):
    client.force_login(role_users[roles.AUDITOR])

    assert client.post(url_of(grant), paper_form()).status_code == 403
    assert not Decision.objects.exists()
