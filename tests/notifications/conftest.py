"""A real SMTP server on loopback (aiosmtpd), with Django's SMTP backend pointed at it, and people with e-mail
addresses: what a person would find in their mailbox is what these tests read."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from core import roles

SITE_URL = "https://decisions.example.org"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Every message the server accepted, parsed as a mail program would."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for message in self.messages if address in message.recipients]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


class SmtpServer:
    """The server, which a test may stop (the mail server is down) and start again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.SITE_URL = SITE_URL
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Policing Grant Decisions <decisions@example.org>"
    server = SmtpServer()
    settings.EMAIL_PORT = server.port
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(smtp) -> Mailbox:
    return smtp.mailbox


@pytest.fixture
def people(role_users):
    """One person per role, each with an e-mail address (username@example.org)."""
    for user in role_users.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return role_users


@pytest.fixture
def drafter(people):
    return people[roles.DRAFTING_OFFICER]


@pytest.fixture
def ceo(people):
    return people[roles.CHIEF_EXECUTIVE]


@pytest.fixture
def dmpc(people):
    return people[roles.DECISION_MAKER]


@pytest.fixture
def governance(people):
    return people[roles.GOVERNANCE]


@pytest.fixture
def finance(people):
    return people[roles.FINANCE_OFFICER]
