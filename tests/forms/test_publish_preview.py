"""'Publish' on the due list shows first what the public will see (the Part 1 page as the register lays it out, and a
link to the Part 1 PDF) and publishes only on the preview's confirming POST."""

import html
import re

import pytest
from django.urls import reverse

from decisions.choices import DecisionStatus, ParagraphStyle, Part, SectionKind
from decisions.models import Decision, Paragraph, Section
from tests.builders import complete_draft, drive

pytestmark = pytest.mark.django_db

CONFIDENTIAL = "The confidential price per force."


@pytest.fixture
def approved(cast):
    decision = complete_draft(drafter=cast.drafter, title="Accepting the Digital Public Contact variation")
    part_2 = Section.objects.create(
        decision=decision,
        part=Part.PART_2,
        position=9,
        kind=SectionKind.OTHER,
        heading="Costs",
        non_publication_rationale="Commercial interests.",
        paragraph_style=ParagraphStyle.NUMBERED,
    )
    Paragraph.objects.create(section=part_2, position=1, text=CONFIDENTIAL)
    return drive(decision, to=DecisionStatus.APPROVED, cast=cast)


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_publish_on_the_due_list_leads_to_the_preview(client, cast, approved):
    client.force_login(cast.governance)
    page = client.get(reverse("register:due")).content.decode()
    url = reverse("register:publish", args=[approved.pk])
    assert re.search(rf'<a class="govuk-button[^"]*"[^>]*href="{url}">Publish', page)
    assert f'action="{url}"' not in page


def test_the_preview_shows_the_public_page_without_part_2_and_the_pdf(client, cast, approved):
    client.force_login(cast.governance)
    response = client.get(reverse("register:publish", args=[approved.pk]))

    assert response.status_code == 200
    text = _text(response)
    assert text.startswith(f"Check what the public will see: {approved.reference}")
    assert "Accepting the Digital Public Contact variation" in text
    assert "This paper seeks approval to accept additional Home Office funding." in text
    assert CONFIDENTIAL not in text
    assert "Part 2 is confidential" not in text
    assert reverse("records:document", args=[approved.pk, "part_1"]) in response.content.decode()
    assert 'name="confirm" value="publish"' in response.content.decode()
    assert Decision.objects.get(pk=approved.pk).status == DecisionStatus.APPROVED


def test_only_the_confirming_post_publishes(client, cast, approved):
    client.force_login(cast.governance)
    url = reverse("register:publish", args=[approved.pk])

    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 302 and unconfirmed["Location"] == url
    assert Decision.objects.get(pk=approved.pk).status == DecisionStatus.APPROVED

    confirmed = client.post(url, {"confirm": "publish"}, follow=True)
    assert confirmed.redirect_chain[-1][0] == reverse("register:due")
    assert f"{approved.reference} is now on the public register." in _text(confirmed)
    assert Decision.objects.get(pk=approved.pk).status == DecisionStatus.PUBLISHED


def test_the_preview_needs_the_permission_to_publish(client, cast, role_users, approved):
    from core import roles

    client.force_login(role_users[roles.FINANCE_OFFICER])
    assert client.get(reverse("register:publish", args=[approved.pk])).status_code == 403


def test_the_decision_pages_publish_step_leads_to_the_preview_and_never_publishes_by_itself(client, cast, approved):
    client.force_login(cast.governance)
    step = reverse("decisions:action", args=[approved.pk, "publish"])
    preview = reverse("register:publish", args=[approved.pk])

    assert client.get(step)["Location"] == preview
    assert client.post(step)["Location"] == preview
    assert Decision.objects.get(pk=approved.pk).status == DecisionStatus.APPROVED
    page = client.get(reverse("decisions:detail", args=[approved.pk])).content.decode()
    assert f'href="{preview}"' in page and f'href="{step}"' not in page


def test_a_confirming_post_for_a_decision_not_due_is_refused_with_the_reason(client, cast, approved):
    import datetime as dt

    import pgtrigger

    with pgtrigger.ignore("decisions.Decision:decision_frozen_after_approval"):
        Decision.objects.filter(pk=approved.pk).update(
            part_1_deferred=True, deferral_reason="Market sensitive.", deferral_until=dt.date(2099, 1, 1)
        )
    client.force_login(cast.governance)

    response = client.post(reverse("register:publish", args=[approved.pk]), {"confirm": "publish"}, follow=True)

    assert f"{approved.reference} cannot be published now" in _text(response)
    assert Decision.objects.get(pk=approved.pk).status == DecisionStatus.APPROVED
