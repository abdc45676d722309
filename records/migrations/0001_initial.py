"""The seal and the sealed documents, moved here from the decisions app with their tables and rows as they are."""

import core.storage
import django.db.models.deletion
import django.utils.timezone
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

MOVED_MODELS = ("decisionseal", "sealeddocument")


def _move(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=target, model__in=MOVED_MODELS).exists():
        return
    content_type.objects.filter(app_label=source, model__in=MOVED_MODELS).update(app_label=target)


def move_content_types(apps, schema_editor):
    _move(apps, "decisions", "records")


def move_content_types_back(apps, schema_editor):
    _move(apps, "records", "decisions")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('decisions', '0005_sealing_moves_to_records'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        # The tables already exist (made by decisions.0004): only the state moves here, and the content types (so
        # the permissions on seals and sealed documents, and what groups hold, stay as they were).
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DecisionSeal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'Waiting to be sealed'), ('sealed', 'Sealed'), ('failed', 'Sealing failed')], default='pending', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last attempt')),
                        ('error', models.TextField(blank=True, verbose_name='what went wrong')),
                        ('decision', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='seal', to='decisions.decision')),
                    ],
                    options={
                        'verbose_name': 'seal',
                        'db_table': 'decisions_decisionseal',
                    },
                ),
                migrations.CreateModel(
                    name='SealedDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('variant', models.CharField(choices=[('part_1', 'Part 1 (for publication)'), ('complete', 'Complete form with Part 2 (confidential)')], max_length=10, verbose_name='document')),
                        ('file', models.FileField(max_length=200, storage=core.storage.sealed_storage, upload_to='%Y/', verbose_name='file')),
                        ('sha256', models.CharField(max_length=64, unique=True, verbose_name='SHA-256')),
                        ('size_bytes', models.PositiveIntegerField(verbose_name='size in bytes')),
                        ('page_count', models.PositiveSmallIntegerField(verbose_name='pages')),
                        ('sealed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sealed at')),
                        ('certificate_subject', models.CharField(max_length=300, verbose_name='sealed with certificate')),
                        ('certificate_pem', models.TextField(verbose_name='certificate (PEM)')),
                        ('content_hash', models.CharField(max_length=64, verbose_name='SHA-256 of the form content')),
                        ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sealed_documents', to='decisions.decision')),
                    ],
                    options={
                        'db_table': 'decisions_sealeddocument',
                        'ordering': ['decision', 'variant'],
                        'constraints': [models.UniqueConstraint(fields=('decision', 'variant'), name='sealed_document_once_per_variant')],
                    },
                ),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='sealeddocument',
            trigger=pgtrigger.compiler.Trigger(name='sealed_document_never_changes', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='2345f7a466649e63a436e1dedcd2bc2b3ec17a4c', operation='UPDATE OR DELETE', pgid='pgtrigger_sealed_document_never_changes_2570c', table='decisions_sealeddocument', when='BEFORE')),
        ),
    ]
