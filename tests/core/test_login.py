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
