"""Drafting a decision in the front office, task by task: what each page saves, refuses and shows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from decisions.choices import DecisionStatus, DeferralUnit, FormType, Part, SectionKind
from decisions.models import Decision, Paragraph, Recommendation
from tests.builders import cast_of, complete_draft, mopac, perform

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(role_users):
    return role_users[roles.DRAFTING_OFFICER]


@pytest.fixture
def draft(drafter):
    return Decision.objects.get(pk=_start(drafter, title="Funding for the Violence Reduction Unit 2026/27").pk)


def _client(client, user):
    client.force_login(user)
    return client


def _start(user, *, title: str) -> Decision:
    from decisions.services import decision_create

    return decision_create(by=user, policing_body=mopac(), title=title)


def _url(name: str, decision: Decision, *args) -> str:
    return reverse(f"decisions:{name}", args=[decision.pk, *args])


def test_a_blank_decision_is_started_in_the_bodys_series(client, drafter):
    body = mopac()

    page = _client(client, drafter).get(reverse("decisions:start"))
    assert "PCD 2000" in page.content.decode()  # the next reference, shown before it is taken

    response = client.post(
        reverse("decisions:start"),
        {"policing_body": body.pk, "form_type": FormType.MOPAC_PCD, "title": "Funding for the VRU"},
    )

    decision = Decision.objects.get()
    assert response.url == _url("tasks", decision)
    assert (decision.reference, decision.title, decision.started_by, decision.drafted_by) == (
        "PCD 2000",
        "Funding for the VRU",
        drafter,
        drafter,
    )


def test_starting_without_answers_says_what_is_missing_and_saves_nothing(client, drafter):
    mopac()

    page = _client(client, drafter).post(reverse("decisions:start"), {"title": "  "})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Choose the policing body the decision is taken for." in text
    assert "Choose the form: a MOPAC decision (PCD) or a PCC decision." in text
    assert "Enter the decision’s title." in text
    assert not Decision.objects.exists()


def test_people_who_do_not_draft_cannot_open_the_drafting_pages(client, role_users, draft):
    for role in (roles.CHIEF_EXECUTIVE, roles.DECISION_MAKER, roles.AUDITOR, roles.GOVERNANCE):
        client.force_login(role_users[role])
        assert client.get(reverse("decisions:start")).status_code == 403
        assert client.get(_url("tasks", draft)).status_code == 403
        assert client.post(_url("task_summary", draft), {"title": "Changed"}).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Funding for the Violence Reduction Unit 2026/27"


def test_the_task_list_shows_each_task_and_its_status(client, drafter, draft):
    page = _client(client, drafter).get(_url("tasks", draft)).content.decode()

    for title in (
        "Title and executive summary",
        "Recommendations",
        "Introduction and background",
        "Equality Comments",
        "Public access to Part 1",
        "Part 2: confidential information",
        "Originating officer declaration",
        "Check the form and submit it",
    ):
        assert title in page
    assert 'id="task-summary-status"' in page
    assert page.count("Not started") >= 8


def test_summary_is_saved_and_the_task_completed(client, drafter, draft):
    response = _client(client, drafter).post(
        _url("task_summary", draft),
        {"title": "Funding for the VRU", "executive_summary": "This paper seeks approval to accept £1.2m."},
    )

    assert response.url == _url("tasks", draft)
    draft.refresh_from_db()
    assert draft.executive_summary == "This paper seeks approval to accept £1.2m."
    page = client.get(_url("tasks", draft)).content.decode()
    status = page.split('id="task-summary-status"')[1].split("</div>")[0]
    assert "Completed" in status


def test_recommendations_are_added_edited_reordered_and_removed_keeping_their_numbers(client, drafter, draft):
    c = _client(client, drafter)
    url = _url("task_recommendations", draft)
    c.post(url, {"new_text": "Approve acceptance of the grant.", "action": "add"})
    c.post(
        url, {f"text_{_rec(draft, 1).pk}": "Approve acceptance of the grant.", "new_text": "Delegate.", "action": "add"}
    )
    first, second = _rec(draft, 1), _rec(draft, 2)

    c.post(
        url, {f"text_{first.pk}": "Approve the grant.", f"text_{second.pk}": "Delegate.", "action": f"up-{second.pk}"}
    )

    assert list(draft.recommendations.order_by("position").values_list("text", flat=True)) == [
        "Delegate.",
        "Approve the grant.",
    ]
    c.post(url, {f"text_{first.pk}": "Approve the grant.", f"text_{second.pk}": "", "action": f"remove-{second.pk}"})
    assert list(draft.recommendations.values_list("position", "text")) == [(1, "Approve the grant.")]


def _rec(decision, position):
    return Recommendation.objects.get(decision=decision, position=position)


def test_emptying_a_recommendation_is_refused_and_what_was_typed_is_kept(client, drafter, draft):
    c = _client(client, drafter)
    url = _url("task_recommendations", draft)
    c.post(url, {"new_text": "Approve acceptance of the grant.", "action": "add"})
    first = _rec(draft, 1)

    page = c.post(url, {f"text_{first.pk}": "  ", "new_text": "A second one I typed.", "action": "save"})

    text = page.content.decode()
    assert "Enter recommendation 1, or remove it." in text
    assert "A second one I typed." in text
    assert draft.recommendations.count() == 1
    assert _rec(draft, 1).text == "Approve acceptance of the grant."


def test_a_section_is_written_with_numbered_paragraphs_and_lettered_items(client, drafter, draft):
    c = _client(client, drafter)
    url = _url("task_section", draft, SectionKind.ISSUES)
    c.post(url, {"paragraph_style": "numbered", "new_text": "The funding supports three outcomes.", "action": "add"})
    lead = Paragraph.objects.get(section__decision=draft, parent=None)
    c.post(
        url,
        {
            "paragraph_style": "numbered",
            f"text_{lead.pk}": "The funding supports three outcomes.",
            f"new_item_{lead.pk}": "Fewer repeat victims.",
            "new_text": "Risks are managed by the programme board.",
            "action": "add",
        },
    )

    section = draft.sections.get(kind=SectionKind.ISSUES)
    assert (section.part, section.position, section.heading) == (Part.PART_1, 2, "Issues for consideration")
    numbers = [(p.number, p.text) for p in Paragraph.objects.filter(section=section).order_by("parent_id", "position")]
    assert ("2.1.", "The funding supports three outcomes.") in numbers
    assert ("2.2.", "Risks are managed by the programme board.") in numbers
    assert ("a.", "Fewer repeat victims.") in numbers
    page = c.get(url).content.decode()
    assert "Paragraph 2.1" in page and "Item a. of paragraph 2.1" in page and "Paragraph 2.3" in page


def test_moving_a_paragraph_renumbers_and_keeps_the_text_typed_elsewhere(client, drafter, draft):
    c = _client(client, drafter)
    url = _url("task_section", draft, SectionKind.INTRODUCTION)
    c.post(url, {"paragraph_style": "numbered", "new_text": "First.", "action": "add"})
    first = Paragraph.objects.get(section__decision=draft)
    c.post(url, {"paragraph_style": "numbered", f"text_{first.pk}": "First.", "new_text": "Second.", "action": "add"})
    second = Paragraph.objects.get(section__decision=draft, position=2)

    c.post(
        url,
        {
            "paragraph_style": "numbered",
            f"text_{first.pk}": "First, edited.",
            f"text_{second.pk}": "Second.",
            "new_text": "",
            "action": f"up-{second.pk}",
        },
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, first.number, first.text) == ("1.1.", "1.2.", "First, edited.")


def test_a_part_2_item_needs_its_rationale_and_is_written_like_a_section(client, drafter, draft):
    c = _client(client, drafter)

    page = c.post(_url("task_part_2", draft), {"heading": "Costs", "rationale": "", "action": "add"})
    assert "Give the legal rationale for not publishing this item (the FOIA exemption)." in page.content.decode()
    assert not draft.sections.filter(part=Part.PART_2).exists()

    response = c.post(
        _url("task_part_2", draft), {"heading": "Costs", "rationale": "Section 43(2) FOIA.", "action": "add"}
    )
    item = draft.sections.get(part=Part.PART_2)
    assert response.url == _url("task_part_2_item", draft, item.pk)
    c.post(
        response.url,
        {
            "heading": "Costs",
            "rationale": "Section 43(2) FOIA.",
            "paragraph_style": "numbered",
            "new_text": "The cost to the force is £102K a year.",
            "action": "save",
        },
    )
    assert item.paragraphs.get().text == "The cost to the force is £102K a year."
    assert draft.has_part_2


def test_a_deferral_of_working_days_is_resolved_to_a_date_when_approved(client, drafter):
    cast = cast_of("defer")
    decision = complete_draft(drafter=cast.drafter)
    client.force_login(cast.drafter)

    client.post(
        _url("task_public_access", decision),
        {
            "deferred": "yes",
            "reason": "Until the contract is signed.",
            "period": "10",
            "unit": DeferralUnit.WORKING_DAYS,
        },
    )
    decision.refresh_from_db()
    assert (decision.deferral_period, decision.deferral_until) == (10, None)
    assert decision.deferral_description == "10 working days after approval"

    for action, by in (("submit", cast.drafter), ("clear", cast.ceo), ("approve", cast.dmpc)):
        perform(action, decision, by=by)

    decision.refresh_from_db()
    from core.working_days import working_day_deadline

    approved_on = decision.decision_date
    assert decision.deferral_until == working_day_deadline(approved_on, 10)
    assert decision.deferral_description.startswith(decision.deferral_until.strftime("%d/%m/%Y"))


def test_a_deferral_without_reason_or_period_lists_each_problem(client, drafter, draft):
    page = _client(client, drafter).post(
        _url("task_public_access", draft), {"deferred": "yes", "reason": "", "period": "abc"}
    )

    text = page.content.decode()
    assert "Say why publication of Part 1 is deferred." in text
    assert "Enter the number of days as a whole number, like 10." in text
    page = client.post(
        _url("task_public_access", draft),
        {"deferred": "yes", "reason": "Contract.", "period": "10", "until": "01/01/2030"},
    )
    assert "Give either a date or a number of days after approval, not both." in page.content.decode()
    page = client.post(_url("task_public_access", draft), {"deferred": "yes", "reason": "Contract.", "period": "10"})
    assert "Choose days or working days." in page.content.decode()
    draft.refresh_from_db()
    assert not draft.part_1_deferred


def test_declarations_are_ticked_by_the_signed_in_officer_and_one_can_be_not_applicable(client, drafter, draft):
    declarations = {d.kind: d for d in draft.declarations.all()}
    data = {f"tick_{d.pk}": "on" for d in declarations.values()}
    data["drafted_by"] = drafter.pk
    data[f"because_{declarations['commercial'].pk}"] = "No contract is let under this grant."

    _client(client, drafter).post(_url("task_declarations", draft), data)

    commercial = draft.declarations.get(kind="commercial")
    assert commercial.statement == "Not applicable because no contract is let under this grant."
    assert (commercial.confirmed, commercial.confirmed_by, commercial.confirmed_on) == (
        True,
        drafter,
        timezone.localdate(),
    )
    assert draft.declarations.filter(confirmed=False).count() == 0


def test_a_refused_submission_links_each_missing_item_to_its_task(client, drafter, draft):
    page = _client(client, drafter).post(_url("task_check", draft)).content.decode()

    assert "There is a problem" in page
    assert f'href="{_url("task_summary", draft)}">Write the executive summary' in page
    assert f'href="{_url("task_recommendations", draft)}">Add at least one recommendation' in page
    assert f'href="{_url("task_section", draft, "legal")}">Write at least one paragraph of “Legal comments”' in page
    assert f'href="{_url("task_declarations", draft)}">Tick the declaration “Financial Advice”' in page
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT


def test_a_decision_being_signed_cannot_be_edited_and_the_task_list_says_why(client, role_users):
    cast = cast_of("frozen")
    decision = complete_draft(drafter=cast.drafter)
    perform("submit", decision, by=cast.drafter)
    client.force_login(cast.drafter)

    response = client.post(_url("task_summary", decision), {"title": "Changed after submission"})

    assert response.url == _url("tasks", decision)
    page = client.get(response.url).content.decode()
    assert "is waiting for signatures: it must be returned for changes before it is edited." in page
    decision.refresh_from_db()
    assert decision.title != "Changed after submission"


def test_a_returned_decision_shows_the_reason_and_what_changed(client):
    cast = cast_of("returned")
    decision = complete_draft(drafter=cast.drafter)
    perform("submit", decision, by=cast.drafter)
    perform("clear", decision, by=cast.ceo)
    perform("return", decision, by=cast.dmpc, reason="Say what the money buys.")
    client.force_login(cast.drafter)
    client.post(
        _url("task_summary", decision),
        {"title": decision.title, "executive_summary": "Now it says what the money buys."},
    )

    page = client.get(_url("tasks", decision)).content.decode()

    assert "Returned for changes" in page
    assert "“Say what the money buys.”" in page
    assert "Executive summary" in page.split('id="changes"')[1].split("</ul>")[0]


def test_the_check_page_shows_the_whole_form_and_submits_it(client):
    cast = cast_of("check")
    decision = complete_draft(drafter=cast.drafter)
    client.force_login(cast.drafter)

    page = client.get(_url("task_check", decision)).content.decode()
    assert "The legal comments in full." in page
    assert reverse("records:preview", args=[decision.pk]) in page

    response = client.post(_url("task_check", decision))

    assert response.url == _url("detail", decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUBMITTED
