"""The grants and the earlier decisions a decision is linked to change only while it is a draft or returned.

Those links live in the tables Django makes for many-to-many fields, which have no model to carry triggers, so the
triggers are made here with SQL (PostgreSQL only; nothing on SQLite).
"""

from django.db import migrations

from decisions.models.triggers import link_guard_sql

LINKS = [
    ("decisions_decision_grants", "decision_id", "decision_grants_fixed_unless_editable"),
    ("decisions_decision_refers_to", "from_decision_id", "decision_refers_to_fixed_unless_editable"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in LINKS:
        for statement in link_guard_sql(table=table, decision_column=column, name=name)[0]:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in LINKS:
        for statement in link_guard_sql(table=table, decision_column=column, name=name)[1]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_signing_authority_revisions")]

    operations = [migrations.RunPython(create, drop)]
