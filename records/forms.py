"""The form of the verify page: a PDF to check."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm

MAX_VERIFY_BYTES = 20 * 1024 * 1024
TOO_LARGE = _("The file is larger than 20 MB, the largest this service checks.")


class VerifyForm(GovukForm):
    """An uploaded PDF to check; bad input is refused here with a message, before any PDF parsing."""

    document = forms.FileField(
        label=_("PDF to check"),
        allow_empty_file=True,
        error_messages={"required": _("Choose a PDF file to check.")},
        help_text=_("A decision PDF downloaded from this service, up to 20 MB."),
    )

    @classmethod
    def refused_as_too_large(cls) -> "VerifyForm":
        """The form for an upload refused from its declared length alone, before any of it is read."""
        form = cls(data={}, files={})
        form.cleaned_data = {}
        form._errors = ErrorDict()
        form.add_error("document", forms.ValidationError(TOO_LARGE, code="too_large"))
        return form

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(TOO_LARGE, code="too_large")
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("This is not a PDF file."), code="not_pdf")
        if b"%%EOF" not in data[-2048:]:
            raise forms.ValidationError(
                _("This PDF is incomplete: it stops before its end, as if cut short or not fully downloaded."),
                code="truncated",
            )
        return data
