"""The roles of the service and what each may do: the one table of who may do what.

A role is a Django group. Its permissions are written here as ``app.codename``, where a codename may end in ``*``
("``forces.add_*``": add any record of the forces app). Every role reads every record of the domain apps, history
included; the confidential Part 2 permission is never matched by a wildcard and only the roles that name it have it.

:func:`sync_roles` makes the groups hold exactly these permissions. It runs after every ``migrate``, once every app's
migrations have been applied (and after a test database is flushed), so a model added by a later migration reaches
the roles that should have it in the same deploy. Nothing here imports a domain app: permissions are named, not
imported.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

FINANCE_OFFICER = "Finance officer"
DRAFTING_OFFICER = "Drafting officer"
CHIEF_EXECUTIVE = "Chief Executive"
DECISION_MAKER = "Decision-maker (DMPC)"
GOVERNANCE = "Governance and publication"
AUDITOR = "Auditor"

# The apps whose records every role may read.
DOMAIN_APPS = ("grants", "decisions", "forces", "records")

# Never granted by a wildcard: only the roles that name it may see confidential content.
PART_2 = "decisions.view_part_2"
CONFIDENTIAL = frozenset({PART_2})

READ_EVERYTHING = tuple(f"{app}.view_*" for app in DOMAIN_APPS)

DECISION_CONTENT = ("decision", "recommendation", "section", "paragraph", "supportingpaper", "officerdeclaration")
GRANT_RECORDS = ("organisation", "programme", "grant", "grantvariation", "variationoutcome")
FORCE_RECORDS = ("force", "service", "collaborationagreement", "agreementsignatory", "onboardingplan")


def _each(app: str, models: tuple[str, ...], *actions: str) -> tuple[str, ...]:
    return tuple(f"{app}.{action}_{model}" for model in models for action in actions)


@dataclass(frozen=True)
class Role:
    """A role: its group's name, what it is for, and its permissions (``app.codename``, ``*`` allowed)."""

    name: str
    purpose: str
    permissions: tuple[str, ...]


ROLES: tuple[Role, ...] = (
    Role(
        FINANCE_OFFICER,
        "Records grants and variations and starts decisions from them.",
        (
            *READ_EVERYTHING,
            *_each("grants", GRANT_RECORDS, "add", "change"),
            *_each("decisions", DECISION_CONTENT, "add", "change"),
            *_each("forces", ("costsharescenario",), "add", "change"),
        ),
    ),
    Role(
        DRAFTING_OFFICER,
        "Writes decision forms, ticks the declarations and submits them.",
        (
            *READ_EVERYTHING,
            *_each("decisions", DECISION_CONTENT, "add", "change", "delete"),
            "decisions.submit_decision",
            "decisions.withdraw_decision",
            PART_2,
        ),
    ),
    Role(
        CHIEF_EXECUTIVE,
        "Is consulted and signs before the decision-maker.",
        (*READ_EVERYTHING, "decisions.sign_as_chief_executive", "decisions.return_decision", PART_2),
    ),
    Role(
        DECISION_MAKER,
        "Approves, returns or rejects decisions.",
        (
            *READ_EVERYTHING,
            "decisions.sign_as_decision_maker",
            "decisions.return_decision",
            "decisions.reject_decision",
            PART_2,
        ),
    ),
    Role(
        GOVERNANCE,
        "Publishes Part 1, manages deferrals and on-boarding plans.",
        (
            *READ_EVERYTHING,
            "decisions.publish_decision",
            "decisions.change_decision",
            *_each("forces", FORCE_RECORDS, "add", "change"),
            PART_2,
        ),
    ),
    Role(AUDITOR, "Reads everything, history included; verifies and exports.", (*READ_EVERYTHING, PART_2)),
)

ALL_ROLES = tuple(role.name for role in ROLES)
ROLES_BY_NAME = {role.name: role for role in ROLES}


def expand(patterns: tuple[str, ...], available: set[str]) -> set[str]:
    """The permissions of ``available`` (``app.codename``) that ``patterns`` name; wildcards never match Part 2."""
    chosen: set[str] = set()
    for pattern in patterns:
        if "*" in pattern:
            chosen |= {name for name in available if fnmatch.fnmatchcase(name, pattern) and name not in CONFIDENTIAL}
        elif pattern in available:
            chosen.add(pattern)
        else:
            raise LookupError(f"The roles table names {pattern}, which no installed app defines.")
    return chosen


def role_permissions(role: Role, available: set[str]) -> set[str]:
    return expand(role.permissions, available)


def role_has(role: Role, permission: str) -> bool:
    """Whether the table gives ``role`` the permission ``app.codename`` (named, or matched by a wildcard)."""
    return permission in expand(tuple(p for p in role.permissions if "*" in p or p == permission), {permission})


def sync_roles(*, using: str = "default", verbosity: int = 0) -> None:
    """Make each role's group hold exactly the permissions the table gives it (creating groups and permissions)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    permissions = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.using(using).select_related("content_type")
    }
    available = set(permissions)
    for role in ROLES:
        group, created = Group.objects.using(using).get_or_create(name=role.name)
        group.permissions.set([permissions[name] for name in sorted(role_permissions(role, available))])
        if verbosity >= 2:
            print(f"{'Created' if created else 'Updated'} role {role.name}")


def sync_roles_after_migrate(sender, *, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """``post_migrate`` receiver: acts once, after the last app with models has migrated."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender.label == with_models[-1].label:
        sync_roles(using=using, verbosity=verbosity)
