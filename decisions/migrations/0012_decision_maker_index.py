"""The register's and the portal's decision-maker filter, newest first, answered (and counted) from one index."""

import decisions.models.decision
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0011_decided_on_stored"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="decision",
            index=decisions.models.decision.SortIndex(
                models.F("decision_maker"),
                models.OrderBy(models.F("decided_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                include=("status",),
                name="decision_maker_newest",
            ),
        ),
    ]
