from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """The public register of published decisions, publication deadlines and the governance due list."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "register"
    verbose_name = "Public register"
