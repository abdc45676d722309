"""Tables of the decisions front office: the approver's inbox."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.tables import GovukTable
from decisions.models import Decision
from decisions.selectors import signatures


class InboxTable(GovukTable):
    """One row per decision waiting for the reader's signature, with the signatures given and outstanding.

    Expects the rows of ``decisions.selectors.inbox_for`` (active sign-offs prefetched). Exports list the signatures
    given (role and name) and the roles still to sign.
    """

    reference = tables.Column(
        verbose_name=_("Reference"),
        linkify=("decisions:sign", {"pk": tables.A("pk")}),
        attrs={"a": {"class": "govuk-link"}},
        orderable=False,
    )
    title = tables.Column(verbose_name=_("Title"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), orderable=False)
    signatures = tables.Column(verbose_name=_("Signatures"), accessor="pk", orderable=False, exclude_from_export=True)
    signed = tables.Column(verbose_name=_("Signed"), accessor="pk", visible=False)
    outstanding = tables.Column(verbose_name=_("Outstanding"), accessor="pk", visible=False)

    class Meta(GovukTable.Meta):
        model = Decision
        fields = ()
        sequence = ("reference", "title", "status", "signatures", "signed", "outstanding")
        empty_text = _("Nothing is waiting for your signature.")

    caption = _("Waiting for your signature")

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
