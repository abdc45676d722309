"""The forces pages: who may see them, the dashboard's figures, the plans table, a force's page, a plan's steps."""

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from forces.choices import Stage
from forces.models import Force, OnboardingPlan, Service
from forces.services import plan_go_live, plan_record_intent, plan_start_onboarding
from forces.tables import OnboardingPlanTable

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("forces:dashboard")
PLANS = reverse("forces:plans")
LANCASHIRE_PAGE = reverse("forces:force", kwargs={"slug": "lancashire-constabulary"})
HEADERS = [
    "Force",
    "Policing body",
    "Service",
    "Stage",
    "Statement of intent",
    "On-boarding started",
    "Went live",
    "Withdrawn",
    "Target financial year",
    "s22A agreement signed",
    "Decisions",
]


def text_of(response) -> str:
    """The page's text with tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def action_url(plan: OnboardingPlan, action: str) -> str:
    return reverse("forces:plan_action", kwargs={"pk": plan.pk, "action": action})


# --- Who may see what ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, PLANS, LANCASHIRE_PAGE])
def test_anonymous_visitors_are_sent_to_sign_in(client, demo, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [DASHBOARD, PLANS, LANCASHIRE_PAGE])
def test_users_without_the_permission_are_refused(client, demo, nobody, url):
    client.force_login(nobody)
    assert client.get(url).status_code == 403


def test_a_finance_officer_can_read_but_not_start_on_boarding(client, finance, lancashire_mypolice):
    client.force_login(finance)
    assert client.get(DASHBOARD).status_code == 200
    page = client.get(LANCASHIRE_PAGE)
    assert page.status_code == 200
    assert action_url(lancashire_mypolice, "start") not in page.content.decode()
    assert client.get(action_url(lancashire_mypolice, "start")).status_code == 403
    response = client.post(action_url(lancashire_mypolice, "start"), {"started_on": "01/09/2025"})
    assert response.status_code == 403
    lancashire_mypolice.refresh_from_db()
    assert lancashire_mypolice.stage == Stage.STATEMENT_OF_INTENT


# --- Dashboard ----------------------------------------------------------------------------------------------------


def stage_count(response, stage: str) -> int:
    match = re.search(rf'data-stage="{stage}">\s*<th[^>]*>[^<]*</th>\s*<td[^>]*>(\d+)</td>', response.content.decode())
    return int(match[1])


def test_the_dashboard_shows_soh_by_default_with_the_demo_counts(client, governance, demo):
    client.force_login(governance)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["service"].code == "soh"
    assert stage_count(response, "live") == 41
    assert stage_count(response, "onboarding_started") == 2
    assert stage_count(response, "statement_of_intent") == 0
    assert stage_count(response, "withdrawn") == 0
    assert [force.slug for force in response.context["onboarding_forces"]] == [
        "avon-and-somerset-constabulary",
        "west-yorkshire-police",
    ]
    text = text_of(response)
    assert "On-boarding now: Avon and Somerset Constabulary , West Yorkshire Police" in text


def test_the_dashboard_states_the_cost_share_and_how_it_is_estimated(client, governance, demo):
    client.force_login(governance)
    text = text_of(client.get(DASHBOARD))
    assert "Estimated cost to each force: £102,000.00 a year, with 43 forces on board." in text
    assert "Counting only the 41 forces live, the estimate would be £105,308.59." in text
    assert "a fixed part of £34,173.91" in text
    assert "a pool of £2,916,521.74" in text


def test_the_dashboard_switches_service(client, governance, mypolice):
    client.force_login(governance)
    response = client.get(DASHBOARD, {"service": "mypolice-portal"})
    assert response.context["service"] == mypolice
    assert stage_count(response, "live") == 3
    assert stage_count(response, "statement_of_intent") == 1
    assert "two are needed to estimate a cost" in text_of(response)


def test_the_dashboard_picture_is_well_formed_svg_with_a_text_alternative(client, governance, demo):
    client.force_login(governance)
    response = client.get(DASHBOARD)
    html = response.content.decode()
    svgs = re.findall(r"<svg xmlns=\"http://www.w3.org/2000/svg\".*?</svg>", html, re.DOTALL)
    texts = set()
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - our own markup
        assert root.get("role") == "img" and root.find("{http://www.w3.org/2000/svg}desc").text
        texts |= {text.text for text in root.iter("{http://www.w3.org/2000/svg}text")}
        assert "<script" not in svg
    assert {"Forces live", "Cost per force a year", "Forces on board", "£180K each with 20"} <= texts
    # Progress in words: how many are live, and who is still to come and when.
    progress = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('id="onboarding-progress"') :]).split())
    assert progress.startswith('id="onboarding-progress"> 41 of 43 forces live on Single Online Home')
    assert "Avon and Somerset Constabulary : on-boarding started, target 2026/27" in progress
    # The same numbers as tables: one row per go-live date, one per force.
    assert 'id="live-over-time"' in html
    assert 'id="force-stages"' in html
    assert response.context["steps"][-1].total == 41
    assert len(response.context["force_stages"]) == 43


# --- Plans table --------------------------------------------------------------------------------------------------


def sortable_columns() -> list[str]:
    table = OnboardingPlanTable(OnboardingPlan.objects.none())
    return [column.name for column in table.columns if column.orderable]


def test_the_plans_table_sorts_by_every_sortable_column(client, governance, demo):
    client.force_login(governance)
    columns = sortable_columns()
    assert len(columns) == 10
    for name in columns:
        for sort in (name, f"-{name}"):
            assert client.get(PLANS, {"sort": sort, "per_page": 5}).status_code == 200, sort


def test_the_plans_table_sorted_by_go_live_date(client, governance, demo):
    client.force_login(governance)
    response = client.get(PLANS, {"sort": "live_on", "service": Service.objects.get(code="soh").pk})
    rows = [row.record for row in response.context["table"].page.object_list]
    live_dates = [plan.live_on for plan in rows]
    assert live_dates[:41] == sorted(live_dates[:41])
    assert live_dates[0] == dt.date(2020, 1, 6)
    # The two forces still on-boarding have no date yet: last, by name.
    assert [plan.force.slug for plan in rows[41:]] == ["avon-and-somerset-constabulary", "west-yorkshire-police"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"stage": "onboarding_started"}, 3),
        ({"service": "soh", "stage": "live"}, 41),
        ({"country": "wales", "service": "soh"}, 4),
        ({"policing_body_kind": "mayor", "service": "soh"}, 5),
        ({"target_financial_year": "2026/27"}, 2),
    ],
)
def test_the_plans_table_filters(client, governance, demo, filters, expected):
    client.force_login(governance)
    if "service" in filters:
        filters = {**filters, "service": Service.objects.get(code=filters["service"]).pk}
    response = client.get(PLANS, filters)
    assert response.status_code == 200
    assert len(response.context["table"].rows) == expected


def test_the_plans_table_query_count_does_not_grow_with_rows(client, governance, demo):
    client.force_login(governance)
    client.get(PLANS)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(PLANS, {"stage": "statement_of_intent"}).context["table"].rows) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(PLANS, {"stage": "live"}).context["table"].rows) == 44
    assert len(many) == len(few)


def test_the_plans_exports_are_formula_safe(client, governance, demo):
    Force.objects.filter(slug="lancashire-constabulary").update(policing_body_name='=HYPERLINK("http://x.example")')
    client.force_login(governance)
    response = client.get(PLANS, {"_export": "csv", "sort": "force"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == HEADERS
    lancashire = [row for row in rows if row[0] == "Lancashire Constabulary"]
    assert {row[1] for row in lancashire} == {'\'=HYPERLINK("http://x.example")'}
    soh = next(row for row in lancashire if row[2] == "Single Online Home")
    assert soh[3:] == ["Live", "2019-03-11", "2020-02-03", "2020-10-05", "", "2020/21", "Yes", "LANC 2019/07"]

    response = client.get(PLANS, {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == HEADERS
    assert '\'=HYPERLINK("http://x.example")' in {row[1] for row in values[1:]}


# --- A force's page -----------------------------------------------------------------------------------------------


def test_the_lancashire_page_shows_its_soh_plan_through_to_live(client, governance, demo):
    client.force_login(governance)
    response = client.get(LANCASHIRE_PAGE)
    assert response.status_code == 200
    text = text_of(response)
    assert "Police and Crime Commissioner for Lancashire (Police and Crime Commissioner)" in text
    assert "Chief officer Chief Constable" in text
    assert (
        "Stages of the Single Online Home plan Stage Date Statement of intent 11/03/2019 "
        "On-boarding started 03/02/2020 Live 05/10/2020"
    ) in text
    # The demo loads the plan as it stands today: its history holds one record, made at live.
    soh_plan = next(entry for entry in response.context["plans"] if entry[0].plan.service.code == "soh")[0]
    assert [change.stage for change in soh_plan.changes] == [Stage.LIVE]
    assert "Recorded at Live" in text


def test_a_plan_taken_through_its_stages_shows_each_in_its_history(client, governance, lancashire):
    livechat = Service.objects.get(code="livechat")
    agreement = lancashire.agreements.get()
    agreement.services.add(livechat)
    plan = plan_record_intent(force=lancashire, service=livechat, by=governance, intent_signed_on=dt.date(2025, 1, 6))
    plan_start_onboarding(plan=plan, by=governance, started_on=dt.date(2025, 3, 3))
    plan_go_live(plan=plan, by=governance, live_on=dt.date(2025, 9, 1))

    client.force_login(governance)
    response = client.get(LANCASHIRE_PAGE)
    entry = next(entry for entry, _actions in response.context["plans"] if entry.plan.pk == plan.pk)
    assert [change.stage for change in entry.changes] == [
        Stage.STATEMENT_OF_INTENT,
        Stage.ONBOARDING_STARTED,
        Stage.LIVE,
    ]
    assert [change.reason for change in entry.changes] == [
        "Statement of intent recorded",
        "On-boarding started",
        "Went live",
    ]
    text = text_of(response)
    assert (
        "Stages of the LiveChat plan Stage Date Statement of intent 06/01/2025 On-boarding started 03/03/2025 "
        "Live 01/09/2025"
    ) in text
    assert "Recorded at Statement of intent" in text


def test_the_lancashire_page_shows_its_agreement_signatories_witnesses_and_decisions(client, governance, demo):
    client.force_login(governance)
    response = client.get(LANCASHIRE_PAGE)
    agreement = response.context["agreements"][0]
    text = text_of(response)
    assert agreement.title in text
    assert "Published by title and objective (s23E), 05/08/2019" in text
    for signatory in agreement.signatories.all():
        assert signatory.party in text
        assert signatory.signed_by_name in text
        assert signatory.witness_name in text
        assert signatory.witness_occupation in text
    decision = response.context["decisions"][0]
    assert decision.reference == "LANC 2019/07"
    assert reverse("decisions:detail", kwargs={"pk": decision.pk}) in response.content.decode()


def test_an_unknown_force_is_not_found(client, governance, demo):
    client.force_login(governance)
    assert client.get(reverse("forces:force", kwargs={"slug": "atlantis-police"})).status_code == 404


# --- A plan's steps -----------------------------------------------------------------------------------------------


def test_starting_without_an_agreement_shows_the_refusal_on_the_page(client, governance, lancashire_mypolice):
    client.force_login(governance)
    page = client.get(LANCASHIRE_PAGE)
    assert action_url(lancashire_mypolice, "start") in page.content.decode()
    response = client.post(action_url(lancashire_mypolice, "start"), {"started_on": "01/09/2025"})
    assert response.status_code == 200
    assert (
        "Lancashire Constabulary cannot start on-boarding to MyPolice Portal: there is no Section 22A "
        "collaboration agreement yet."
    ) in text_of(response)
    lancashire_mypolice.refresh_from_db()
    assert lancashire_mypolice.stage == Stage.STATEMENT_OF_INTENT


def test_going_live_from_the_page(client, governance, demo):
    plan = OnboardingPlan.objects.get(force__slug="west-yorkshire-police", service__code="soh")
    client.force_login(governance)
    assert client.get(action_url(plan, "go-live")).status_code == 200
    response = client.post(action_url(plan, "go-live"), {"live_on": "06/04/2026"})
    assert response.status_code == 302
    assert response["Location"] == reverse("forces:force", kwargs={"slug": "west-yorkshire-police"})
    plan.refresh_from_db()
    assert plan.stage == Stage.LIVE
    assert plan.live_on == dt.date(2026, 4, 6)


def test_withdrawing_from_the_page_needs_a_reason(client, governance, lancashire_mypolice):
    client.force_login(governance)
    response = client.post(action_url(lancashire_mypolice, "withdraw"), {"withdrawn_on": "01/09/2025", "reason": ""})
    assert response.status_code == 200
    assert "Give a reason" in text_of(response)
    response = client.post(
        action_url(lancashire_mypolice, "withdraw"), {"withdrawn_on": "01/09/2025", "reason": "No budget this year."}
    )
    assert response.status_code == 302
    lancashire_mypolice.refresh_from_db()
    assert lancashire_mypolice.stage == Stage.WITHDRAWN


def test_an_unknown_step_is_not_found(client, governance, lancashire_mypolice):
    client.force_login(governance)
    assert client.get(action_url(lancashire_mypolice, "teleport")).status_code == 404


def test_governance_records_a_statement_of_intent_from_the_force_page(client, role_users, lancashire):
    from forces.choices import Stage
    from forces.models import OnboardingPlan, Service

    livechat = Service.objects.get(code="livechat")
    client.force_login(role_users[roles.GOVERNANCE])
    page = client.get(reverse("forces:force", args=[lancashire.slug])).content.decode()
    url = reverse("forces:record_intent", args=[lancashire.slug])
    assert url in page

    empty = client.post(url, {})
    assert "Select the service the force intends to join." in empty.content.decode()
    assert "Enter the date." in empty.content.decode()

    response = client.post(
        url,
        {"service": livechat.pk, "intent_signed_on": "08/04/2025", "target_financial_year": "2026/27"},
    )
    assert response.status_code == 302
    plan = OnboardingPlan.objects.get(force=lancashire, service=livechat)
    assert plan.stage == Stage.STATEMENT_OF_INTENT
    assert str(plan.target_financial_year) == "2026/27"
    # A service the force already has a plan for is not offered again.
    again = client.get(url)
    assert livechat not in again.context["form"].fields["service"].queryset


def test_only_those_who_may_add_plans_record_a_statement_of_intent(client, role_users, lancashire):
    client.force_login(role_users[roles.AUDITOR])
    assert client.get(reverse("forces:record_intent", args=[lancashire.slug])).status_code == 403
    assert (
        reverse("forces:record_intent", args=[lancashire.slug])
        not in client.get(reverse("forces:force", args=[lancashire.slug])).content.decode()
    )
