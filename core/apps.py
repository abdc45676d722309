from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Value types (money, financial years), roles and shared helpers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"
