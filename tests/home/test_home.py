"""The home page at ``/``: a start page for visitors, a clear page for someone with no role, and for each role the
part that says what needs them next, each item linking to where the work is done."""

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.working_days import working_day_deadline, working_days_between
from decisions import progress
from decisions.choices import DecisionStatus
from decisions.drafting import decision_draft_from_variation
from decisions.models import Decision, DecisionEvent
from decisions.models.events import EventAction
from grants.choices import VariationKind
from grants.models import Grant, GrantVariation
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
from tests.builders import (
    PASSWORD,
    appoint,
    complete_draft,
    create_user,
    decision_in,
    grant_685,
    make_submittable,
    match_funding_variation,
    mopac,
    perform,
)

pytestmark = pytest.mark.django_db


def _home(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """The words of the page's main content, as a reader meets them."""
    main = html[html.index('id="main-content"') : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#x27;", "'").split())


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


# --- Visitors and people without a role -----------------------------------------------------------------------------


def test_a_visitor_sees_a_start_page_with_the_register_the_pdf_check_and_sign_in(client):
    html = _home(client)
    text = _text(html)
    assert "Policing Grant Decisions" in text
    assert "drafts, signs and publishes the formal decisions" in text
    for url in (reverse("register:list"), reverse("records:verify"), reverse("login")):
        assert f'href="{url}"' in html, url
    assert "Your tasks" not in text


def test_someone_signed_in_with_no_role_is_told_what_the_service_is_and_who_to_ask(client, make_user):
    html = _home(client, make_user("test-newcomer"))
    text = _text(html)
    assert "You do not have a role in this service yet" in text
    assert "Ask the service's administrator" in text
    assert f'href="{reverse("register:list")}"' in html


def test_signing_in_lands_on_the_home_page(client, role_users):
    response = client.post(reverse("login"), {"username": "test-governance", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Publication" in _headings(_home(client))


# --- Chief Executive and decision-maker -----------------------------------------------------------------------------


@pytest.fixture
def waiting_for_ceo(cast, role_users):
    """A draft started from grant 685's +£1.87m variation, submitted: waiting for the Chief Executive."""
    variation = match_funding_variation(grant_685())
    decision = decision_draft_from_variation(variation=variation, by=cast.drafter)
    make_submittable(decision, by=cast.drafter)
    return perform("submit", decision, by=cast.drafter)


def test_the_chief_executive_sees_what_waits_with_when_how_long_how_much_and_who_signs_next(
    client, cast, waiting_for_ceo, monkeypatch
):
    submitted = DecisionEvent.objects.get(decision=waiting_for_ceo, action=EventAction.SUBMITTED).at
    later = submitted + dt.timedelta(days=9)
    monkeypatch.setattr(progress, "now", lambda: later)
    html = _home(client, cast.ceo)
    text = _text(html)
    days = working_days_between(timezone.localdate(submitted), timezone.localdate(later))
    assert days >= 5
    assert "1 decision waits for your signature" in text
    assert f"Sign {waiting_for_ceo.reference}" in text
    assert f'href="{reverse("decisions:sign", args=[waiting_for_ceo.pk])}"' in html
    assert f"Submitted: {timezone.localtime(submitted):%d/%m/%Y %H:%M}" in text
    assert f"Waiting {days} working days" in text
    assert "Amount: £1,870,000.00" in text
    assert f"Signs after you: Deputy Mayor for Policing and Crime ({cast.dmpc.get_full_name()})" in text


def test_the_decision_maker_sees_it_once_cleared_and_the_chief_executive_sees_it_with_the_decision_maker(
    client, cast, waiting_for_ceo
):
    assert "Nothing is waiting for your signature." in _text(_home(client, cast.dmpc))
    perform("clear", waiting_for_ceo, by=cast.ceo)
    text = _text(_home(client, cast.dmpc))
    assert f"Sign {waiting_for_ceo.reference}" in text
    assert "Signs after you: No one: this signature decides" in text
    text = _text(_home(client, cast.ceo))
    assert "Nothing is waiting for your signature." in text
    assert "Signed by you, waiting for others" in text
    assert f"with the Deputy Mayor for Policing and Crime ({cast.dmpc.get_full_name()}), 0 working days" in text


def test_a_long_list_shows_ten_and_links_to_all(client, cast):
    for number in range(12):
        perform("submit", complete_draft(drafter=cast.drafter, title=f"Decision {number}"), by=cast.drafter)
    html = _home(client, cast.ceo)
    assert "12 decisions wait for your signature" in _text(html)
    assert html.count('class="govuk-link govuk-task-list__link"') == 10
    assert f'href="{reverse("decisions:inbox")}">See all 12' in html


# --- Drafting officers ----------------------------------------------------------------------------------------------


def test_a_drafting_officer_sees_their_drafts_and_what_was_returned_with_the_reason(client, cast):
    draft = complete_draft(drafter=cast.drafter, title="Still being written")
    returned = decision_in(DecisionStatus.RETURNED, cast=cast)
    someone_else = complete_draft(drafter=create_user("test-other-drafter", role=roles.DRAFTING_OFFICER))
    html = _home(client, cast.drafter)
    text = _text(html)
    assert f"{draft.reference}: Still being written" in text
    assert f'href="{reverse("decisions:tasks", args=[draft.pk])}"' in html
    assert f"{returned.reference}: {returned.title}" in text
    assert "Reason: “Please add the legal advice.”" in text
    assert f'href="{reverse("decisions:tasks", args=[returned.pk])}"' in html
    assert someone_else.reference not in text
    assert f'href="{reverse("decisions:start")}"' in html


def test_a_drafting_officer_with_nothing_to_do_is_told_so(client, cast):
    text = _text(_home(client, cast.drafter))
    assert "No decision has been returned to you." in text
    assert "You have no drafts." in text
    assert "None of your decisions is waiting for a signature." in text


# --- Governance -----------------------------------------------------------------------------------------------------


def test_governance_sees_what_is_due_deferrals_ending_and_sealing_problems(client, cast, settings):
    settings.PUBLISH_REQUIRES_GOVERNANCE = True
    due = decision_in(DecisionStatus.APPROVED, cast=cast)
    deferred = complete_draft(drafter=cast.drafter, title="Deferred for a while")
    ends = working_day_deadline(timezone.localdate(), 4)
    Decision.objects.filter(pk=deferred.pk).update(
        part_1_deferred=True, deferral_reason="Commercial negotiations continue.", deferral_until=ends
    )
    for action, who in (("submit", cast.drafter), ("clear", cast.ceo), ("approve", cast.dmpc)):
        deferred = perform(action, deferred, by=who)
    assert DecisionSeal.objects.get(decision=due).status == SealStatus.PENDING  # sealing runs after the commit
    DecisionSeal.objects.filter(decision=due).update(status=SealStatus.FAILED, attempts=3, error="The key is missing")
    html = _home(client, cast.governance)
    text = _text(html)
    assert f"Publish {due.reference}" in text
    assert f'href="{reverse("register:due")}"' in html
    assert f"{deferred.reference}: Deferred for a while — deferred until {ends:%d/%m/%Y}" in text
    assert f"{due.reference}</a>: Sealing failed (attempt 3): The key is missing" in html


def test_governance_with_nothing_due_is_told_so(client, cast):
    text = _text(_home(client, cast.governance))
    assert "Nothing is due for publication." in text
    assert "No deferral ends in the next 10 working days." in text
    assert "No decision is stuck being sealed." in text


# --- Finance --------------------------------------------------------------------------------------------------------


def test_a_finance_officer_sees_variations_awaiting_a_decision_and_grants_changed(client, role_users, cast):
    grant = grant_685()
    variation = match_funding_variation(grant)
    html = _home(client, role_users[roles.FINANCE_OFFICER])
    text = _text(html)
    assert "Grant 685, variation 1: £1,870,000.00 Digital Public Contact National Policing Programme Grant" in text
    assert "No decision started" in text
    assert f'href="{reverse("grants:detail", args=[grant.pk])}"' in html
    assert "Grants changed in the last 30 days" in text
    assert (
        "685 Digital Public Contact National Policing Programme Grant (2024/25) — £20,698,000.00; variation 1 recorded"
        in text
    )
    decision = decision_draft_from_variation(variation=variation, by=cast.drafter)
    html = _home(client)
    assert f"{decision.reference}: Draft" in _text(html)
    assert f'href="{reverse("decisions:detail", args=[decision.pk])}"' in html


def test_a_finance_officer_with_nothing_waiting_is_told_so(client, role_users):
    text = _text(_home(client, role_users[roles.FINANCE_OFFICER]))
    assert "No grant variation is awaiting a decision." in text
    assert "No grant has changed in the last 30 days." in text


# --- Auditors -------------------------------------------------------------------------------------------------------


def _sealed_document(decision, number: int) -> SealedDocument:
    return SealedDocument.objects.create(
        decision=decision,
        variant=DocumentVariant.PART_1,
        file=f"2025/doc-{number}.pdf",
        sha256=f"{number:064x}",
        size_bytes=1000,
        page_count=3,
        certificate_subject="CN=Test seal",
        certificate_pem="-----BEGIN CERTIFICATE-----",
        content_hash=f"{number:064x}",
    )


def test_an_auditor_sees_what_was_sealed_lately_and_where_to_verify_and_export(client, role_users, cast):
    decision = complete_draft(drafter=cast.drafter, title="Sealed lately")
    _sealed_document(decision, 1)
    html = _home(client, role_users[roles.AUDITOR])
    assert f"{decision.reference}: Sealed lately — sealed" in _text(html)
    for url in (
        reverse("decisions:detail", args=[decision.pk]),
        reverse("records:verify"),
        reverse("records:sealed_list"),
        reverse("register:list") + "?_export=csv",
        reverse("register:open_data"),
    ):
        assert f'href="{url}"' in html, url


def test_an_auditor_with_nothing_sealed_is_told_so(client, role_users):
    assert "Nothing has been sealed yet." in _text(_home(client, role_users[roles.AUDITOR]))


# --- Several roles --------------------------------------------------------------------------------------------------


def test_someone_with_several_roles_sees_each_part_most_pressing_first(client, make_user):
    person = make_user("test-many-hats")
    person.groups.add(*Group.objects.filter(name__in=(roles.AUDITOR, roles.FINANCE_OFFICER, roles.GOVERNANCE)))
    person.groups.add(Group.objects.get(name=roles.DRAFTING_OFFICER))
    html = _home(client, person)
    headings = _headings(html)
    assert [h for h in headings if h in ("Your drafts", "Publication", "Grants", "Audit")] == [
        "Your drafts",
        "Publication",
        "Grants",
        "Audit",
    ]
    assert "Waiting for your signature" not in headings
    for anchor in ("#drafting", "#governance", "#finance", "#auditor"):
        assert f'href="{anchor}"' in html


def test_a_chief_executive_who_also_drafts_sees_signing_first(client, cast):
    cast.ceo.groups.add(Group.objects.get(name=roles.DRAFTING_OFFICER))
    headings = _headings(_home(client, cast.ceo))
    assert headings.index("Waiting for your signature") < headings.index("Your drafts")


# --- Queries do not grow with rows ----------------------------------------------------------------------------------


def _rows(count: int, *, start: int, drafter, person) -> None:
    """``count`` of each thing a part lists, made directly (the services would take far longer for a hundred)."""
    body = mopac()
    grant = Grant.objects.filter(funder_reference="Q").first() or Grant.objects.create(
        funder_reference="Q",
        title="Query test grant",
        funder=body,
        recipient=body,
        financial_year="2024/25",
        original_award_amount=Decimal("1000000.00"),
    )
    today = timezone.localdate()
    serial = itertools.count(start * 10)
    for number in range(start, start + count):

        def decision(status, number=number, **extra):
            return Decision.objects.create(
                reference=f"Q {next(serial)}",
                policing_body=body,
                title=f"Query test {number}",
                executive_summary="Something to publish.",
                status=status,
                drafted_by=extra.pop("drafted_by", drafter),
                **extra,
            )

        waiting = decision(DecisionStatus.DRAFT)
        GrantVariation.objects.create(
            grant=grant,
            sequence=number,
            kind=VariationKind.ADDITIONAL_FUNDING,
            amount_change=Decimal("1000.00"),
            letter_reference=f"Letter {number}",
            decision=waiting,
        )
        Decision.objects.filter(pk=waiting.pk).update(status=DecisionStatus.SUBMITTED)
        DecisionEvent.objects.create(
            decision=waiting, action=EventAction.SUBMITTED, from_status="draft", to_status="submitted", actor=drafter
        )
        decision(DecisionStatus.DRAFT, drafted_by=person)
        returned = decision(DecisionStatus.RETURNED, drafted_by=person)
        DecisionEvent.objects.create(
            decision=returned, action=EventAction.RETURNED, from_status="submitted", to_status="returned", note="Why"
        )
        approved = decision(DecisionStatus.APPROVED, decided_on=today)
        DecisionSeal.objects.create(decision=approved, status=SealStatus.FAILED, attempts=1, error="Broken")
        decision(
            DecisionStatus.APPROVED,
            decided_on=today,
            part_1_deferred=True,
            deferral_reason="Later",
            deferral_until=working_day_deadline(today, 3),
        )
        _sealed_document(approved, number)
        Grant.objects.create(
            funder_reference=f"Q{number}",
            title=f"Query grant {number}",
            funder=body,
            recipient=body,
            financial_year="2024/25",
            original_award_amount=Decimal("1000.00"),
        )


def test_the_number_of_queries_does_not_grow_with_the_rows(client, make_user):
    drafter = make_user("test-query-drafter", role=roles.DRAFTING_OFFICER)
    person = make_user("test-every-role", role=roles.CHIEF_EXECUTIVE)
    person.groups.add(*Group.objects.filter(name__in=roles.ALL_ROLES))
    appoint(person, "dmpc")
    client.force_login(person)
    # Past the ten each list shows either way, so that both pages also count the rest.
    _rows(11, start=1, drafter=drafter, person=person)
    with CaptureQueriesContext(connection) as few:
        html = _home(client)
    assert "11 decisions wait for your signature" in _text(html)
    _rows(89, start=12, drafter=drafter, person=person)
    with CaptureQueriesContext(connection) as many:
        html = _home(client)
    text = _text(html)
    assert "100 decisions wait for your signature" in text
    assert "100 drafts in all" in text
    assert len(many.captured_queries) <= len(few.captured_queries), [q["sql"] for q in many.captured_queries]
