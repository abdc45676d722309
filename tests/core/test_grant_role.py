"""``manage.py grant_role``: giving people the roles of core/roles.py, taking them away, and clear refusals."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from core import roles
from tests.conftest import restore_migrated_data

pytestmark = pytest.mark.django_db


def _grant(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("grant_role", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def person(db):
    restore_migrated_data()
    return get_user_model().objects.create_user("jsmith", password="a-long-enough-password-1", is_staff=False)


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_each_role_can_be_given_and_brings_its_permissions_and_the_back_office(person, role):
    out, _ = _grant("jsmith", role)

    person.refresh_from_db()
    assert list(person.groups.values_list("name", flat=True)) == [role]
    assert person.is_staff
    assert f"Gave jsmith the role {role}." in out
    # What the role's group holds, the user now has (every role reads every decision).
    assert person.has_perm("decisions.view_decision")


def test_the_role_name_may_be_written_in_any_letter_case(person):
    _grant("jsmith", "decision-maker (dmpc)")

    assert list(person.groups.values_list("name", flat=True)) == [roles.DECISION_MAKER]


def test_giving_a_role_twice_changes_nothing_and_says_so(person):
    _grant("jsmith", roles.AUDITOR)
    out, _ = _grant("jsmith", roles.AUDITOR)

    assert "already holds the role Auditor" in out
    assert person.groups.count() == 1


def test_a_person_may_hold_several_roles_and_remove_takes_away_only_the_one_named(person):
    _grant("jsmith", roles.FINANCE_OFFICER)
    _grant("jsmith", roles.AUDITOR)

    out, _ = _grant("jsmith", roles.AUDITOR, "--remove")

    assert list(person.groups.values_list("name", flat=True)) == [roles.FINANCE_OFFICER]
    assert "Took the role Auditor away from jsmith." in out
    person.refresh_from_db()
    assert person.is_staff, "removing a role leaves the rest of the user as it was"


def test_removing_a_role_the_person_does_not_hold_changes_nothing(person):
    out, _ = _grant("jsmith", roles.AUDITOR, "--remove")

    assert "does not hold the role Auditor" in out
    assert person.groups.count() == 0


def test_an_unknown_user_is_refused_clearly(person):
    with pytest.raises(CommandError, match='There is no user "nobody"'):
        _grant("nobody", roles.AUDITOR)


def test_an_unknown_role_is_refused_with_the_list_of_roles(person):
    with pytest.raises(CommandError, match='There is no role called "Treasurer"') as refusal:
        _grant("jsmith", "Treasurer")

    for role in roles.ALL_ROLES:
        assert role in str(refusal.value)
    assert person.groups.count() == 0


def test_the_groups_are_made_if_this_database_has_none_yet(person):
    Group.objects.all().delete()

    _grant("jsmith", roles.GOVERNANCE)

    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ALL_ROLES)
    assert person.has_perm("decisions.publish_decision")


def test_it_warns_when_the_person_cannot_sign_in_yet(person):
    person.is_active = False
    person.save()

    _, err = _grant("jsmith", roles.AUDITOR)

    assert "not active" in err


def test_it_runs_as_a_command_line_with_the_role_name_in_quotes(person):
    """As the README writes it: ``manage.py grant_role jsmith "Governance and publication"`` (the arguments as the
    shell passes them; ``run_from_argv`` would close the test's database connection when it ends)."""
    from django.core.management import call_command

    call_command(*["grant_role", "jsmith", roles.GOVERNANCE])

    assert list(person.groups.values_list("name", flat=True)) == [roles.GOVERNANCE]
