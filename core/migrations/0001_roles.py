"""One group per role of DESIGN.md, with the model permissions the role needs.

Permissions are made after migrations by Django, so they are made here first. The mapping is written
out in this migration (not imported) so that later changes to roles are later migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("grants", "decisions", "forces")

GRANT_MODELS = ("organisation", "programme", "grant", "grantvariation", "variationoutcome")
DECISION_CONTENT_MODELS = (
    "decision",
    "recommendation",
    "section",
    "paragraph",
    "supportingpaper",
    "officerdeclaration",
)
FORCE_MODELS = ("force", "service", "collaborationagreement", "agreementsignatory", "onboardingplan")


def _model_perms(app, models, actions):
    return [(app, f"{action}_{model}") for model in models for action in actions]


ROLES = {
    "Finance officer": _model_perms("grants", GRANT_MODELS, ("add", "change"))
    + _model_perms("decisions", DECISION_CONTENT_MODELS, ("add", "change"))
    + _model_perms("forces", ("costsharescenario",), ("add", "change")),
    "Drafting officer": _model_perms("decisions", DECISION_CONTENT_MODELS, ("add", "change", "delete"))
    + [("decisions", "submit_decision"), ("decisions", "withdraw_decision"), ("decisions", "view_part_2")],
    "Chief Executive": [
        ("decisions", "sign_as_chief_executive"),
        ("decisions", "return_decision"),
        ("decisions", "view_part_2"),
    ],
    "Decision-maker (DMPC)": [
        ("decisions", "sign_as_decision_maker"),
        ("decisions", "return_decision"),
        ("decisions", "reject_decision"),
        ("decisions", "view_part_2"),
    ],
    "Governance and publication": [
        ("decisions", "publish_decision"),
        ("decisions", "change_decision"),
        ("decisions", "view_part_2"),
    ]
    + _model_perms("forces", FORCE_MODELS, ("add", "change")),
    "Auditor": [("decisions", "view_part_2")],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Every role reads everything in the three domain apps, history included; Part 2 needs view_part_2.
    # view_part_2 starts with "view_" too, but it is the confidential one: only the roles that list it get it.
    view_all = list(
        Permission.objects.filter(content_type__app_label__in=APPS, codename__startswith="view_").exclude(
            codename="view_part_2"
        )
    )
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]
        group.permissions.add(*view_all, *perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("grants", "0001_initial"),
        ("decisions", "0002_initial"),
        ("forces", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
