"""The preferences page's form: for each kind of e-mail a person may get, when to send it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm, GovukRadioSelect
from notifications.choices import DeliveryMode
from notifications.kinds import Kind

MANDATORY_HINT = _("You cannot turn these off.")


class PreferencesForm(GovukForm):
    """One question per kind: straight away, in the daily digest, or off (not offered for kinds that cannot be turned
    off; the service refuses it anyway)."""

    def __init__(self, *args, kinds: list[Kind], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for spec in kinds:
            field = forms.ChoiceField(
                label=spec.label,
                help_text=f"{spec.when} {MANDATORY_HINT}" if spec.mandatory else spec.when,
                choices=DeliveryMode.choices,
                widget=GovukRadioSelect,
                error_messages={"required": _("Choose when to be sent these e-mails.")},
            )
            if spec.mandatory:
                # Shown without "off"; a submitted "off" reaches the service, whose refusal says why.
                field.widget.choices = [choice for choice in DeliveryMode.choices if choice[0] != DeliveryMode.OFF]
            self.fields[spec.kind.value] = field
        self.mark_errors()

    def mandatory(self, name: str) -> bool:
        return any(spec.kind.value == name and spec.mandatory for spec in self.kinds)
