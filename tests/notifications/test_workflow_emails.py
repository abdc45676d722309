"""What people find in their mailbox as a decision moves: the signer it waits for, the drafter of a returned draft,
the finance officer whose variation is decided; and that a step rolled back sends nothing."""

import pytest
from django.db import transaction

from decisions.choices import DecisionStatus
from decisions.models import Appointment
from decisions.statements import SIGN_OFF_ROLES
from notifications.choices import NotificationKind, NotificationStatus
from notifications.models import Notification
from tests.builders import appoint, complete_draft, create_user, perform
from tests.notifications.conftest import SITE_URL

pytestmark = pytest.mark.django_db


def test_the_chief_executive_is_told_of_a_submission_with_a_link_to_sign(
    mailbox, drafter, ceo, dmpc, django_capture_on_commit_callbacks
):
    decision = complete_draft(drafter=drafter, title="Digital Public Contact: additional Home Office grant")

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", decision, by=drafter)

    (message,) = mailbox.messages
    assert message.recipients == [ceo.email]
    assert message["Subject"] == f"{decision.reference} waits for your signature"
    assert message["From"] == "Policing Grant Decisions <decisions@example.org>"
    text = mailbox.text(message)
    assert "Digital Public Contact: additional Home Office grant" in text
    assert f"{drafter.get_full_name()} submitted this decision" in text
    assert "Chief Executive Officer" in text
    assert f"{SITE_URL}/decisions/{decision.pk}/sign/" in text
    assert f"{SITE_URL}/account/notifications/" in text
    notification = Notification.objects.get(recipient=ceo)
    assert notification.status == NotificationStatus.SENT
    assert notification.sent_at is not None
    assert notification.attempts == 1
    assert notification.body == text.replace("\r\n", "\n")


def test_the_dmpc_is_told_once_the_chief_executive_has_signed(
    mailbox, drafter, ceo, dmpc, django_capture_on_commit_callbacks
):
    decision = complete_draft(drafter=drafter)
    perform("submit", decision, by=drafter)

    with django_capture_on_commit_callbacks(execute=True):
        perform("clear", decision, by=ceo)

    (message,) = mailbox.messages
    assert message.recipients == [dmpc.email]
    text = mailbox.text(message)
    assert f"{ceo.get_full_name()} signed this decision" in text
    assert SIGN_OFF_ROLES["dmpc"] in text
    assert f"{SITE_URL}/decisions/{decision.pk}/sign/" in text


def test_only_those_who_may_be_told_are_told(mailbox, drafter, ceo, django_capture_on_commit_callbacks):
    """Another holder of the office is told; one who has left, one without an address, one who may not read
    decisions, and one appointed for another body are not."""
    deputy = create_user("n-deputy-ceo", role="Chief Executive", email="deputy@example.org")
    left = create_user("n-left-ceo", role="Chief Executive", email="left@example.org", is_active=False)
    no_address = create_user("n-no-address-ceo", role="Chief Executive")
    no_role = create_user("n-no-role", email="no-role@example.org")
    appoint(no_role, "chief_executive")
    elsewhere = create_user("n-elsewhere", role="Chief Executive", appointed=False, email="elsewhere@example.org")
    from grants.models import Organisation

    appoint(
        elsewhere, "chief_executive", Organisation.objects.create(name="Another policing body", kind="policing_body")
    )
    assert Appointment.objects.in_force().filter(office="chief_executive").count() == 6
    decision = complete_draft(drafter=drafter)

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", decision, by=drafter)

    assert sorted(address for message in mailbox.messages for address in message.recipients) == sorted(
        [ceo.email, deputy.email]
    )
    assert left.email and no_role.email and elsewhere.email and not no_address.email


def test_the_drafter_is_told_of_a_return_with_its_reason_and_a_link_to_the_draft(
    mailbox, drafter, ceo, django_capture_on_commit_callbacks
):
    decision = complete_draft(drafter=drafter)
    perform("submit", decision, by=drafter)
    reason = "The legal comments need the MPS legal team’s view on the grant conditions."

    with django_capture_on_commit_callbacks(execute=True):
        perform("return", decision, by=ceo, reason=reason)

    (message,) = mailbox.to(drafter.email)
    assert message["Subject"] == f"{decision.reference} is returned for changes"
    text = mailbox.text(message)
    assert reason in text
    assert f"{ceo.get_full_name()} returned this decision" in text
    assert f"{SITE_URL}/decisions/{decision.pk}/draft/" in text
    assert mailbox.to(ceo.email) == []


def test_the_drafter_is_told_of_a_rejection_with_its_reason(
    mailbox, drafter, ceo, dmpc, django_capture_on_commit_callbacks
):
    decision = complete_draft(drafter=drafter)
    perform("submit", decision, by=drafter)
    perform("clear", decision, by=ceo)

    with django_capture_on_commit_callbacks(execute=True):
        perform("reject", decision, by=dmpc, reason="Not value for money this year.")

    (message,) = mailbox.to(drafter.email)
    assert message["Subject"] == f"{decision.reference} is rejected"
    assert "Not value for money this year." in mailbox.text(message)
    assert f"{SITE_URL}/decisions/{decision.pk}/" in mailbox.text(message)


def test_a_step_rolled_back_leaves_no_message_and_sends_nothing(
    mailbox, drafter, ceo, django_capture_on_commit_callbacks
):
    decision = complete_draft(drafter=drafter)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        perform("submit", decision, by=drafter)
        assert Notification.objects.filter(kind=NotificationKind.SIGNATURE_WAITING).count() == 1
        transaction.set_rollback(True)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert not Notification.objects.exists()
    assert mailbox.messages == []
