"""Forms for the front office: signing a decision, giving a reason for a workflow step, and drafting a decision
task by task."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm, GovukRadioSelect, UkDateField
from decisions.choices import DeferralUnit, FormType, ParagraphStyle


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


# --- Drafting a decision, task by task --------------------------------------------------------------------------

MOVE_REMOVE = ("up", "down", "remove")


def parse_action(value: str) -> tuple[str, int | None]:
    """A button's ``action`` value: ``save``, ``add``, or ``up-12`` / ``down-12`` / ``remove-12`` for row 12."""
    verb, _sep, pk = (value or "save").partition("-")
    if verb in MOVE_REMOVE and pk.isdigit():
        return verb, int(pk)
    return (verb if verb in ("save", "add") else "save"), None


class StartDecisionForm(GovukForm):
    """A blank decision: the body it is taken for (its reference series numbers it), the form and a title."""

    policing_body = forms.ModelChoiceField(
        label=_("Policing body"),
        queryset=None,
        empty_label=_("Choose the policing body"),
        help_text=_("The decision is taken for this body and numbered in its series of references."),
        error_messages={"required": _("Choose the policing body the decision is taken for.")},
    )
    form_type = forms.ChoiceField(
        label=_("Which form?"),
        choices=FormType.choices,
        widget=GovukRadioSelect,
        error_messages={"required": _("Choose the form: a MOPAC decision (PCD) or a PCC decision.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=400,
        help_text=_("As it is to be printed, e.g. Changes to the grant agreement for 685 Digital Public Contact."),
        error_messages={"required": _("Enter the decision’s title.")},
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policing_body"].queryset = bodies


class SummaryForm(GovukForm):
    title = forms.CharField(
        label=_("Title"), max_length=400, error_messages={"required": _("Enter the decision’s title.")}
    )
    executive_summary = forms.CharField(
        label=_("Executive summary"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the decision-maker is asked to approve and why, in a few sentences."),
    )


def _text_field(label: str, *, max_length: int, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RecommendationsForm(GovukForm):
    """Every recommendation, editable at once, and one more to add."""

    def __init__(self, *args, recommendations, removing: int | None = None, **kwargs):
        self.recommendations = list(recommendations)
        self.removing = removing
        super().__init__(*args, **kwargs)
        for recommendation in self.recommendations:
            self.fields[f"text_{recommendation.pk}"] = _text_field(
                _("Recommendation %(number)s") % {"number": recommendation.position}, max_length=5_000, rows=3
            )
            self.initial.setdefault(f"text_{recommendation.pk}", recommendation.text)
        self.fields["new_text"] = _text_field(
            _("Add a recommendation") if self.recommendations else _("First recommendation"),
            max_length=5_000,
            rows=3,
            help_text=_("It is numbered after the others; leave it empty to add none."),
        )
        self.mark_errors()

    def clean(self):
        cleaned = super().clean()
        for recommendation in self.recommendations:
            name = f"text_{recommendation.pk}"
            if recommendation.pk != self.removing and name in cleaned and not cleaned[name].strip():
                self.add_error(
                    name,
                    _("Enter recommendation %(number)s, or remove it.") % {"number": recommendation.position},
                )
        return cleaned


class SectionForm(GovukForm):
    """A section's paragraphs and their lettered items, all editable at once, with a new paragraph (and a new item
    under each paragraph) to add; for a Part 2 item also its heading and rationale."""

    paragraph_style = forms.ChoiceField(
        label=_("How are the paragraphs numbered?"),
        choices=ParagraphStyle.choices,
        widget=GovukRadioSelect,
        error_messages={"required": _("Choose how the paragraphs are numbered.")},
    )

    def __init__(self, *args, paragraphs, part_2: bool = False, removing: int | None = None, **kwargs):
        self.paragraphs = list(paragraphs)
        self.removing = removing
        super().__init__(*args, **kwargs)
        if part_2:
            self.fields["heading"] = forms.CharField(
                label=_("Heading"), max_length=200, error_messages={"required": _("Enter a heading for the item.")}
            )
            self.fields["rationale"] = _text_field(
                _("Legal rationale for non-publication"),
                max_length=5_000,
                help_text=_("Why this is likely to be exempt from disclosure under the FOIA, e.g. section 43(2)."),
            )
        for paragraph in self.paragraphs:
            self.fields[f"heading_{paragraph.pk}"] = forms.CharField(
                label=_("Heading of paragraph %(number)s (optional)") % {"number": paragraph.label},
                required=False,
                max_length=200,
            )
            self.fields[f"text_{paragraph.pk}"] = _text_field(
                _("Paragraph %(number)s") % {"number": paragraph.label}, max_length=20_000, rows=5
            )
            self.initial.setdefault(f"heading_{paragraph.pk}", paragraph.heading)
            self.initial.setdefault(f"text_{paragraph.pk}", paragraph.text)
            for item in paragraph.ordered_items:
                self.fields[f"text_{item.pk}"] = _text_field(
                    _("Item %(letter)s of paragraph %(number)s") % {"letter": item.number, "number": paragraph.label},
                    max_length=20_000,
                    rows=3,
                )
                self.initial.setdefault(f"text_{item.pk}", item.text)
            self.fields[f"new_item_{paragraph.pk}"] = _text_field(
                _("New lettered item under paragraph %(number)s") % {"number": paragraph.label},
                max_length=20_000,
                rows=3,
            )
        self.fields["new_heading"] = forms.CharField(label=_("Heading (optional)"), required=False, max_length=200)
        self.fields["new_text"] = _text_field(
            _("Add a paragraph") if self.paragraphs else _("First paragraph"),
            max_length=20_000,
            rows=5,
            help_text=_("Separate blocks of one paragraph with an empty line. Leave it empty to add none."),
        )
        self.mark_errors()

    def clean(self):
        cleaned = super().clean()
        removed = {self.removing}
        for paragraph in self.paragraphs:
            if paragraph.pk == self.removing:
                removed.update(item.pk for item in paragraph.ordered_items)
        for paragraph in self.paragraphs:
            for row, name in (
                (paragraph, paragraph.label),
                *((i, f"{i.number} of {paragraph.label}") for i in paragraph.ordered_items),
            ):
                field = f"text_{row.pk}"
                if row.pk not in removed and field in cleaned and not cleaned[field].strip():
                    self.add_error(
                        field,
                        _("Enter the text of paragraph %(name)s, or remove it.") % {"name": name}
                        if row is paragraph
                        else _("Enter the text of item %(name)s, or remove it.") % {"name": name},
                    )
        if "rationale" in self.fields and not (cleaned.get("rationale") or "").strip():
            self.add_error(
                "rationale", _("Give the legal rationale for not publishing this item (the FOIA exemption).")
            )
        return cleaned


class Part2ItemForm(GovukForm):
    heading = forms.CharField(
        label=_("Heading"),
        max_length=200,
        help_text=_("As it is to be printed in Part 2, e.g. Costs to the force."),
        error_messages={"required": _("Enter a heading for the Part 2 item.")},
    )
    rationale = forms.CharField(
        label=_("Legal rationale for non-publication"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this is likely to be exempt from disclosure under the FOIA, e.g. section 43(2)."),
        error_messages={"required": _("Give the legal rationale for not publishing this item (the FOIA exemption).")},
    )


class PublicAccessForm(GovukForm):
    """Is publication of Part 1 deferred; if so why, and until a date or for a period after approval."""

    input_widths = {"until": "govuk-input--width-10", "period": "govuk-input--width-3"}

    deferred = forms.TypedChoiceField(
        label=_("Is the publication of Part 1 of this approval to be deferred?"),
        choices=[("no", _("No, publish Part 1 after approval")), ("yes", _("Yes, defer it"))],
        coerce=lambda value: value == "yes",
        widget=GovukRadioSelect,
        error_messages={"required": _("Say whether publication of Part 1 is deferred.")},
    )
    reason = forms.CharField(
        label=_("For what reason?"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deferral periods should be kept to the shortest length strictly necessary."),
    )
    until = UkDateField(
        label=_("Deferred until a date"), required=False, described_as=_("The date publication is deferred until")
    )
    period = forms.IntegerField(
        label=_("Or for a number of days after approval"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("Worked out as a date when the decision is approved."),
        error_messages={
            "invalid": _("Enter the number of days as a whole number, like 10."),
            "min_value": _("Enter a number of days from 1 to 366."),
            "max_value": _("Enter a number of days from 1 to 366."),
        },
    )
    unit = forms.ChoiceField(
        label=_("Counted in"),
        required=False,
        choices=DeferralUnit.choices,
        widget=GovukRadioSelect,
        help_text=_("Working days leave out weekends and bank holidays in England and Wales."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("deferred"):
            return cleaned
        if not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why publication of Part 1 is deferred."))
        until, period = cleaned.get("until"), cleaned.get("period")
        if until is None and period is None and not {"until", "period"} & set(self.errors):
            self.add_error(
                "until", _("Give the date until which Part 1 is deferred, or a number of days after approval.")
            )
        elif until is not None and period is not None:
            self.add_error("period", _("Give either a date or a number of days after approval, not both."))
        elif period is not None and not cleaned.get("unit"):
            self.add_error("unit", _("Choose days or working days."))
        return cleaned


class GrantLinkForm(GovukForm):
    grant = forms.ModelChoiceField(
        label=_("Grant"),
        queryset=None,
        empty_label=_("Choose a grant"),
        error_messages={"required": _("Choose the grant the decision is about.")},
    )
    accepts = forms.BooleanField(
        label=_("This decision accepts the grant’s award"),
        required=False,
        help_text=_("Approval then records the grant as accepted."),
    )

    def __init__(self, *args, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants


class VariationLinkForm(GovukForm):
    variation = forms.ModelChoiceField(
        label=_("Grant variation"),
        queryset=None,
        empty_label=_("Choose a variation awaiting a decision"),
        help_text=_("Approval accepts it and adds it to the grant’s total."),
        error_messages={"required": _("Choose the variation the decision is about.")},
    )

    def __init__(self, *args, variations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variation"].queryset = variations
        self.fields["variation"].label_from_instance = lambda v: (
            f"Grant {v.grant.funder_reference} ({v.grant.financial_year}), variation {v.sequence}: "
            f"{v.get_kind_display()}, {v.letter_reference}"
        )


class ReferenceForm(GovukForm):
    """An earlier decision, by its reference."""

    input_widths = {"reference": "govuk-input--width-10"}

    reference = forms.CharField(
        label=_("Reference of the earlier decision"),
        max_length=40,
        help_text=_("As printed on it, e.g. PCD 1763."),
        error_messages={"required": _("Enter the reference of the earlier decision, e.g. PCD 1763.")},
    )


class PaperForm(GovukForm):
    """A supporting paper: an uploaded PDF, or a link to a decision or a grant variation."""

    input_widths = {"decision_reference": "govuk-input--width-10"}

    source = forms.ChoiceField(
        label=_("What is the paper?"),
        choices=[
            ("file", _("A PDF to upload")),
            ("decision", _("An earlier decision")),
            ("variation", _("A grant variation (its letter)")),
        ],
        widget=GovukRadioSelect,
        error_messages={"required": _("Choose what the paper is.")},
    )
    file = forms.FileField(label=_("Upload a PDF"), required=False)
    decision_reference = forms.CharField(
        label=_("Reference of the decision"), required=False, max_length=40, help_text=_("e.g. PCD 1763")
    )
    variation = forms.ModelChoiceField(label=_("Grant variation"), required=False, queryset=None)
    title = forms.CharField(
        label=_("Title as listed on the form"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to use the decision’s title or the variation letter’s reference."),
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential: list it in Part 2 and never publish it"), required=False
    )

    def __init__(self, *args, variations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variation"].queryset = variations
        self.fields["variation"].empty_label = _("Choose a variation")
        self.fields["variation"].label_from_instance = lambda v: (
            f"Grant {v.grant.funder_reference} ({v.grant.financial_year}), variation {v.sequence}: {v.letter_reference}"
        )

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == "file" and not cleaned.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose the PDF to upload."))
        if source == "decision" and not (cleaned.get("decision_reference") or "").strip():
            self.add_error("decision_reference", _("Enter the reference of the decision, e.g. PCD 1763."))
        if source == "variation" and cleaned.get("variation") is None and "variation" not in self.errors:
            self.add_error("variation", _("Choose the variation."))
        if self.errors and self.files.get("file") and "file" not in self.errors:
            # A browser does not keep a chosen file when the page comes back with errors.
            self.add_error("file", _("The file was not saved because of the other problems: choose it again."))
        return cleaned


class DeclarationsForm(GovukForm):
    """The drafting officer named, and each declaration ticked (or, where allowed, not applicable because …)."""

    drafted_by = forms.ModelChoiceField(
        label=_("Drafting officer"),
        queryset=None,
        empty_label=_("Choose the drafting officer"),
        help_text=_("The officer the form names as having drafted it."),
        error_messages={"required": _("Choose the drafting officer the form names.")},
    )

    def __init__(self, *args, declarations, officers, allowed_not_applicable, with_drafting_officer, **kwargs):
        self.declarations = list(declarations)
        super().__init__(*args, **kwargs)
        if with_drafting_officer:
            self.fields["drafted_by"].queryset = officers
            self.fields["drafted_by"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        else:
            del self.fields["drafted_by"]
        for declaration in self.declarations:
            self.fields[f"tick_{declaration.pk}"] = forms.BooleanField(
                label=declaration.label.rstrip(":"), required=False
            )
            self.initial.setdefault(f"tick_{declaration.pk}", declaration.confirmed)
            if declaration.kind in allowed_not_applicable:
                self.fields[f"because_{declaration.pk}"] = forms.CharField(
                    label=_("Not applicable because (optional)"),
                    required=False,
                    max_length=1_900,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_("Only if the statement does not apply: it is printed instead of the statement."),
                )
                self.initial.setdefault(f"because_{declaration.pk}", declaration.not_applicable_because)
        self.mark_errors()
