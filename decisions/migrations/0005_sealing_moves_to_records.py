"""The seal and the sealed documents move to the records app. Their tables and rows stay where they are: this
migration only takes them out of the decisions app's state (records.0001_initial puts them into the records app's).

The append-only trigger of the sealed documents is dropped here and made again, under the records app's name for it,
by records.0001_initial in the same run.
"""

import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_sealed_documents"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="sealeddocument", name="sealed_document_never_changes"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="sealeddocument", name="decision"),
                migrations.DeleteModel(name="DecisionSeal"),
                migrations.DeleteModel(name="SealedDocument"),
            ],
            database_operations=[],
        ),
    ]
