from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import pages
from core.auth_forms import AdminLoginForm, LoginForm
from core.views import healthz
from home.views import home

# The back office's own sign-in page refuses over-long user names before they reach the lock-out, as the service's does.
admin.site.login_form = AdminLoginForm

# Uploaded files are never served from a public media URL: confidential papers go through views that check
# permissions.
urlpatterns = [
    path("", home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("decisions/", include("decisions.urls")),
    # Signed records keep the addresses they had when they were part of the decisions pages.
    path("decisions/", include("records.urls")),
    path("grants/", include("grants.urls")),
    path("forces/", include("forces.urls")),
    path("register/", include("register.urls")),
    path("account/notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The footer's pages, open to anyone.
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("cookies/", pages.cookies, name="cookies"),
    path("contact/", pages.contact, name="contact"),
    path("freedom-of-information/", pages.freedom_of_information, name="freedom_of_information"),
]
