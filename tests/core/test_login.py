"""Signing in: the login page works, and repeated wrong passwords lock the account out."""

import pytest
from django.urls import reverse

from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_user_signs_in_with_the_login_form(client, make_user):
    make_user("amira")
    response = client.post(reverse("login"), {"username": "amira", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("decisions:inbox")).status_code == 200


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, make_user):
    make_user("amira")
    for _attempt in range(5):
        response = client.post(reverse("login"), {"username": "amira", "password": "wrong-password"})
    assert response.status_code == 429
    locked = client.post(reverse("login"), {"username": "amira", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Your account is locked for an hour" in locked.content.decode()
    assert client.get(reverse("decisions:inbox")).status_code == 302


def test_signing_out_needs_a_post_with_csrf(make_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user("amira"))
    assert browser.post(reverse("logout")).status_code == 403
    assert browser.get(reverse("decisions:inbox")).status_code == 200


# User names longer than any account's ------------------------------------------------------------------------------

TOO_LONG = "Enter a user name of 150 characters or fewer."


def _attempts_recorded() -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return AccessAttempt.objects.count() + AccessFailureLog.objects.count() + AccessLog.objects.count()


@pytest.mark.parametrize(
    "username",
    [
        "a" * 151,
        "a" * 300,
        # 150 characters as typed, 300 once Django normalises them ("ﬀ" is "ff"), as they would be stored.
        "ﬀ" * 150,
    ],
)
def test_a_user_name_longer_than_any_account_gets_a_message_and_is_never_tried(client, username):
    from django.contrib.auth.signals import user_login_failed

    tried = []
    user_login_failed.connect(tried.append, dispatch_uid="test-login-tried")
    try:
        response = client.post(reverse("login"), {"username": username, "password": "a-password"})
    finally:
        user_login_failed.disconnect(dispatch_uid="test-login-tried")

    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    assert TOO_LONG in summary
    assert 'href="#id_username"' in summary
    assert "Please enter a correct" not in html
    # Neither the authentication backends (axes' among them) nor axes' records saw it.
    assert tried == []
    assert _attempts_recorded() == 0
    assert "_auth_user_id" not in client.session


def test_a_user_name_of_150_characters_is_tried_and_counted_as_usual(client, make_user):
    from axes.models import AccessAttempt

    make_user("b" * 150)
    wrong = client.post(reverse("login"), {"username": "b" * 150, "password": "wrong-password"})
    assert wrong.status_code == 200
    assert TOO_LONG not in wrong.content.decode()
    assert AccessAttempt.objects.get().username == "b" * 150

    right = client.post(reverse("login"), {"username": "b" * 150, "password": PASSWORD})
    assert right.status_code == 302


def test_over_long_user_names_do_not_lock_anyone_out(client, make_user):
    make_user("amira")
    for _attempt in range(6):
        response = client.post(reverse("login"), {"username": "amira" * 60, "password": "wrong-password"})
        assert response.status_code == 200
    assert client.post(reverse("login"), {"username": "amira", "password": PASSWORD}).status_code == 302


def test_the_back_office_sign_in_form_refuses_over_long_user_names_the_same_way(rf):
    from core.auth_forms import AdminLoginForm

    form = AdminLoginForm(rf.post("/admin/login/"), data={"username": "a" * 300, "password": "a-password"})
    assert not form.is_valid()
    assert form.errors["username"] == [TOO_LONG]
    assert _attempts_recorded() == 0
