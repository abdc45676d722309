"""The public register of published decisions (no sign-in)."""

from django.urls import path

app_name = "register"

urlpatterns: list = []
