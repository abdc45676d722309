"""The one way a service says no: :class:`Refused`, with the reasons in words the user can act on.

Every service raises it (a workflow step out of turn, a plan without its agreement, a cost share that cannot be
worked out, a variation that breaks a rule). Each reason carries a stable ``code`` for code to branch on and, where
it is about one input, the ``field`` it belongs to, so a view puts it beside that input without reading its words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


@dataclass(frozen=True)
class Reason:
    """One thing wrong: what to tell the user, a code for programs, and the input it is about (if any)."""

    message: str
    code: str
    field: str | None = None


class Refused(Exception):
    """A service refused to act. ``message``, ``code`` and ``field`` are those of the first reason.

    Codes in use: ``permission``, ``state``, ``separation``, ``incomplete``, ``signature``, ``deferred``, ``frozen``,
    ``agreement``, ``date``, ``exists``, ``invalid`` and the codes of Django validators (``required``, ``max_length``…).
    """

    def __init__(self, message: str = "", *, code: str = "invalid", field: str | None = None, reasons=None):
        self.reasons: tuple[Reason, ...] = tuple(reasons) if reasons else (Reason(str(message), code, field),)
        super().__init__(self.reasons[0].message)

    @property
    def message(self) -> str:
        return self.reasons[0].message

    @property
    def code(self) -> str:
        return self.reasons[0].code

    @property
    def field(self) -> str | None:
        return self.reasons[0].field

    @property
    def messages(self) -> list[str]:
        return [reason.message for reason in self.reasons]

    @classmethod
    def from_validation_error(cls, error: ValidationError, *, fields: Iterable[str] | None = None) -> Refused:
        """The messages of a model's ``full_clean()`` as reasons, each on its field (``fields`` limits which names
        count as fields; the others, and ``__all__``, are about the whole record)."""
        known = set(fields) if fields is not None else None
        reasons = []
        for name, errors in error.update_error_dict({}).items():
            field = None if name == NON_FIELD_ERRORS or (known is not None and name not in known) else name
            for item in errors:
                for message in item.messages if hasattr(item, "messages") else [str(item)]:
                    reasons.append(Reason(message, getattr(item, "code", None) or "invalid", field))
        return cls(reasons=reasons or [Reason(str(error), "invalid")])
