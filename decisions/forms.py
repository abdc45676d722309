"""Forms for the front office: signing a decision and giving a reason for a workflow step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm


class SignForm(GovukForm):
    """The signer confirms the form's exact statement, records any interests (decision-maker) and re-enters
    their password."""

    statement_confirmed = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the statement to confirm it before signing.")},
    )
    interests = forms.CharField(
        label=_("Interests declared"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Record any personal or prejudicial interest in this matter. Leave empty if there is none."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to sign.")},
    )
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, statement: str, with_interests: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement_confirmed"].label = statement
        if not with_interests:
            del self.fields["interests"]


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason: it is recorded with the decision.")},
    )
