from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Signed records: decision PDFs, the organisation's seal, verification and the auditor's portal."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = "Signed records"

    def ready(self) -> None:
        from records import providers

        providers.register()
