"""The background tasks of the notifications app (Django's tasks framework): each only a prompt to send a message
that the database says is due, so running one twice sends nothing twice."""

from django_tasks import task

from notifications.sending import notification_send


@task()
def send_notification(*, notification_id: int) -> bool:
    """Send one message or daily digest, if it is due and nobody else is sending it."""
    return notification_send(notification_id=notification_id)
