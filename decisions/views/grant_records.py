"""Recording on a grant what a decision did: the decision that accepted an offered grant, chosen among the recipient's
approved decisions or entered from the signed paper form, and the grant then recorded as accepted by it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import GovukForm, GovukRadioSelect, UkDateField
from core.http import client_address
from core.refusals import Refused
from decisions.choices import FROZEN_STATUSES, FormType
from decisions.models import Decision
from decisions.paper import PERMISSION as RECORD_PERMISSION
from decisions.paper import grant_record_accepting_decision
from decisions.selectors import with_decision_date
from grants.choices import GrantStatus
from grants.models import Grant

EXISTING, PAPER = "existing", "paper"


def _date_field(label: str) -> UkDateField:
    return UkDateField(
        label=label,
        required=False,
        help_text=gettext_lazy("As printed on the form, for example 8 4 2025"),
    )


def _name_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=200,
        help_text=gettext_lazy("As printed under the signature."),
        error_messages={"max_length": gettext_lazy("The name must be 200 characters or fewer.")},
    )


class AcceptingDecisionForm(GovukForm):
    """Which decision accepted the grant: one of the recipient's approved decisions, or one signed on paper that is
    entered here (the fields of the paper form, named as ``decisions.paper.decision_record_from_paper`` names them,
    so that its reasons land beside them). The page sends one way or the other, each with its own button."""

    # Which of the page's two forms was sent: a decision recorded here, or one signed on paper.
    how = forms.ChoiceField(required=False, choices=[(EXISTING, EXISTING), (PAPER, PAPER)], widget=forms.HiddenInput)
    accepting_decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose the decision from the list.")},
    )
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("As printed on the form, for example PCD 1763."),
        error_messages={"max_length": gettext_lazy("The reference must be 40 characters or fewer.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=400,
        error_messages={"max_length": gettext_lazy("The title must be 400 characters or fewer.")},
    )
    form_type = forms.ChoiceField(
        label=gettext_lazy("Which form was it?"),
        required=False,
        choices=FormType.choices,
        widget=GovukRadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose the form the decision was signed on.")},
    )
    consulted_name = _name_field(gettext_lazy("Name of the officer consulted"))
    consulted_on = _date_field(gettext_lazy("Date the officer consulted signed"))
    decision_maker_name = _name_field(gettext_lazy("Name of the decision-maker"))
    decided_on = _date_field(gettext_lazy("Date the decision-maker signed"))
    published_on = _date_field(gettext_lazy("Date it was published (optional)"))

    input_widths = {
        "reference": "govuk-input--width-10",
    }

    # What each paper field needs when a paper form is entered.
    _PAPER_REQUIRED = {
        "reference": gettext_lazy("Enter the reference printed on the paper form, for example PCD 1763."),
        "title": gettext_lazy("Enter the title printed on the paper form."),
        "form_type": gettext_lazy("Choose the form the decision was signed on."),
        "consulted_name": gettext_lazy("Enter the name of the officer consulted, as printed under the signature."),
        "consulted_on": gettext_lazy("Enter the date the officer consulted signed, as printed on the form."),
        "decision_maker_name": gettext_lazy("Enter the name of the decision-maker, as printed under the signature."),
        "decided_on": gettext_lazy("Enter the date the decision-maker signed, as printed on the form."),
    }

    def __init__(self, *args, decisions: list[Decision], may_record_paper: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._decisions = {str(decision.pk): decision for decision in decisions}
        self.fields["accepting_decision"].choices = [
            ("", _("Choose the decision")),
            *((pk, _label(decision)) for pk, decision in self._decisions.items()),
        ]
        ways = [way for way, available in ((EXISTING, bool(self._decisions)), (PAPER, may_record_paper)) if available]
        self.ways = ways
        # With one way only, the page shows that one alone.
        self.only = ways[0] if len(ways) == 1 else None
        self.mark_errors()

    def clean(self):
        data = super().clean()
        how = self.only or data.get("how")
        if how not in self.ways:
            raise forms.ValidationError(_("Choose a decision already recorded, or enter one signed on paper."))
        data["how"] = how
        if how == EXISTING:
            decision = self._decisions.get(data.get("accepting_decision") or "")
            if decision is None and "accepting_decision" not in self.errors:
                self.add_error("accepting_decision", _("Choose the decision from the list."))
            data["decision"] = decision
        elif how == PAPER:
            for name, message in self._PAPER_REQUIRED.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


def _label(decision: Decision) -> str:
    decided_on = getattr(decision, "decided_on", None)
    if decided_on:
        return _("%(reference)s: %(title)s (decided %(date)s)") % {
            "reference": decision.reference,
            "title": decision.title,
            "date": decided_on.strftime("%d/%m/%Y"),
        }
    return f"{decision.reference}: {decision.title}"


@login_required
@permission_required(["grants.view_grant", "grants.change_grant"], raise_exception=True)
def grant_accepting_decision(request, pk: int):
    """Record the decision that accepted an offered grant: one of the recipient's approved (or published) decisions,
    or one signed on paper, entered here as the record it is."""
    grant = get_object_or_404(Grant.objects.select_related("funder", "recipient", "accepting_decision"), pk=pk)
    refusal = None
    if grant.status != GrantStatus.OFFERED:
        refusal = _("Grant %(reference)s is %(status)s: only an offered grant is recorded as accepted here.") % {
            "reference": grant.funder_reference,
            "status": grant.get_status_display().lower(),
        }
    elif grant.accepting_decision_id is not None:
        refusal = _(
            "%(reference)s is already named as the decision that accepts this grant: it is accepted when that "
            "decision is approved."
        ) % {"reference": grant.accepting_decision.reference}
    decisions = list(
        with_decision_date(Decision.objects.filter(policing_body=grant.recipient, status__in=FROZEN_STATUSES)).order_by(
            "-decided_on", "-pk"
        )
    )
    may_record_paper = request.user.has_perm(RECORD_PERMISSION)
    form = None
    if refusal is None and (decisions or may_record_paper):
        form = AcceptingDecisionForm(
            request.POST if request.method == "POST" else None,
            decisions=decisions,
            may_record_paper=may_record_paper,
        )
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        paper = None
        if data["how"] == PAPER:
            paper = {
                name: data[name]
                for name in (
                    "reference",
                    "title",
                    "form_type",
                    "consulted_name",
                    "consulted_on",
                    "decision_maker_name",
                    "decided_on",
                    "published_on",
                )
            }
        try:
            grant = grant_record_accepting_decision(
                grant=grant,
                by=request.user,
                decision=data.get("decision"),
                paper=paper,
                client_address=client_address(request),
            )
        except Refused as refused:
            form.add_refusal(refused)
        else:
            decision = grant.accepting_decision
            messages.success(
                request,
                _("Grant %(grant)s recorded as accepted by %(reference)s on %(date)s.")
                % {
                    "grant": grant.funder_reference,
                    "reference": decision.reference,
                    "date": grant.accepted_on.strftime("%d/%m/%Y") if grant.accepted_on else "—",
                },
            )
            return redirect("grants:detail", pk=grant.pk)
    context = {
        "grant": grant,
        "form": form,
        "refusal": refusal,
        "has_decisions": bool(decisions),
        "may_record_paper": may_record_paper,
    }
    return render(request, "decisions/grant_records/accepting_decision.html", context)
