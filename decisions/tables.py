"""Tables of the decisions front office: the approver's inbox."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.money import quantize
from core.tables import GovukTable
from decisions.models import Decision
from decisions.progress import amount_text, next_signer_kind, office_holders, signer_text, working_days_waiting
from decisions.selectors import signatures


class InboxTable(GovukTable):
    """One row per decision waiting for the reader's signature, with the signatures given and outstanding.

    Expects the rows of ``decisions.selectors.inbox_for`` (active sign-offs prefetched) annotated by
    ``decisions.progress.with_waiting_details``. Exports list the signatures given (role and name) and the roles
    still to sign.
    """

    reference = tables.Column(
        verbose_name=_("Reference"),
        linkify=("decisions:sign", {"pk": tables.A("pk")}),
        attrs={"a": {"class": "govuk-link"}},
        orderable=False,
    )
    title = tables.Column(verbose_name=_("Title"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), orderable=False)
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="d/m/Y H:i", orderable=False)
    waiting = tables.Column(verbose_name=_("Waiting"), accessor="waiting_since", orderable=False)
    amount = tables.Column(
        verbose_name=_("Amount"),
        accessor="variations_amount",
        orderable=False,
        default="",
        attrs={"td": {"class": "govuk-table__cell govuk-table__cell--numeric"}},
    )
    next_signer = tables.Column(verbose_name=_("Signs after you"), accessor="pk", orderable=False)
    signatures = tables.Column(verbose_name=_("Signatures"), accessor="pk", orderable=False, exclude_from_export=True)
    signed = tables.Column(verbose_name=_("Signed"), accessor="pk", visible=False)
    outstanding = tables.Column(verbose_name=_("Outstanding"), accessor="pk", visible=False)

    class Meta(GovukTable.Meta):
        model = Decision
        fields = ()
        attrs = {**GovukTable.Meta.attrs, "class": f"{GovukTable.Meta.attrs['class']} app-inbox-table"}
        sequence = (
            "reference",
            "title",
            "status",
            "submitted_at",
            "waiting",
            "amount",
            "signatures",
            "next_signer",
            "signed",
            "outstanding",
        )
        empty_text = _("Nothing is waiting for your signature.")

    caption = _("Waiting for your signature")

    _holders = None

    def _next_signer(self, record: Decision) -> str:
        if self._holders is None:
            self._holders = office_holders()  # one query for the whole table
        kind = next_signer_kind(record, after_current=True)
        return signer_text(record, kind, self._holders) if kind else str(_("No one: your signature decides"))

    def render_next_signer(self, record: Decision) -> str:
        return self._next_signer(record)

    def value_next_signer(self, record: Decision) -> str:
        return self._next_signer(record)

    def render_waiting(self, value) -> str:
        days = working_days_waiting(value)
        return ngettext("%(count)d working day", "%(count)d working days", days) % {"count": days}

    def value_waiting(self, value) -> int | None:
        return working_days_waiting(value)

    def render_amount(self, value) -> str:
        return amount_text(value)

    def value_amount(self, value):
        return quantize(value) if value is not None else None

    @staticmethod
    def _signatures(record: Decision):
        return signatures(record, record.active_sign_offs)

    def render_signatures(self, record: Decision) -> str:
        return render_to_string("decisions/inc/signatures_status.html", {"signatures": self._signatures(record)})

    def value_signed(self, record: Decision) -> str:
        return "; ".join(
            f"{signature.role}: {signature.sign_off.printed_name}"
            for signature in self._signatures(record)
            if not signature.outstanding
        )

    def value_outstanding(self, record: Decision) -> str:
        return "; ".join(signature.role for signature in self._signatures(record) if signature.outstanding)
