"""Forms of the grants front office: adding a grant, and recording or correcting a variation from a funder's
letter."""

import re

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import FinancialYearFormField, GovukForm, GovukRadioSelect, MoneyFormField, UkDateField
from core.validators import validate_pdf_upload
from grants.choices import OrganisationKind, VariationKind
from grants.models import Organisation, Programme
from grants.services import MAX_OUTCOMES, NewOrganisation, NewProgramme, outcome_texts


class VariationForm(GovukForm):
    """A variation as its letter gives it. The number is assigned when it is recorded; the status waits for
    a decision."""

    kind = forms.ChoiceField(
        label=_("What kind of variation is it?"),
        choices=VariationKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": _("Select the kind of variation.")},
    )
    amount_change = MoneyFormField(
        label=_("Change to the award"),
        help_text=_(
            "In pounds and pence, for example £1,870,000.00. Put a minus sign before a reduction, for example "
            "−£50,000.00; enter 0 for a change of period or of conditions."
        ),
        error_messages={"required": _("Enter the change to the award in pounds and pence, or 0.")},
    )
    letter_reference = forms.CharField(
        label=_("Variation letter or note"),
        max_length=200,
        help_text=_(
            "As the letter names itself, for example 685 Digital Public Contact Grant Variation Letter 2024/25."
        ),
        error_messages={
            "required": _("Enter the reference of the variation letter or note."),
            "max_length": _("The letter reference must be 200 characters or fewer."),
        },
    )
    letter_date = UkDateField(
        label=_("Date of the letter"),
        help_text=_("For example, 14 3 2025"),
        error_messages={"required": _("Enter the date of the letter.")},
    )
    funds_financial_year = FinancialYearFormField(
        label=_("Money to be spent in (optional)"),
        required=False,
        help_text=_(
            "Where the funding is passed on to a later year, written like 2025/26. For a re-profile, the year the "
            "money moves into, or comes from."
        ),
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the letter says the change is for."),
    )
    outcomes = forms.CharField(
        label=_("Outcomes the money funds (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One outcome a line. They are lettered a., b., c. in the order given."),
    )
    letter_file = forms.FileField(
        label=_("Upload the letter (optional)"),
        required=False,
        # Empty files reach validate_pdf_upload, which says so in the same words as every other upload (the field's
        # own message for its code "empty" would replace the validator's otherwise).
        allow_empty_file=True,
        validators=[validate_pdf_upload],
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "invalid": _("The selected file could not be read: choose the PDF again."),
            "empty": _("The file is empty."),
        },
    )

    input_widths = {
        "amount_change": "govuk-input--width-10",
        "funds_financial_year": "govuk-input--width-5",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_file"].help_text = _("A PDF of the letter, no larger than %(limit)s.") % {
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }
        # The hint is set after GovukForm described the fields.
        self.mark_errors()

    def clean_outcomes(self) -> list[str]:
        texts = outcome_texts(self.cleaned_data["outcomes"])
        if len(texts) > MAX_OUTCOMES:
            raise forms.ValidationError(
                _("List at most %(limit)s outcomes (they are lettered a. to z.)."), params={"limit": MAX_OUTCOMES}
            )
        return texts


class VariationCorrectionForm(VariationForm):
    """A proposed variation corrected as its letter gives it: the fields of recording, filled in with what is
    recorded; a new upload replaces the letter, none keeps it."""

    def __init__(self, *args, variation=None, **kwargs):
        if variation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": variation.kind,
                "amount_change": variation.amount_change,
                "letter_reference": variation.letter_reference,
                "letter_date": variation.letter_date,
                "funds_financial_year": variation.funds_financial_year,
                "description": variation.description,
                "outcomes": "\n".join(outcome.text for outcome in variation.outcomes.order_by("position")),
            }
        super().__init__(*args, **kwargs)
        self.fields["letter_file"].label = _("Replace the letter (optional)")
        if variation is not None and variation.letter_file:
            self.fields["letter_file"].help_text = _(
                "Leave empty to keep the letter already uploaded. A new one must be a PDF no larger than %(limit)s."
            ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        self.mark_errors()


# --- Adding a grant -------------------------------------------------------------------------------------------------

# A new programme is hosted by the grant's host, and contracted by its recipient, unless another is chosen.
SAME_AS_GRANT_HOST, SAME_AS_RECIPIENT = "grant_host", "recipient"


def _name_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        error_messages={"max_length": _("The name must be 200 characters or fewer.")},
    )


