from django.apps import AppConfig


class ForcesConfig(AppConfig):
    """Police forces, national services, on-boarding plans, Section 22A agreements and cost shares."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "forces"

    def ready(self) -> None:
        from forces import providers

        providers.register()
