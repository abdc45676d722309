"""The signing page: the statement printed once, a wrong password clearing only the password, return and reject
offered to those who may, and every paper and decision the form refers to linked so that the signer can open it."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decisions.choices import DecisionStatus, SignOffKind
from decisions.models import SupportingPaper
from decisions.services import signing_statement
from tests.builders import complete_draft, drive, grant_685, match_funding_variation
from tests.grants.test_services import letter_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(cast):
    """A decision waiting for the DMPC, with a PDF paper, a paper that is an earlier decision (PCD 1763), one that is
    a variation, a confidential one, and an earlier decision it refers to."""
    earlier = complete_draft(drafter=cast.drafter, title="Acceptance of grant 685", reference="PCD 1763")
    referred = complete_draft(drafter=cast.drafter, title="Digital Public Contact 2023/24", reference="PCD 1500")
    variation = match_funding_variation(grant_685())
    decision = complete_draft(drafter=cast.drafter)
    pdf = SimpleUploadedFile("business-case.pdf", letter_pdf(), content_type="application/pdf")
    SupportingPaper.objects.create(decision=decision, position=1, title="Business case", file=pdf)
    SupportingPaper.objects.create(decision=decision, position=2, title="PCD 1763", related_decision=earlier)
    SupportingPaper.objects.create(
        decision=decision, position=3, title="685 variation letter", related_variation=variation
    )
    confidential = SimpleUploadedFile("legal-advice.pdf", letter_pdf(), content_type="application/pdf")
    SupportingPaper.objects.create(
        decision=decision, position=4, title="Legal advice", file=confidential, is_confidential=True
    )
    decision.refers_to.add(referred)
    decision = drive(decision, to=DecisionStatus.CLEARED, cast=cast)
    return decision, earlier, referred, variation


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_statement_is_printed_once_where_it_is_ticked(client, cast, cleared):
    decision = cleared[0]
    client.force_login(cast.dmpc)
    response = client.get(reverse("decisions:sign", args=[decision.pk]))
    statement = " ".join(signing_statement(decision, SignOffKind.DMPC).split())
    assert _text(response).count(statement) == 1
    assert "The statement you sign is at the end, where you tick it." in _text(response)


def test_a_wrong_password_keeps_the_tick_and_the_interests(client, cast, cleared):
    decision = cleared[0]
    client.force_login(cast.dmpc)
    url = reverse("decisions:sign", args=[decision.pk])
    content_hash = client.get(url).context["form"].initial["content_hash"]

    response = client.post(
        url,
        {
            "statement_confirmed": "on",
            "interests": "I sit on the board of a supplier.",
            "password": "not-my-password",
            "content_hash": content_hash,
        },
    )

    page = response.content.decode()
    assert "That password is not right." in page
    assert "<title>Error: Sign " in page
    assert re.search(r'<input class="govuk-checkboxes__input" id="id_statement_confirmed"[^>]*\schecked>', page)
    assert "I sit on the board of a supplier.</textarea>" in page
    assert re.search(r'<input class="[^"]*" id="id_password" name="password" type="password"[^>]*>', page)
    assert 'name="password" type="password" value=' not in page
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CLEARED


def test_return_and_reject_are_offered_to_those_who_may(client, cast, cleared):
    decision = cleared[0]
    client.force_login(cast.dmpc)
    page = client.get(reverse("decisions:sign", args=[decision.pk])).content.decode()
    assert reverse("decisions:action", args=[decision.pk, "return"]) in page
    assert reverse("decisions:action", args=[decision.pk, "reject"]) in page


def test_every_paper_and_referred_decision_is_linked(client, cast, cleared):
    decision, earlier, referred, variation = cleared
    client.force_login(cast.dmpc)
    page = client.get(reverse("decisions:sign", args=[decision.pk])).content.decode()

    paper_url = reverse("decisions:paper", args=[decision.pk, 1])
    assert f'href="{paper_url}"' in page
    assert f'href="{reverse("decisions:detail", args=[earlier.pk])}"' in page
    assert f'href="{reverse("decisions:detail", args=[referred.pk])}"' in page
    assert reverse("grants:detail", args=[variation.grant_id]) in page

    download = client.get(paper_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_confidential_paper_is_not_served_to_those_who_may_not_read_part_2(client, cast, role_users, cleared):
    from core import roles

    decision = cleared[0]
    client.force_login(role_users[roles.FINANCE_OFFICER])
    if role_users[roles.FINANCE_OFFICER].has_perm("decisions.view_part_2"):
        pytest.skip("finance officers read Part 2")
    assert client.get(reverse("decisions:paper", args=[decision.pk, 4])).status_code == 404
    assert client.get(reverse("decisions:paper", args=[decision.pk, 1])).status_code == 200
