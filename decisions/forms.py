"""Forms for the front office: signing a decision and giving a reason for a workflow step."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    """The signer confirms the form's exact statement, records any interests (decision-maker) and re-enters
    their password."""

    statement_confirmed = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the statement to confirm it before signing.")},
    )
    interests = forms.CharField(
        label=_("Interests declared"),
        required=False,
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


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason: it is recorded with the decision.")},
    )


MAX_VERIFY_BYTES = 20 * 1024 * 1024


class VerifyForm(forms.Form):
    """An uploaded PDF to check; bad input is refused here with a message, before any PDF parsing."""

    document = forms.FileField(
        label=_("PDF to check"),
        allow_empty_file=True,
        error_messages={"required": _("Choose a PDF file to check.")},
        help_text=_("A decision PDF downloaded from this service, up to 20 MB."),
    )

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB, the largest this service checks."), code="too_large"
            )
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This is not a PDF file."), code="not_pdf")
        if b"%%EOF" not in data[-2048:]:
            raise forms.ValidationError(
                _("This PDF is incomplete: it stops before its end, as if cut short or not fully downloaded."),
                code="truncated",
            )
        return data
