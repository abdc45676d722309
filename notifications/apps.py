from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """E-mail notifications: who is told of each step of a decision, reminders and deadlines, each person's choices,
    and the record of every message."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "E-mail notifications"

    def ready(self) -> None:
        from core.background import periodic
        from decisions import hooks
        from notifications.events import on_event_recorded
        from notifications.schedule import PERIODIC

        hooks.event_recorded.register(on_event_recorded)
        for part in PERIODIC:
            periodic.register(part)
