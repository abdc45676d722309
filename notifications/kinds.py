"""Each kind of e-mail: whether it may be turned off, when it is sent and to whom (in the words of the preferences
page), and which people are offered a choice about it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from notifications.choices import NotificationKind

SIGNERS = ("decisions.sign_as_chief_executive", "decisions.sign_as_decision_maker")
DRAFTERS = ("decisions.add_decision",)
GOVERNANCE = ("decisions.publish_decision",)
FINANCE = ("grants.add_grantvariation",)


@dataclass(frozen=True)
class Kind:
    """A kind of e-mail. ``mandatory``: it cannot be turned off (it may still go in the daily digest)."""

    kind: NotificationKind
    mandatory: bool
    when: str
    offered_to: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(self.kind.label)


KINDS: dict[str, Kind] = {
    spec.kind.value: spec
    for spec in (
        Kind(
            NotificationKind.SIGNATURE_WAITING,
            True,
            _("When a decision is submitted or cleared and the next signature is for an office you hold."),
            SIGNERS,
        ),
        Kind(
            NotificationKind.SIGNATURE_REMINDER,
            False,
            _("Each working day once a decision has waited for your signature for a few working days."),
            SIGNERS,
        ),
        Kind(
            NotificationKind.RETURNED,
            True,
            _("When a decision you drafted or started is returned for changes, with the reason."),
            DRAFTERS,
        ),
        Kind(
            NotificationKind.REJECTED,
            False,
            _("When the decision-maker rejects a decision you drafted or started, with the reason."),
            DRAFTERS,
        ),
        Kind(NotificationKind.APPROVED, False, _("When a decision you drafted or started is approved."), DRAFTERS),
        Kind(
            NotificationKind.PUBLISHED,
            False,
            _("When Part 1 of a decision you drafted or started goes on the public register."),
            DRAFTERS,
        ),
        Kind(
            NotificationKind.PUBLICATION_DUE,
            False,
            _("When Part 1 of an approved decision falls due for publication."),
            GOVERNANCE,
        ),
        Kind(
            NotificationKind.PUBLICATION_OVERDUE,
            False,
            _("When Part 1 of an approved decision is past its publication deadline."),
            GOVERNANCE,
        ),
        Kind(
            NotificationKind.DEFERRAL_ENDING,
            False,
            _("A few working days before the deferral of a decision’s Part 1 ends."),
            GOVERNANCE,
        ),
        Kind(
            NotificationKind.VARIATION_DECIDED,
            False,
            _("When a grant variation you recorded is accepted or declined by a decision."),
            FINANCE,
        ),
    )
}

MANDATORY_KINDS = tuple(value for value, spec in KINDS.items() if spec.mandatory)


def is_mandatory(kind: str) -> bool:
    spec = KINDS.get(kind)
    return bool(spec and spec.mandatory)


def kinds_offered_to(user) -> list[Kind]:
    """The kinds ``user`` may receive, by what they may do or the offices they hold (a superuser is offered every
    kind)."""
    holds_office = user.appointments.exists()
    return [
        spec
        for spec in KINDS.values()
        if any(user.has_perm(permission) for permission in spec.offered_to)
        or (spec.offered_to == SIGNERS and holds_office)
    ]
