"""The roles table (core.roles) is what each role may do: generated checks of every model's permissions, Part 2, the
back office, and every front-office page, for every role."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core import roles
from decisions.models import Decision
from forces.models import Force, OnboardingPlan
from grants.models import Grant

pytestmark = pytest.mark.django_db

ROLE_IDS = {role.name: role.name.split(" ")[0].lower() for role in roles.ROLES}
DOMAIN_MODELS = [model for app in roles.DOMAIN_APPS for model in apps.get_app_config(app).get_models()]


def _everyone(role_users, make_user):
    """Every role's user, and a signed-in user with no role at all."""
    return {**role_users, None: make_user("test-no-role")}


def test_each_group_holds_exactly_what_the_table_gives_its_role():
    available = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in Permission.objects.select_related("content_type")
    }
    for role in roles.ROLES:
        held = {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in Group.objects.get(name=role.name).permissions.select_related("content_type")
        }
        assert held == roles.role_permissions(role, available), role.name


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda model: model._meta.label_lower)
def test_every_role_reads_every_record_and_writes_only_what_the_table_says(role_users, model):
    opts = model._meta
    for role in roles.ROLES:
        user = role_users[role.name]
        assert user.has_perm(f"{opts.app_label}.view_{opts.model_name}"), role.name
        for action in ("add", "change", "delete"):
            permission = f"{opts.app_label}.{action}_{opts.model_name}"
            assert user.has_perm(permission) == roles.role_has(role, permission), (role.name, permission)


def test_only_the_roles_that_name_part_2_may_see_it(role_users):
    for role in roles.ROLES:
        assert role_users[role.name].has_perm(roles.PART_2) == (roles.PART_2 in role.permissions), role.name
    assert not role_users[roles.FINANCE_OFFICER].has_perm(roles.PART_2)


@pytest.mark.parametrize(
    "model_name", ["decisions_decisionevent", "records_decisionseal", "records_sealeddocument", "decisions_signoff"]
)
def test_an_auditor_opens_the_audit_records_in_the_back_office(client, role_users, model_name):
    client.force_login(role_users[roles.AUDITOR])
    assert client.get(reverse(f"admin:{model_name}_changelist")).status_code == 200


# --- Every front-office page, for every role ----------------------------------------------------------------------


def _pcd_1838():
    return {"pk": Decision.objects.get(reference="PCD 1838").pk}


def _pcd_1763():
    return {"pk": Decision.objects.get(reference="PCD 1763").pk}


def _grant_685():
    return {"pk": Grant.objects.get(funder_reference="685").pk}


def _lancashire():
    return {"slug": Force.objects.get(slug="lancashire-constabulary").slug}


def _lancashire_agreement():
    agreement = Force.objects.get(slug="lancashire-constabulary").agreements.get()
    return {"slug": "lancashire-constabulary", "pk": agreement.pk}


def _plan_to_start():
    plan = OnboardingPlan.objects.get(force__slug="lancashire-constabulary", service__code="mypolice-portal")
    return {"pk": plan.pk, "action": "start"}


PUBLIC = "public"
SIGNED_IN = "signed in"

# Each page, what its address needs, and who may open it: anyone, anyone signed in, or the holders of permissions.
PAGES = [
    ("home", dict, PUBLIC),  # a start page for visitors; each role's tasks, or a page saying how to get a role
    ("register:list", dict, PUBLIC),
    ("register:detail", _pcd_1838, PUBLIC),
    ("register:feed", dict, PUBLIC),
    ("register:open_data", dict, PUBLIC),
    ("decisions:inbox", dict, SIGNED_IN),
    ("decisions:detail", _pcd_1838, ("decisions.view_decision",)),
    ("decisions:start", dict, ("decisions.add_decision",)),
    ("decisions:tasks", _pcd_1838, ("decisions.add_decision", "decisions.view_decision")),
    ("records:sealed_list", dict, ("decisions.view_decision",)),
    ("records:verify", dict, PUBLIC),  # open to anyone since #13 (public verification)
    ("records:preview", _pcd_1763, ("decisions.view_decision",)),
    ("grants:list", dict, ("grants.view_grant",)),
    ("grants:detail", _grant_685, ("grants.view_grant",)),
    ("grants:record_variation", _grant_685, ("grants.view_grant", "grants.add_grantvariation")),
    ("grants:add", dict, ("grants.view_grant", "grants.add_grant")),
    ("forces:dashboard", dict, ("forces.view_onboardingplan",)),
    ("forces:plans", dict, ("forces.view_onboardingplan",)),
    ("forces:force", _lancashire, ("forces.view_onboardingplan",)),
    ("forces:record_intent", _lancashire, ("forces.add_onboardingplan",)),
    ("forces:plan_action", _plan_to_start, ("forces.change_onboardingplan",)),
    ("forces:agreement_create", _lancashire, ("forces.add_collaborationagreement",)),
    ("forces:agreement", _lancashire_agreement, ("forces.view_collaborationagreement",)),
    ("register:due", dict, ("decisions.publish_decision",)),
]


def _expected(role: str | None, who: str | tuple[str, ...]) -> int:
    if who in (PUBLIC, SIGNED_IN):
        return 200
    table_role = roles.ROLES_BY_NAME.get(role)
    return 200 if table_role and all(roles.role_has(table_role, permission) for permission in who) else 403


@pytest.mark.parametrize(("name", "address", "who"), PAGES, ids=[page[0] for page in PAGES])
def test_every_page_opens_for_exactly_the_roles_the_table_allows(
    client, demo_db, role_users, make_user, name, address, who
):
    url = reverse(name, kwargs=address())
    anonymous = client.get(url)
    if who == PUBLIC:
        assert anonymous.status_code == 200
    else:
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))

    for role, user in _everyone(role_users, make_user).items():
        client.force_login(user)
        assert client.get(url).status_code == _expected(role, who), (name, role)
