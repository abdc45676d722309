"""The on-boarding plans a decision is about change only while the decision is a draft or returned (the link table
has no model to carry a trigger, so the trigger is made here with SQL; PostgreSQL only)."""

from django.db import migrations

from decisions.models.triggers import link_guard_sql

TABLE, COLUMN, NAME = "forces_onboardingplan_decisions", "decision_id", "plan_decisions_fixed_unless_editable"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in link_guard_sql(table=TABLE, decision_column=COLUMN, name=NAME)[0]:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in link_guard_sql(table=TABLE, decision_column=COLUMN, name=NAME)[1]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("forces", "0003_signed_agreements_fixed"), ("decisions", "0007_links_fixed_while_being_signed")]

    operations = [migrations.RunPython(create, drop)]
