"""Each person chooses, per kind of e-mail, straight away, a daily digest or off; the e-mails that cannot be turned
off stay on whatever is tried (the page, the service, the model, the database); the digest carries a day's e-mails
in one message; "off" sends nothing."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.refusals import Refused
from notifications.choices import DeliveryMode, NotificationKind, NotificationStatus
from notifications.models import Notification, NotificationPreference
from notifications.schedule import make_digests
from notifications.services import preference_set
from tests.builders import complete_draft, perform

pytestmark = pytest.mark.django_db

URL = "/account/notifications/"
CANNOT = "A decision waits for your signature: this e-mail cannot be turned off."


def checked(page: str) -> dict[str, str]:
    """The radios a browser shows as chosen: ``{question: answer}``."""
    return dict(re.findall(r'<input type="radio" name="(\w+)" value="(\w+)"[^>]*\bchecked', page))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- The rule, at every level --------------------------------------------------------------------------------------


def test_a_mandatory_kind_cannot_be_turned_off_by_the_service(ceo):
    with pytest.raises(Refused) as refused:
        preference_set(user=ceo, kind=NotificationKind.SIGNATURE_WAITING, mode=DeliveryMode.OFF)

    assert refused.value.message.startswith(CANNOT)
    assert refused.value.code == "mandatory"
    assert not NotificationPreference.objects.exists()
    # It may still go in the digest, and a kind that is not mandatory may be turned off.
    preference_set(user=ceo, kind=NotificationKind.SIGNATURE_WAITING, mode=DeliveryMode.DAILY_DIGEST)
    preference_set(user=ceo, kind=NotificationKind.SIGNATURE_REMINDER, mode=DeliveryMode.OFF)
    assert dict(NotificationPreference.objects.values_list("kind", "mode")) == {
        "signature_waiting": "daily_digest",
        "signature_reminder": "off",
    }


def test_a_mandatory_kind_cannot_be_turned_off_in_the_model_or_the_database(drafter):
    preference = NotificationPreference(user=drafter, kind=NotificationKind.RETURNED, mode=DeliveryMode.OFF)
    with pytest.raises(ValidationError) as invalid:
        preference.full_clean()
    assert "A decision you drafted is returned for changes: this e-mail cannot be turned off." in str(invalid.value)

    with pytest.raises(IntegrityError), transaction.atomic():
        preference.save()


# --- The page ---------------------------------------------------------------------------------------------------------


def test_the_page_needs_a_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_page_asks_about_each_kind_a_signer_may_get_and_says_which_cannot_be_turned_off(client, ceo):
    client.force_login(ceo)

    page = client.get(URL).content.decode()

    assert '<h1 class="govuk-heading-l">Your e-mail notifications</h1>' in page
    assert f"<strong>{ceo.email}</strong>" in page
    assert "A decision waits for your signature</legend>" in page
    assert "A decision still waits for your signature</legend>" in page
    # A Chief Executive neither drafts nor publishes.
    assert "A decision you drafted is returned for changes" not in page
    assert "A decision is due for publication" not in page
    # The mandatory kind says so and offers no "off".
    assert "You cannot turn these off." in page
    assert 'name="signature_waiting" value="off"' not in page
    assert 'name="signature_reminder" value="off"' in page
    assert 'href="/account/notifications/" aria-current="page">E-mail notifications</a>' in page
    # Nothing chosen yet: everything straight away.
    assert checked(page) == {"signature_waiting": "immediately", "signature_reminder": "immediately"}


def test_choices_are_saved_and_shown_again(client, drafter):
    client.force_login(drafter)
    answers = {
        "returned": "daily_digest",
        "rejected": "off",
        "approved": "immediately",
        "published": "daily_digest",
    }

    response = client.post(URL, answers, follow=True)

    assert "Your e-mail notifications are saved." in response.content.decode()
    assert dict(NotificationPreference.objects.filter(user=drafter).values_list("kind", "mode")) == answers
    page = client.get(URL).content.decode()
    assert checked(page) == answers


def test_turning_off_a_mandatory_kind_on_the_page_is_refused_with_the_reason_and_saves_nothing(client, drafter):
    client.force_login(drafter)

    response = client.post(
        URL, {"returned": "off", "rejected": "off", "approved": "immediately", "published": "immediately"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        '<a href="#id_returned_0">A decision you drafted is returned for changes: this e-mail cannot be turned' in page
    )
    assert not NotificationPreference.objects.exists()


# --- What each choice does -------------------------------------------------------------------------------------------


def test_a_daily_digest_puts_two_events_in_one_message_at_the_digest_hour(
    mailbox, drafter, ceo, dmpc, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_DIGEST_HOUR = 8
    preference_set(user=drafter, kind=NotificationKind.RETURNED, mode=DeliveryMode.DAILY_DIGEST)
    preference_set(user=drafter, kind=NotificationKind.REJECTED, mode=DeliveryMode.DAILY_DIGEST)
    returned = complete_draft(drafter=drafter, title="Police.uk content refresh")
    rejected = complete_draft(drafter=drafter, title="LiveChat extension")
    with django_capture_on_commit_callbacks(execute=True):
        for decision in (returned, rejected):
            perform("submit", decision, by=drafter)
        perform("return", returned, by=ceo, reason="Add the equality comments.")
        perform("clear", rejected, by=ceo)
        perform("reject", rejected, by=dmpc, reason="The funding has been withdrawn.")

    assert mailbox.to(drafter.email) == []
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert make_digests(at(tomorrow, 7, 59)) == []
    assert mailbox.to(drafter.email) == []

    with django_capture_on_commit_callbacks(execute=True):
        make_digests(at(tomorrow, 8, 1))
        make_digests(at(tomorrow, 9, 30))  # a second worker, or a later pass: no second digest

    (digest,) = mailbox.to(drafter.email)
    assert digest["Subject"] == f"Your daily digest for {tomorrow:%d/%m/%Y}: 2 e-mails"
    text = mailbox.text(digest)
    for expected in (
        f"{returned.reference} is returned for changes",
        "Add the equality comments.",
        f"/decisions/{returned.pk}/draft/",
        f"{rejected.reference} is rejected",
        "The funding has been withdrawn.",
        "LiveChat extension",
    ):
        assert expected in text
    items = Notification.objects.filter(recipient=drafter).exclude(kind=NotificationKind.DIGEST)
    assert {item.status for item in items} == {NotificationStatus.SENT}
    assert {item.digest.subject for item in items} == {digest["Subject"]}


def test_an_off_preference_sends_nothing_and_is_recorded_as_not_sent(
    mailbox, drafter, ceo, dmpc, django_capture_on_commit_callbacks
):
    preference_set(user=drafter, kind=NotificationKind.REJECTED, mode=DeliveryMode.OFF)
    decision = complete_draft(drafter=drafter)

    with django_capture_on_commit_callbacks(execute=True):
        perform("submit", decision, by=drafter)
        perform("clear", decision, by=ceo)
        perform("reject", decision, by=dmpc)

    # The signers were e-mailed as usual; the drafter, who turned rejections off, was not.
    assert [message.recipients for message in mailbox.messages] == [[ceo.email], [dmpc.email]]
    kept = Notification.objects.get(recipient=drafter)
    assert (kept.kind, kept.status, kept.sent_at) == (NotificationKind.REJECTED, NotificationStatus.OFF, None)
    with django_capture_on_commit_callbacks(execute=True):
        make_digests(at(timezone.localdate() + dt.timedelta(days=1), 8, 30))
    assert mailbox.to(drafter.email) == []
