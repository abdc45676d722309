"""Confirmation forms for the steps of an on-boarding plan (the date of the step, the agreement, the reason), and the
forms that record a Section 22A agreement: the agreement, its signature blocks, its signed document, its publication."""

from django import forms
from django.conf import settings
from django.forms.widgets import ChoiceWidget
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FinancialYearFormField, GovukForm, GovukRadioSelect, UkDateField
from core.validators import validate_pdf_upload
from forces.choices import Execution, Publication, SignatoryCapacity
from forces.models import CollaborationAgreement, Force, OnboardingPlan, Service

DATE_HINT = _("For example, 8 4 2025")


def _date_field(label) -> UkDateField:
    return UkDateField(label=label, help_text=DATE_HINT, error_messages={"required": _("Enter the date.")})


class DatedForm(GovukForm):
    """A step's confirmation form: its dates in the GOV.UK date input, its financial years short inputs."""

    input_widths = {"target_financial_year": "govuk-input--width-5"}


class StartOnboardingForm(DatedForm):
    started_on = _date_field(_("Date on-boarding started"))
    agreement = forms.ModelChoiceField(
        label=_("Section 22A collaboration agreement"),
        queryset=CollaborationAgreement.objects.none(),
        required=False,
        empty_label=_("The plan's agreement, or the force's one agreement for this service"),
    )

    def __init__(self, *args, plan: OnboardingPlan, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate(), "agreement": plan.agreement_id})
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = plan.force.agreements.order_by("title")


