"""The sign-in forms: Django's, refusing a user name no account can have before anyone tries it."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class UserNameLengthMixin:
    """Refuses a user name longer than the user model's before ``authenticate()`` is called.

    Django's own form never checks the length (it only sets the input's ``maxlength``), so an over-long name reached
    ``authenticate()``, and django-axes recorded the failed attempt with it: on PostgreSQL, a name longer than axes'
    255-character column made the sign-in page fail with an error. Refused here, the attempt reaches neither the
    authentication backends nor axes: no account has such a name, so there is nothing to guess and nothing to lock.
    """

    def clean_username(self) -> str:
        # Measured once Django has normalised it (which can lengthen it), as it would be looked up and recorded.
        username = self.cleaned_data["username"]
        limit = self.username_field.max_length or 254
        if len(username) > limit:
            raise ValidationError(
                _("Enter a user name of %(limit)s characters or fewer.") % {"limit": limit},
                code="username_too_long",
            )
        return username


class LoginForm(UserNameLengthMixin, AuthenticationForm):
    """The sign-in page's form (``/accounts/login/``), its messages saying what to do, as GOV.UK writes them."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "Enter a correct user name and password. Both are case-sensitive: check that Caps Lock is off."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your user name")
        self.fields["password"].error_messages["required"] = _("Enter your password")


class AdminLoginForm(UserNameLengthMixin, AdminAuthenticationForm):
    """The same check for the back office's own sign-in page (``admin.site.login_form``)."""
