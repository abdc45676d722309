"""The public register of published decisions (no sign-in)."""


app_name = "register"

urlpatterns: list = []
