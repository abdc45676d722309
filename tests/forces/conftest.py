"""Fixtures for the forces tests: the demo data of ``load_demo`` (43 forces, plans, agreements, cost shares)."""

import pytest

from core import roles
from forces.models import Force, OnboardingPlan, Service

LANCASHIRE = "lancashire-constabulary"


@pytest.fixture
def demo(demo_db, db):
    """The demo database: the 43 forces, their plans, agreements and cost shares."""


@pytest.fixture
def lancashire(demo) -> Force:
    return Force.objects.get(slug=LANCASHIRE)


@pytest.fixture
def soh(demo) -> Service:
    return Service.objects.get(code="soh")


@pytest.fixture
def mypolice(demo) -> Service:
    return Service.objects.get(code="mypolice-portal")


@pytest.fixture
def lancashire_mypolice(lancashire, mypolice) -> OnboardingPlan:
    return OnboardingPlan.objects.get(force=lancashire, service=mypolice)


@pytest.fixture
def governance(role_users):
    """Governance and publication: may change on-boarding plans."""
    return role_users[roles.GOVERNANCE]


@pytest.fixture
def finance(role_users):
    """A finance officer: may read plans and draft decisions, but not change plans."""
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def nobody(make_user):
    """Signed in, with no permissions at all."""
    return make_user("test-nobody")
