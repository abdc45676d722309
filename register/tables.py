"""Tables of the register app: the governance list of what is due for publication (the public register itself is
rendered by hand: ``register.listing``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import GovukTable


class DueTable(GovukTable):
    """One row per approved decision not yet published, most urgent first (overdue, due, deferred, no Part 1).

    Rows are :class:`register.publication.AwaitingPublication`, already in order of urgency, so nothing sorts here.
    Exports give the reference, title, the three dates and the state.
    """

    decision = tables.Column(
        verbose_name=gettext_lazy("Decision"), accessor="decision__reference", orderable=False, exclude_from_export=True
    )
    reference = tables.Column(
        verbose_name=gettext_lazy("Reference"), accessor="decision__reference", orderable=False, visible=False
    )
    title = tables.Column(
        verbose_name=gettext_lazy("Title"), accessor="decision__title", orderable=False, visible=False
    )
    decided_on = tables.DateColumn(verbose_name=gettext_lazy("Decision date"), format="d/m/Y", orderable=False)
    due_on = tables.DateColumn(verbose_name=gettext_lazy("Due on"), format="d/m/Y", orderable=False)
    deadline = tables.DateColumn(verbose_name=gettext_lazy("Deadline"), format="d/m/Y", orderable=False)
    state = tables.Column(verbose_name=gettext_lazy("State"), accessor="label", orderable=False)
    # Shown under the state in the page; a column of its own in exports.
    problem = tables.Column(verbose_name=gettext_lazy("Records"), orderable=False, visible=False, default="")
    publish = tables.TemplateColumn(
        template_name="register/inc/publish_button.html",
        verbose_name=gettext_lazy("Action"),
        orderable=False,
        exclude_from_export=True,
        empty_values=(),
    )

    class Meta(GovukTable.Meta):
        fields = ()
        sequence = ("decision", "reference", "title", "decided_on", "due_on", "deadline", "state", "problem", "publish")
        empty_text = gettext_lazy("Every approved decision has been published.")

    caption = gettext_lazy("Approved, not yet published")

    def render_decision(self, record) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}</span>',
            reverse("decisions:detail", kwargs={"pk": record.decision.pk}),
            record.decision.reference,
            record.decision.title,
        )

    def render_due_on(self, record) -> str:
        due = record.due_on.strftime("%d/%m/%Y") if record.due_on else "—"
        if record.decision.part_1_deferred:
            return format_html('{}<br><span class="govuk-body-s">{}</span>', due, _("deferred"))
        return due

    def render_state(self, record) -> str:
        note = ""
        if record.state == "nothing_to_publish":
            note = format_html(
                '<br><span class="govuk-body-s">{}</span>',
                _("Everything is in Part 2: nothing is published automatically."),
            )
        if record.problem:
            note = format_html(
                '{}<br><span class="govuk-body-s govuk-!-font-weight-bold">{}</span>', note, record.problem
            )
        return format_html('<strong class="govuk-tag {}">{}</strong>{}', record.tag_class, record.label, note)

    def value_state(self, record) -> str:
        return record.label

    # Dates as dates in exports.
    def value_decided_on(self, value):
        return value

    def value_due_on(self, record):
        return record.due_on

    def value_deadline(self, value):
        return value
