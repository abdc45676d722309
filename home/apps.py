from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each person's home page: what each of their roles needs to do next, read from every app below it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"