def _short_name_field(
    help_text: str = _("As letters and forms abbreviate it, for example HO or MPS."),
) -> forms.CharField:
    return forms.CharField(
        label=_("Short name (optional)"),
        required=False,
        max_length=40,
        help_text=help_text,
        error_messages={"max_length": _("The short name must be 40 characters or fewer.")},
    )


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Choose a kind")), *OrganisationKind.choices],
    )


class GrantForm(GovukForm):
    """A grant as its award letter gives it. The funder, recipient, host and programme are each chosen from those
    already recorded or, when missing, entered as new on this same page (a new programme with its host and
    contracting authority); everything new is recorded with the grant, or nothing is."""

    funder = forms.ChoiceField(
        label=_("Funder"), required=False, help_text=_("Choose from the organisations already recorded.")
    )
    new_funder_name = _name_field(_("Name of the funder"))
    new_funder_short_name = _short_name_field()
    new_funder_kind = _kind_field()

    recipient = forms.ChoiceField(
        label=_("Recipient"),
        required=False,
        help_text=_(
            "The policing body that decides whether to accept the grant, such as MOPAC or a Police and Crime "
            "Commissioner’s office."
        ),
    )
    new_recipient_name = _name_field(_("Name of the policing body"))
    new_recipient_short_name = _short_name_field()

    host = forms.ChoiceField(
        label=_("Host organisation (optional)"),
        required=False,
        help_text=_("The organisation that hosts the work the grant pays for, for example the MPS."),
    )
    new_host_name = _name_field(_("Name of the host organisation"))
    new_host_short_name = _short_name_field()
    new_host_kind = _kind_field()

    programme = forms.ChoiceField(
        label=_("Programme (optional)"),
        required=False,
        help_text=_("The programme the grant pays for, for example Digital Public Contact."),
    )
    new_programme_name = _name_field(_("Name of the programme"))
    new_programme_short_name = _short_name_field(_("As letters and forms abbreviate it, for example DPC."))
    new_programme_classification = forms.CharField(
        label=_("Classification (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example, Tier 1 NPCC National Policing Programme."),
        error_messages={"max_length": _("The classification must be 200 characters or fewer.")},
    )
    new_programme_host = forms.ChoiceField(label=_("Programme’s host organisation"), required=False)
    new_programme_contracting_authority = forms.ChoiceField(label=_("Contracting authority"), required=False)

    funder_reference = forms.CharField(
        label=_("Funder’s reference"),
        max_length=40,
        help_text=_("The number the funder gives the grant, for example 685."),
        error_messages={
            "required": _("Enter the funder’s reference for the grant."),
            "max_length": _("The funder’s reference must be 40 characters or fewer."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("As the award letter names the grant."),
        error_messages={
            "required": _("Enter the title of the grant."),
            "max_length": _("The title must be 300 characters or fewer."),
        },
    )
    financial_year = FinancialYearFormField(
        label=_("Financial year"),
        help_text=_("The year the award is for, April to March, written like 2025/26."),
        error_messages={"required": _("Enter the financial year the award is for, written like 2025/26.")},
    )
    original_award_amount = MoneyFormField(
        label=_("Original award"),
        help_text=_("In pounds and pence, as the award letter gives it, for example £7,000,000.00."),
        error_messages={"required": _("Enter the original award in pounds and pence.")},
    )
    awarded_on = UkDateField(
        label=_("Award date"),
        help_text=_("The date of the award letter, for example 1 11 2024"),
        error_messages={"required": _("Enter the date of the award.")},
    )
    conditions = forms.CharField(
        label=_("Conditions (optional)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The conditions the award letter attaches to the grant."),
        error_messages={"max_length": _("The conditions must be 10,000 characters or fewer.")},
    )

    input_widths = {
        "funder_reference": "govuk-input--width-10",
        "financial_year": "govuk-input--width-5",
        "original_award_amount": "govuk-input--width-10",
        "new_funder_short_name": "govuk-input--width-10",
        "new_recipient_short_name": "govuk-input--width-10",
        "new_host_short_name": "govuk-input--width-10",
        "new_programme_short_name": "govuk-input--width-10",
    }

    # Who the page asks about, in its order, with what to say when the answer is missing or doubled.
    _NEITHER = {
        "funder": _("Choose the funder, or add one not yet recorded."),
        "recipient": _("Choose the recipient, or add a policing body not yet recorded."),
    }
    _BOTH = {
        "funder": _("Choose the funder from the list or add a new one, not both."),
        "recipient": _("Choose the recipient from the list or add a new one, not both."),
        "host": _("Choose the host organisation from the list or add a new one, not both."),
        "programme": _("Choose the programme from the list or add a new one, not both."),
    }
    _CHOOSE = {
        "funder": _("Choose the funder from the list."),
        "recipient": _("Choose the recipient from the list."),
        "host": _("Choose the host organisation from the list."),
        "programme": _("Choose the programme from the list."),
    }
    _NAME = {
        "funder": _("Enter the name of the new funder."),
        "recipient": _("Enter the name of the new policing body."),
        "host": _("Enter the name of the new host organisation."),
        "programme": _("Enter the name of the new programme."),
    }
    _KIND = {
        "funder": _("Choose what kind of organisation the new funder is."),
        "host": _("Choose what kind of organisation the new host is."),
    }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(Organisation.objects.order_by("name"))
        self._organisations = {str(organisation.pk): organisation for organisation in organisations}
        self._programmes = {str(programme.pk): programme for programme in Programme.objects.order_by("name")}
        everyone = [(pk, str(organisation)) for pk, organisation in self._organisations.items()]
        bodies = [
            (pk, str(organisation))
            for pk, organisation in self._organisations.items()
            if organisation.kind == OrganisationKind.POLICING_BODY
        ]
        self.fields["funder"].choices = [("", _("Choose the funder")), *everyone]
        self.fields["recipient"].choices = [("", _("Choose the policing body")), *bodies]
        self.fields["host"].choices = [("", _("No host organisation")), *everyone]
        self.fields["programme"].choices = [
            ("", _("No programme")),
            *((pk, str(programme)) for pk, programme in self._programmes.items()),
        ]
        self.fields["new_programme_host"].choices = [
            (SAME_AS_GRANT_HOST, _("The grant’s host organisation, as above")),
            *everyone,
        ]
        self.fields["new_programme_contracting_authority"].choices = [
            (SAME_AS_RECIPIENT, _("The recipient, as above")),
            *everyone,
        ]
        for party, message in self._CHOOSE.items():
            self.fields[party].error_messages["invalid_choice"] = message
        self.fields["new_programme_host"].error_messages["invalid_choice"] = _(
            "Choose the programme’s host organisation from the list."
        )
        self.fields["new_programme_contracting_authority"].error_messages["invalid_choice"] = _(
            "Choose the programme’s contracting authority from the list."
        )
        for party, message in self._KIND.items():
            self.fields[f"new_{party}_kind"].error_messages["invalid_choice"] = message
        # Those who may not add organisations or programmes are only offered the lists.
        self.may_add_organisations = user is None or user.has_perm("grants.add_organisation")
        self.may_add_programmes = user is None or user.has_perm("grants.add_programme")
        if not self.may_add_organisations:
            for name in [name for name in self.fields if re.match(r"new_(funder|recipient|host)_", name)]:
                del self.fields[name]
        if not self.may_add_programmes:
            for name in [name for name in self.fields if name.startswith("new_programme_")]:
                del self.fields[name]
        self.mark_errors()

    def clean(self):
        data = super().clean()
        parties: dict[str, object] = {}
        for party in ("funder", "recipient", "host"):
            parties[party] = self._party(party, data)
        parties["programme"] = self._programme(data, parties)
        data["parties"] = parties
        return data

    def _typed(self, data: dict, party: str, fields: tuple[str, ...]) -> bool:
        return any(data.get(f"new_{party}_{field}") for field in fields)

    def _party(self, party: str, data: dict):
        """The organisation chosen from the list, a new one typed in, or None when the question is optional."""
        chosen = self._organisations.get(data.get(party) or "")
        typed = self._typed(data, party, ("name", "short_name", "kind"))
        if party in self.errors:
            return None
        if chosen is not None and typed:
            self.add_error(f"new_{party}_name", self._BOTH[party])
            return None
        if chosen is not None:
            return chosen
        if not typed:
            if party in self._NEITHER:
                self.add_error(party, self._NEITHER[party])
            return None
        name = data.get(f"new_{party}_name", "")
        if not name and f"new_{party}_name" not in self.errors:
            self.add_error(f"new_{party}_name", self._NAME[party])
        kind = OrganisationKind.POLICING_BODY
        if party in self._KIND:
            kind = data.get(f"new_{party}_kind") or ""
            if not kind and f"new_{party}_kind" not in self.errors:
                self.add_error(f"new_{party}_kind", self._KIND[party])
        return NewOrganisation(name=name, short_name=data.get(f"new_{party}_short_name", ""), kind=kind)

    def _programme(self, data: dict, parties: dict):
        """The programme chosen from the list, a new one typed in (with its host and contracting authority), or
        None."""
        chosen = self._programmes.get(data.get("programme") or "")
        typed = self._typed(data, "programme", ("name", "short_name", "classification"))
        if "programme" in self.errors:
            return None
        if chosen is not None and typed:
            self.add_error("new_programme_name", self._BOTH["programme"])
            return None
        if chosen is not None or not typed:
            return chosen
        name = data.get("new_programme_name", "")
        if not name and "new_programme_name" not in self.errors:
            self.add_error("new_programme_name", self._NAME["programme"])
        host = self._organisation_or(data.get("new_programme_host"), SAME_AS_GRANT_HOST, parties.get("host"))
        if host is None and "new_programme_host" not in self.errors:
            self.add_error(
                "new_programme_host",
                _("The grant has no host organisation: choose the programme’s host from the list."),
            )
        authority = self._organisation_or(
            data.get("new_programme_contracting_authority"), SAME_AS_RECIPIENT, parties.get("recipient")
        )
        if authority is None and "new_programme_contracting_authority" not in self.errors:
            self.add_error(
                "new_programme_contracting_authority",
                _("Choose the programme’s contracting authority from the list."),
            )
        return NewProgramme(
            name=name,
            host=host,
            contracting_authority=authority,
            short_name=data.get("new_programme_short_name", ""),
            classification=data.get("new_programme_classification", ""),
        )

    def _organisation_or(self, value, same: str, party):
        if value == same:
            return party
        return self._organisations.get(value or "")

    def grant_arguments(self) -> dict:
        """The keyword arguments of ``grants.services.grant_create`` (once the form is valid)."""
        data = self.cleaned_data
        return {
            **data["parties"],
            "funder_reference": data["funder_reference"],
            "title": data["title"],
            "financial_year": data["financial_year"],
            "original_award_amount": data["original_award_amount"],
            "awarded_on": data["awarded_on"],
            "conditions": data["conditions"],
        }
