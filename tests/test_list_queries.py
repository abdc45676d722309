"""Every list page costs the same number of queries with 10 rows as with 1,000 (rows made with ``bulk_create``, so
the suite stays fast): the register (first page, a search, filters, a later page), its open data, the auditor's
portal, the due list, the approver's inbox, the grants and the on-boarding plans."""

import datetime as dt
from decimal import Decimal
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from decisions.choices import DecisionMaker, DecisionStatus, FormType
from decisions.models import Decision
from decisions.models.decision import decided_fields
from forces.models import Force, OnboardingPlan, Service
from grants.models import Grant, GrantVariation, Organisation
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
from register.search import index_decisions
from tests.builders import mopac

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1_000
_numbers = count(10_000)


def _queries(client, url: str, params: dict | None = None) -> int:
    # Each request as the first of its process: what pages remember for a while (the years) is read again.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


def _same_for_few_and_many(client, add, url: str, params: dict | None = None, *, few: int = FEW) -> None:
    add(few)
    with_few = _queries(client, url, params)
    add(MANY - few)
    assert _queries(client, url, params) == with_few


def add_decisions(
    number: int, *, status=DecisionStatus.PUBLISHED, sealed: bool = False, dated: bool = True, **fields
) -> list[Decision]:
    """``number`` decisions in ``status``, cheaply (one insert each for rows, seals, documents, grant links)."""
    body = mopac()
    decisions = []
    for _offset in range(number):
        n = next(_numbers)
        # By position, not by the module-wide number: the first few always fall in 2020/21 (what the filtered
        # pages ask for), however many rows earlier tests made; many spread over five years.
        decided_on = dt.date(2020, 4, 1) + dt.timedelta(days=(_offset * 7) % 2000) if dated else None
        decisions.append(
            Decision(
                reference=f"PCD {n}",
                form_type=FormType.MOPAC_PCD,
                decision_maker=DecisionMaker.DMPC,
                policing_body=body,
                title=f"Digital Public Contact grant variation {n}",
                executive_summary="Accepting additional Home Office funding for Digital Public Contact.",
                **decided_fields(decided_on),
                **fields,
            )
        )
    decisions = Decision.objects.bulk_create(decisions)
    if sealed:
        DecisionSeal.objects.bulk_create(
            DecisionSeal(decision=decision, status=SealStatus.SEALED, attempts=1) for decision in decisions
        )
        SealedDocument.objects.bulk_create(
            SealedDocument(
                decision=decision,
                variant=variant,
                file=f"sealed/{decision.pk}-{variant}.pdf",
                sha256=f"{decision.pk:063d}{variant[0]}",
                size_bytes=100,
                page_count=1,
                certificate_subject="CN=test",
                certificate_pem="-",
                content_hash="a" * 64,
            )
            for decision in decisions
            for variant in (DocumentVariant.PART_1, DocumentVariant.COMPLETE)
        )
        grant = Grant.objects.first() or _grants(1)[0]
        Decision.grants.through.objects.bulk_create(
            Decision.grants.through(decision=decision, grant=grant) for decision in decisions
        )
    # Signed last: links to a signed decision are refused (on PostgreSQL, by its triggers).
    Decision.objects.filter(pk__in=[decision.pk for decision in decisions]).update(
        status=status, published_on=F("decided_on") if status == DecisionStatus.PUBLISHED else None
    )
    index_decisions(decision.pk for decision in decisions)
    return decisions


def _grants(number: int) -> list[Grant]:
    funder, _ = Organisation.objects.get_or_create(name="Home Office", defaults={"short_name": "HO"})
    grants = Grant.objects.bulk_create(
        Grant(
            funder_reference=str(next(_numbers)),
            title="National Policing Programme Grant",
            funder=funder,
            recipient=mopac(),
            financial_year="2024/25",
            original_award_amount=Decimal("1000000.00"),
            awarded_on=dt.date(2024, 5, 1),
        )
        for _ in range(number)
    )
    GrantVariation.objects.bulk_create(
        GrantVariation(grant=grant, sequence=1, amount_change=Decimal("1000.00"), letter_reference="Letter")
        for grant in grants
    )
    return grants


# --- The public register --------------------------------------------------------------------------------------------


REGISTER = reverse("register:list")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"search": "Digital Public Contact"},
        {"financial_year": "2020/21", "decision_maker": DecisionMaker.DMPC},
        {"page": "2"},
        {"sort": "reference"},
    ],
    ids=["first-page", "search", "filtered", "page-2", "sorted"],
)
def test_the_register(client, params):
    add_decisions(1, dated=False)  # one without a date, as imported records are
    # A second page needs more than one page of rows to have any.
    few = 30 if "page" in params else FEW
    _same_for_few_and_many(client, add_decisions, REGISTER, params, few=few)


def test_the_open_data(client):
    _same_for_few_and_many(client, add_decisions, reverse("register:open_data"))


# --- Staff lists ----------------------------------------------------------------------------------------------------


def test_the_auditors_portal(client, role_users):
    client.force_login(role_users[roles.AUDITOR])
    _same_for_few_and_many(client, lambda n: add_decisions(n, sealed=True), reverse("records:sealed_list"))


def test_the_due_list(client, role_users):
    client.force_login(role_users[roles.GOVERNANCE])
    _same_for_few_and_many(client, lambda n: add_decisions(n, status=DecisionStatus.APPROVED), reverse("register:due"))


def test_the_inbox(client, role_users):
    ceo = role_users[roles.CHIEF_EXECUTIVE]
    drafter = role_users[roles.DRAFTING_OFFICER]
    client.force_login(ceo)
    _same_for_few_and_many(
        client,
        lambda n: add_decisions(n, status=DecisionStatus.SUBMITTED, drafted_by=drafter),
        reverse("decisions:inbox"),
    )


def test_the_grants(client, role_users):
    client.force_login(role_users[roles.FINANCE_OFFICER])
    _same_for_few_and_many(client, _grants, reverse("grants:list"))


def test_the_onboarding_plans(client, role_users):
    client.force_login(role_users[roles.GOVERNANCE])
    forces = list(Force.objects.order_by("pk"))
    assert forces, "the 43 forces come with the migrations"

    def add_plans(number: int) -> None:
        made = 0
        while made < number:
            service = Service.objects.create(code=f"service-{next(_numbers)}", name=f"Service {next(_numbers)}")
            batch = forces[: number - made]
            OnboardingPlan.objects.bulk_create(
                OnboardingPlan(force=force, service=service, intent_signed_on=dt.date(2025, 1, 6)) for force in batch
            )
            made += len(batch)

    _same_for_few_and_many(client, add_plans, reverse("forces:plans"))
