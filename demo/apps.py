from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data entered from the seed documents, and ``manage.py load_demo`` (development only)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