class GoLiveForm(DatedForm):
    live_on = _date_field(_("Date the force went live"))

    def __init__(self, *args, plan: OnboardingPlan, **kwargs):
        kwargs.setdefault("initial", {"live_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class WithdrawForm(DatedForm):
    withdrawn_on = _date_field(_("Date the plan was withdrawn"))
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Kept in the plan's history."),
        error_messages={"required": _("Give a reason: it is kept in the plan's history.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, plan: OnboardingPlan, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class StatementOfIntentForm(DatedForm):
    """A force's statement of intent to join a service: not legally binding, so no agreement is asked for."""

    # Radios with none chosen: the plan records a service only when someone picks it.
    service = forms.ModelChoiceField(
        label=_("Which service does the force intend to join?"),
        queryset=Service.objects.none(),
        empty_label=None,
        widget=GovukRadioSelect,
        error_messages={
            "required": _("Select the service the force intends to join."),
            "invalid_choice": _("Select the service the force intends to join."),
        },
    )
    intent_signed_on = _date_field(_("Date the statement of intent was signed"))
    target_financial_year = FinancialYearFormField(
        label=_("Target financial year"),
        required=False,
    )
    complexity_notes = forms.CharField(
        label=_("Complexity notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, force: Force, **kwargs):
        kwargs.setdefault("initial", {"intent_signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Only the services the force has no plan for yet.
        self.fields["service"].queryset = Service.objects.exclude(plans__force=force).order_by("name")


# --- Section 22A agreements ---------------------------------------------------------------------------------------


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field points at the first box, so an error summary link lands on the question, and whose
    boxes carry the checkboxes' class (Django's checkboxes are a kind of radios, so a form's class for radios would
    otherwise reach them, and a ticked box would show no tick)."""

    def id_for_label(self, id_, index="0"):
        return ChoiceWidget.id_for_label(self, id_, index)

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "govuk-checkboxes__input"
        return option


def _document_field(label, *, required: bool) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        # Empty files reach validate_pdf_upload, which says so in the same words as every other upload.
        allow_empty_file=True,
        validators=[validate_pdf_upload],
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Choose the signed agreement (PDF) to upload."),
            "invalid": _("The selected file could not be read: choose the PDF again."),
            "empty": _("The file is empty."),
        },
    )


class UploadForm(GovukForm):
    """A form with an upload of the signed agreement. A file chosen is not kept when the form is shown again with a
    problem, so then the file input says it must be chosen again."""

    upload_fields: tuple[str, ...] = ("document",)
    upload_hint_extra = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.upload_fields:
            hint = _("A PDF of the agreement as signed, no larger than %(limit)s.") % {
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
            }
            self.fields[name].help_text = f"{hint} {self.upload_hint_extra}".strip()
        # The hints are set after GovukForm described the fields.
        self.mark_errors()

    def ask_to_choose_again(self) -> None:
        """After any problem, each file that was chosen and not itself refused must be chosen again."""
        if not self.errors:
            return
        for name in self.upload_fields:
            if name not in self.errors and self.files.get(name):
                self.add_error(
                    name,
                    _("Choose the file again: “%(name)s” was not kept, because of the other problems on this page.")
                    % {"name": self.files[name].name},
                )
        self.mark_errors()


class AgreementForm(UploadForm):
    """A new Section 22A agreement of the force: its title, what it covers, who is party to it, and (optionally) the
    signed document."""

    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_(
            "As the agreement names itself, for example Section 22A collaboration agreement – MyPolice Portal."
        ),
        error_messages={
            "required": _("Enter the agreement's title."),
            "max_length": _("The title must be 300 characters or fewer."),
        },
    )
    objective = forms.CharField(
        label=_("Objective (optional)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the parties collaborate to do, as the agreement states it."),
        error_messages={"max_length": _("The objective must be 5,000 characters or fewer.")},
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Which services does the agreement cover?"),
        queryset=Service.objects.none(),
        widget=GovukCheckboxes,
        help_text=_("Select all that apply. On-boarding to a service rests on the agreement that covers it."),
        error_messages={
            "required": _("Select the services the agreement covers."),
            "invalid_choice": _("Select the services the agreement covers from the list."),
            "invalid_pk_value": _("Select the services the agreement covers from the list."),
        },
    )
    other_forces = forms.ModelMultipleChoiceField(
        label=_("Other forces party to it (optional)"),
        queryset=Force.objects.none(),
        required=False,
        widget=GovukCheckboxes,
        help_text=_("Only where the same agreement is made with other forces as well."),
        error_messages={
            "invalid_choice": _("Select the other forces from the list."),
            "invalid_pk_value": _("Select the other forces from the list."),
        },
    )
    document = _document_field(_("Upload the signed agreement (optional)"), required=False)

    upload_hint_extra = _("It can also be uploaded later, before the last signature block is completed.")

    def __init__(self, *args, force: Force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = Service.objects.order_by("name")
        self.fields["other_forces"].queryset = Force.objects.exclude(pk=force.pk).order_by("name")


class SignatoryForm(DatedForm):
    """A signature block as the agreement's signature page gives it: the party, who signed, when and how, and the
    witness."""

    capacity = forms.ChoiceField(
        label=_("Whose signature block is it?"),
        choices=SignatoryCapacity.choices,
        widget=GovukRadioSelect,
        error_messages={
            "required": _("Select whose signature block it is."),
            "invalid_choice": _("Select whose signature block it is."),
        },
    )
    party = forms.CharField(
        label=_("Signed for and on behalf of"),
        max_length=300,
        help_text=_("As printed, for example THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY."),
        error_messages={
            "required": _("Enter who the block is signed for and on behalf of, as the agreement prints it."),
            "max_length": _("The party must be 300 characters or fewer."),
        },
    )
    signed_by_name = forms.CharField(
        label=_("Signed by"),
        required=False,
        max_length=200,
        help_text=_("The full name of the person who signed."),
        error_messages={"max_length": _("The name must be 200 characters or fewer.")},
    )
    signed_on = UkDateField(label=_("Date signed"), required=False, help_text=DATE_HINT)
    execution = forms.ChoiceField(
        label=_("How was it executed?"),
        required=False,
        choices=Execution.choices,
        widget=GovukRadioSelect,
        error_messages={"invalid_choice": _("Select how the block was executed: wet ink or electronic.")},
    )
    witness_name = forms.CharField(
        label=_("Witness's name"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The witness's name must be 200 characters or fewer.")},
    )
    witness_address = forms.CharField(
        label=_("Witness's address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("As written on the signature page. It is personal data: it is never published."),
        error_messages={"max_length": _("The witness's address must be 500 characters or fewer.")},
    )
    witness_occupation = forms.CharField(
        label=_("Witness's occupation"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The witness's occupation must be 200 characters or fewer.")},
    )
    witness_signed = forms.BooleanField(label=_("The witness's signature is on the page"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("party", "signed_by_name", "witness_name", "witness_occupation"):
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class DocumentForm(UploadForm):
    """The signed agreement's PDF."""

    document = _document_field(_("The signed agreement (PDF)"), required=True)


class PublicationForm(DatedForm):
    """How and when a signed agreement was published under section 23E."""

    publication = forms.ChoiceField(
        label=_("How was the agreement published?"),
        choices=[(value, label) for value, label in Publication.choices if value != Publication.NOT_PUBLISHED],
        widget=GovukRadioSelect,
        error_messages={
            "required": _("Select how the agreement was published."),
            "invalid_choice": _("Select how the agreement was published."),
        },
    )
    published_on = UkDateField(
        label=_("Date published"),
        help_text=DATE_HINT,
        error_messages={"required": _("Enter the date the agreement was published.")},
    )
