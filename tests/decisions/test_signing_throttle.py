"""Wrong signing passwords are counted, whatever happens to the step, and lock signing for the person after six; the
sign-in lock-out cannot stop a signer signing; addresses come only from a trusted proxy header."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.http import client_address
from core.refusals import Refused
from decisions.choices import DecisionStatus as S
from decisions.models import SigningThrottle
from decisions.throttle import signing_unlock
from tests.builders import PASSWORD, complete_draft, drive, perform

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(cast):
    return drive(complete_draft(drafter=cast.drafter), to=S.SUBMITTED, cast=cast)


def wrong(decision, by, times: int) -> list[Refused]:
    refusals = []
    for _attempt in range(times):
        with pytest.raises(Refused) as refusal:
            perform("clear", decision, by=by, password="not-the-password")
        refusals.append(refusal.value)
    return refusals


def test_six_wrong_signing_passwords_lock_signing_and_the_right_one_is_then_refused(submitted, cast):
    refusals = wrong(submitted, cast.ceo, 6)

    assert [refusal.code for refusal in refusals] == ["signature"] * 5 + ["locked"]
    assert refusals[0].message == "That password is not right. Enter your own password to sign."
    with pytest.raises(Refused) as locked:
        perform("clear", submitted, by=cast.ceo)
    assert locked.value.code == "locked"
    assert locked.value.field == "password"
    assert locked.value.message.startswith("Signing is locked for your account after too many wrong passwords, until ")
    assert locked.value.message.endswith("Your signature was not recorded. An administrator can unlock it sooner.")
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert not submitted.sign_offs.exists()


def test_wrong_passwords_count_even_when_the_step_is_refused_for_another_reason(cast):
    draft = complete_draft(drafter=cast.drafter)  # not submitted: clearing it is refused anyway

    for _attempt in range(3):
        with pytest.raises(Refused):
            perform("clear", draft, by=cast.ceo, password="guess")

    assert SigningThrottle.objects.get(user=cast.ceo).failures == 3


def test_the_right_password_resets_the_count(submitted, cast):
    wrong(submitted, cast.ceo, 4)
    perform("clear", submitted, by=cast.ceo)
    assert SigningThrottle.objects.get(user=cast.ceo).failures == 0


def test_an_administrator_unlocks_signing(submitted, cast):
    wrong(submitted, cast.ceo, 6)
    signing_unlock(user=cast.ceo)
    assert perform("clear", submitted, by=cast.ceo).status == S.CLEARED


def test_the_signing_page_keeps_the_lock_message_on_the_password_field(client, submitted, cast):
    wrong(submitted, cast.ceo, 6)
    client.force_login(cast.ceo)
    url = reverse("decisions:sign", args=[submitted.pk])
    page = client.get(url)
    response = client.post(
        url,
        {
            "statement_confirmed": "on",
            "password": PASSWORD,
            "content_hash": page.context["form"].initial["content_hash"],
        },
    )
    assert response.status_code == 200
    assert "Signing is locked for your account" in " ".join(response.context["form"].errors["password"])


def test_a_stranger_failing_to_sign_in_as_the_signer_does_not_stop_them_signing(client, submitted, cast):
    stranger = {"REMOTE_ADDR": "198.51.100.9"}
    for _attempt in range(6):
        client.post(reverse("login"), {"username": cast.ceo.username, "password": "wrong"}, **stranger)

    assert perform("clear", submitted, by=cast.ceo).status == S.CLEARED


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}, "203.0.113.7"),
        (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7, 10.0.0.3"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "not-an-address"}, None),
        (1, {"REMOTE_ADDR": "10.0.0.2"}, None),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(RequestFactory().get("/", **meta)) == expected
