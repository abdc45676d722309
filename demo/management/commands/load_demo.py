"""``manage.py load_demo``: the seed documents as demo data, and one demo user per role when DEBUG is on.

Idempotent: every row is found by its natural key and saved only when something differs, so a second run
writes nothing (and adds no history rows). Passwords are set only when a demo user is first created.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand
from django.db import transaction

from decisions.choices import FROZEN_STATUSES, DecisionMaker, DecisionStatus, FormType, Part, SignOffKind, SignOffMethod
from decisions.models import (
    Appointment,
    Decision,
    DecisionRevision,
    OfficerDeclaration,
    Paragraph,
    Recommendation,
    ReferenceSeries,
    RevisionReason,
    Section,
    SignOff,
    SupportingPaper,
)
from decisions.revisions import revision_store
from decisions.statements import (
    MOPAC_DECLARATIONS,
    PCC_DECLARATIONS,
    RECOMMENDATION_INTRO,
    SIGN_OFF_ROLES,
    SIGN_OFF_STATEMENTS,
)
from demo import lancashire, mopac, people
from demo.load_forces import link_services_to_programme, load_forces, reference_data
from demo.rows import CREATED, UNCHANGED, UPDATED, Tally, apply_values, upsert
from demo.shapes import SectionText
from demo.waiting import load_waiting_decision
from grants.choices import GrantStatus, VariationKind, VariationStatus
from grants.models import Grant, GrantVariation, Organisation, Programme, VariationOutcome

# Users and roles ----------------------------------------------------------------------------------------------


def load_user(tally: Tally, demo_user: people.DemoUser, *, superuser: bool = False) -> AbstractUser:
    user_model = get_user_model()
    values = {
        "first_name": demo_user.first_name,
        "last_name": demo_user.last_name,
        "email": demo_user.email,
        "is_staff": True,
        "is_superuser": superuser,
    }
    user = user_model.objects.filter(username=demo_user.username).first()
    if user is not None:
        tally.record(user_model, UPDATED if apply_values(user, values) else UNCHANGED)
        return user
    user = user_model(username=demo_user.username, **values)
    validate_password(demo_user.password, user)
    user.set_password(demo_user.password)
    user.save()
    tally.record(user_model, CREATED)
    return user


def load_users(tally: Tally) -> dict[str, AbstractUser]:
    users = {}
    for demo_user in people.ROLE_USERS:
        user = load_user(tally, demo_user)
        user.groups.add(upsert(tally, Group, {"name": demo_user.role}))
        users[demo_user.username] = user
    users[people.ADMIN.username] = load_user(tally, people.ADMIN, superuser=True)
    return users


# Grants -------------------------------------------------------------------------------------------------------


def load_organisations(tally: Tally) -> dict[str, Organisation]:
    return {
        name: upsert(tally, Organisation, {"name": name}, {"short_name": short_name, "kind": kind})
        for name, short_name, kind in mopac.ORGANISATIONS
    }


def load_programme(tally: Tally, organisations: dict[str, Organisation]) -> Programme:
    values = {key: value for key, value in mopac.PROGRAMME.items() if key != "name"}
    values |= {"host": organisations[mopac.MPS], "contracting_authority": organisations[mopac.MOPAC]}
    return upsert(tally, Programme, {"name": mopac.PROGRAMME["name"]}, values)


def load_grant(
    tally: Tally, organisations: dict[str, Organisation], programme: Programme, accepted_by: Decision
) -> Grant:
    data = mopac.GRANT_685
    lookup = {
        "funder": organisations[mopac.HOME_OFFICE],
        "funder_reference": data["funder_reference"],
        "financial_year": data["financial_year"],
    }
    values = {
        "title": data["title"],
        "recipient": organisations[mopac.MOPAC],
        "host": organisations[mopac.MPS],
        "programme": programme,
        "original_award_amount": data["original_award_amount"],
        "status": GrantStatus.ACCEPTED,
        "accepting_decision": accepted_by,
        "accepted_on": mopac.PCD_1763["dmpc_signed_on"],
        "conditions": data["conditions"],
    }
    return upsert(tally, Grant, lookup, values)


def load_variation(tally: Tally, grant: Grant, decision: Decision) -> GrantVariation:
    """Variation 1 of grant 685 with its outcomes, accepted because PCD 1838 approved it (entered as proposed, then
    set to accepted as the record stands: a decided variation is not added to)."""
    data = mopac.VARIATION_1
    decided = GrantVariation.objects.filter(grant=grant, sequence=data["sequence"]).exclude(
        status=VariationStatus.PROPOSED
    )
    if decided.exists():
        tally.record(GrantVariation, UNCHANGED)
        return decided.get()
    values = {key: value for key, value in data.items() if key != "sequence"}
    values |= {"kind": VariationKind.MATCH_FUNDING, "decision": decision}
    variation = upsert(tally, GrantVariation, {"grant": grant, "sequence": data["sequence"]}, values)
    for position, text in enumerate(mopac.OUTCOMES, start=1):
        upsert(tally, VariationOutcome, {"variation": variation, "position": position}, {"text": text})
    apply_values(variation, {"status": VariationStatus.ACCEPTED})
    return variation


# Decision content ---------------------------------------------------------------------------------------------


def load_decision(tally: Tally, reference: str, values: dict[str, Any]) -> tuple[Decision, bool]:
    """The decision row, and whether its content is still to be written.

    A new decision starts as a draft and gets its final status once its content is in. A signed one is
    left exactly as it is: its content is frozen (in PostgreSQL by triggers), so it is never rewritten.
    """
    signed = Decision.objects.filter(reference=reference, status__in=FROZEN_STATUSES).first()
    if signed is not None:
        tally.record(Decision, UNCHANGED)
        return signed, False
    return upsert(tally, Decision, {"reference": reference}, values), True


def load_recommendations(tally: Tally, decision: Decision, texts: tuple[str, ...]) -> None:
    for position, text in enumerate(texts, start=1):
        upsert(tally, Recommendation, {"decision": decision, "position": position}, {"text": text})


def load_sections(tally: Tally, decision: Decision, sections: tuple[SectionText, ...], part: Part) -> None:
    for position, section_text in enumerate(sections, start=1):
        values = {
            "kind": section_text.kind,
            "heading": section_text.heading,
            "paragraph_style": section_text.style,
            "non_publication_rationale": section_text.non_publication_rationale,
        }
        section = upsert(tally, Section, {"decision": decision, "part": part, "position": position}, values)
        load_paragraphs(tally, section, section_text)


def load_paragraphs(tally: Tally, section: Section, section_text: SectionText) -> None:
    for position, paragraph_text in enumerate(section_text.paragraphs, start=1):
        paragraph = upsert(
            tally,
            Paragraph,
            {"section": section, "parent": None, "position": position},
            {"heading": paragraph_text.heading, "text": paragraph_text.text},
        )
        for item_position, item in enumerate(paragraph_text.items, start=1):
            upsert(
                tally,
                Paragraph,
                {"section": section, "parent": paragraph, "position": item_position},
                {"heading": item.heading, "text": item.text},
            )


def load_declarations(
    tally: Tally,
    decision: Decision,
    declarations: tuple[tuple[str, str, str], ...],
    *,
    on: dt.date,
    by: AbstractUser | None,
    drafting_officer: str = "",
) -> None:
    for position, (kind, label, statement) in enumerate(declarations, start=1):
        values = {
            "position": position,
            "label": label,
            "statement": statement.format(drafting_officer=drafting_officer),
            "confirmed": True,
            "confirmed_on": on,
            "confirmed_by": by,
        }
        upsert(tally, OfficerDeclaration, {"decision": decision, "kind": kind}, values)


def paper_revision(tally: Tally, decision: Decision) -> DecisionRevision:
    """The revision the paper form's signers signed: the content as entered from it."""
    revision = decision.revisions.filter(reason=RevisionReason.RECORDED).first()
    if revision is None:
        revision = revision_store(decision, reason=RevisionReason.RECORDED)
        tally.record(DecisionRevision, CREATED)
    return revision


def load_sign_off(
    tally: Tally,
    decision: Decision,
    kind: SignOffKind,
    *,
    name: str,
    on: dt.date,
    signer: AbstractUser | None,
    revision: DecisionRevision,
    statement: str | None = None,
) -> SignOff:
    """A sign-off recorded from the signed paper form, over the content as it was entered."""
    values = {
        "signer": signer,
        "printed_name": name,
        "printed_role": SIGN_OFF_ROLES[kind],
        "statement": statement or SIGN_OFF_STATEMENTS[kind],
        "interests_declared": "",
        "signed_on": on,
        "method": SignOffMethod.PAPER_RECORD,
        "content_hash": revision.sha256,
        "revision": revision,
    }
    return upsert(tally, SignOff, {"decision": decision, "kind": kind}, values)


def finish_decision(decision: Decision, status: DecisionStatus, published_on: dt.date | None) -> None:
    """Set the status the record stands at; it was built as a draft so that its content went in first."""
    apply_values(decision, {"status": status, "published_on": published_on})


# MOPAC decisions ----------------------------------------------------------------------------------------------


def mopac_decision_values(
    data: dict[str, Any], organisations: dict[str, Organisation], drafter: AbstractUser | None
) -> dict[str, Any]:
    return {
        "form_type": FormType.MOPAC_PCD,
        "decision_maker": DecisionMaker.DMPC,
        "policing_body": organisations[mopac.MOPAC],
        "title": data["title"],
        "executive_summary": data["executive_summary"],
        "recommendation_intro": RECOMMENDATION_INTRO[FormType.MOPAC_PCD],
        "drafted_by": drafter,
    }


def sign_mopac_decision(tally: Tally, decision: Decision, data: dict[str, Any], users: dict[str, AbstractUser]) -> None:
    revision = paper_revision(tally, decision)
    for kind, demo_user, signed_on in (
        (SignOffKind.CHIEF_EXECUTIVE, people.CEO, data["chief_executive_signed_on"]),
        (SignOffKind.DMPC, people.DMPC, data["dmpc_signed_on"]),
    ):
        signer = users.get(demo_user.username)
        load_sign_off(tally, decision, kind, name=demo_user.full_name, on=signed_on, signer=signer, revision=revision)


def load_pcd_1763(tally: Tally, organisations: dict[str, Organisation], users: dict[str, AbstractUser]) -> Decision:
    """PCD 1763, signed; it is published once grant 685 is linked to it."""
    data = mopac.PCD_1763
    drafter = users.get(people.DRAFTING.username)
    decision, to_write = load_decision(tally, data["reference"], mopac_decision_values(data, organisations, drafter))
    if to_write:
        load_recommendations(tally, decision, data["recommendations"])
    return decision


def load_pcd_1838(
    tally: Tally,
    organisations: dict[str, Organisation],
    users: dict[str, AbstractUser],
    grant: Grant,
    pcd_1763: Decision,
) -> tuple[Decision, bool]:
    """PCD 1838, and whether it is still to be signed (a new one)."""
    data = mopac.PCD_1838
    drafter = users.get(people.DRAFTING.username)
    decision, to_write = load_decision(tally, data["reference"], mopac_decision_values(data, organisations, drafter))
    variation = load_variation(tally, grant, decision)
    if to_write:
        write_pcd_1838(tally, decision, users, grant, variation, pcd_1763)
    return decision, to_write


def write_pcd_1838(
    tally: Tally,
    decision: Decision,
    users: dict[str, AbstractUser],
    grant: Grant,
    variation: GrantVariation,
    pcd_1763: Decision,
) -> None:
    """PCD 1838 word for word, with its links (signed once the forces' plans are linked to it too)."""
    data = mopac.PCD_1838
    load_recommendations(tally, decision, data["recommendations"])
    load_sections(tally, decision, mopac.PCD_1838_SECTIONS, Part.PART_1)
    papers = zip(
        mopac.PCD_1838_SUPPORTING_PAPERS,
        ({"related_variation": variation}, {"related_decision": pcd_1763}),
        strict=True,
    )
    for position, (title, related) in enumerate(papers, start=1):
        upsert(tally, SupportingPaper, {"decision": decision, "position": position}, {"title": title, **related})
    load_declarations(
        tally,
        decision,
        MOPAC_DECLARATIONS,
        on=data["declarations_on"],
        by=users.get(people.DRAFTING.username),
        drafting_officer=people.DRAFTING.full_name,
    )
    decision.grants.add(grant)
    decision.refers_to.add(pcd_1763)


def sign_pcd_1838(tally: Tally, decision: Decision, users: dict[str, AbstractUser]) -> None:
    """Signed by the Chief Executive and the DMPC over the whole record (its plan links included), and published."""
    sign_mopac_decision(tally, decision, mopac.PCD_1838, users)
    finish_decision(decision, DecisionStatus.PUBLISHED, mopac.PCD_1838["published_on"])


# The Lancashire PCC decision ----------------------------------------------------------------------------------


def load_lancashire_decision(tally: Tally, organisations: dict[str, Organisation]) -> tuple[Decision, bool]:
    data = lancashire.DECISION
    values = {
        "form_type": FormType.PCC_DECISION,
        "decision_maker": DecisionMaker.PCC,
        "policing_body": organisations[mopac.LANCASHIRE_PCC],
        "title": data["title"],
    }
    decision, to_write = load_decision(tally, data["reference"], values)
    if to_write:
        write_lancashire_decision(tally, decision)
    return decision, to_write


def write_lancashire_decision(tally: Tally, decision: Decision) -> None:
    """The Part II form word for word and its declarations (signed once its plans are linked to it)."""
    data = lancashire.DECISION
    load_sections(tally, decision, lancashire.PART_2_SECTIONS, Part.PART_2)
    for position, title in enumerate(lancashire.CONFIDENTIAL_PAPERS, start=1):
        upsert(
            tally,
            SupportingPaper,
            {"decision": decision, "position": position},
            {"title": title, "is_confidential": True},
        )
    load_declarations(tally, decision, PCC_DECLARATIONS, on=data["declarations_on"], by=None)


def sign_lancashire_decision(tally: Tally, decision: Decision) -> None:
    """Both sign-offs of the Part II form, over the whole record (its plans included); approved, never published."""
    data = lancashire.DECISION
    revision = paper_revision(tally, decision)
    load_sign_off(
        tally,
        decision,
        SignOffKind.MONITORING_OFFICER,
        name=people.LANCASHIRE_MONITORING_OFFICER,
        on=data["monitoring_officer_signed_on"],
        signer=None,
        revision=revision,
        statement=SIGN_OFF_STATEMENTS[SignOffKind.MONITORING_OFFICER].format(area=lancashire.AREA),
    )
    load_sign_off(
        tally,
        decision,
        SignOffKind.PCC,
        name=people.LANCASHIRE_PCC,
        on=data["pcc_signed_on"],
        signer=None,
        revision=revision,
    )
    # Approved and never published: all of its content is Part 2.
    finish_decision(decision, DecisionStatus.APPROVED, None)


# Who signs for whom, and how each body numbers its decisions ----------------------------------------------------

APPOINTED_FROM = dt.date(2024, 4, 1)
# (demo user, the office they hold, the body they hold it for)
APPOINTMENTS = (
    (people.CEO, SignOffKind.CHIEF_EXECUTIVE, mopac.MOPAC),
    (people.DMPC, SignOffKind.DMPC, mopac.MOPAC),
    (people.LANCASHIRE_MO, SignOffKind.MONITORING_OFFICER, mopac.LANCASHIRE_PCC),
    (people.LANCASHIRE_PCC_USER, SignOffKind.PCC, mopac.LANCASHIRE_PCC),
)


def load_reference_series(tally: Tally, organisations: dict[str, Organisation]) -> None:
    """MOPAC numbers its decisions PCD 1839 onwards (PCD 1838 is the seed); Lancashire's PCC numbers them per year."""
    upsert(tally, ReferenceSeries, {"policing_body": organisations[mopac.MOPAC]}, {"prefix": "PCD"})
    series = ReferenceSeries.objects.get(policing_body=organisations[mopac.MOPAC])
    if series.next_number < 1839:
        apply_values(series, {"next_number": 1839})
    upsert(
        tally,
        ReferenceSeries,
        {"policing_body": organisations[mopac.LANCASHIRE_PCC]},
        {"prefix": "LANC", "per_year": True},
    )


def load_appointments(tally: Tally, organisations: dict[str, Organisation], users: dict[str, AbstractUser]) -> None:
    """One appointment per signer of the demo, for the body they sign for (only with the demo users)."""
    for demo_user, office, body in APPOINTMENTS:
        user = users.get(demo_user.username)
        if user is None:
            continue
        upsert(
            tally,
            Appointment,
            {"person": user, "office": office, "policing_body": organisations[body]},
            {"title": SIGN_OFF_ROLES[office], "starts_on": APPOINTED_FROM},
        )


# The command --------------------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Load the demo data from the seed documents (and demo users, one per role, when DEBUG is on)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing unless something goes wrong.")

    def handle(self, *args, quiet: bool = False, **options):
        quiet = quiet or options["verbosity"] == 0
        tally = Tally()
        with transaction.atomic():
            users = load_users(tally) if settings.DEBUG else {}
            self.load_everything(tally, users)
        if not quiet:
            self.report(tally, users)

    def load_everything(self, tally: Tally, users: dict[str, AbstractUser]) -> None:
        forces, services = reference_data()
        organisations = load_organisations(tally)
        load_reference_series(tally, organisations)
        load_appointments(tally, organisations, users)
        programme = load_programme(tally, organisations)
        link_services_to_programme(services, programme)
        pcd_1763 = load_pcd_1763(tally, organisations, users)
        grant = load_grant(tally, organisations, programme, pcd_1763)
        if not pcd_1763.is_frozen:
            # Links first, then the signatures over the whole record, status last: a signed record is not added to.
            pcd_1763.grants.add(grant)
            sign_mopac_decision(tally, pcd_1763, mopac.PCD_1763, users)
            finish_decision(pcd_1763, DecisionStatus.PUBLISHED, mopac.PCD_1763["published_on"])
        pcd_1838, sign_1838 = load_pcd_1838(tally, organisations, users, grant, pcd_1763)
        lancashire_decision, sign_lancashire = load_lancashire_decision(tally, organisations)
        decisions = {"pcd_1838": pcd_1838, "lancashire": lancashire_decision}
        # The plans link to the decisions while they are still being entered: a signed record is not added to.
        load_forces(tally, forces, services, decisions)
        if sign_1838:
            sign_pcd_1838(tally, pcd_1838, users)
        if sign_lancashire:
            sign_lancashire_decision(tally, lancashire_decision)
        waiting, made = load_waiting_decision(organisations[mopac.MOPAC], users)
        if waiting is not None:
            tally.record(Decision, CREATED if made else UNCHANGED)

    def report(self, tally: Tally, users: dict[str, AbstractUser]) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded:"))
        for line in tally.lines():
            self.stdout.write(line)
        if not users:
            self.stdout.write("Demo users skipped: DEBUG is off.")
            return
        self.stdout.write("")
        self.stdout.write("Demo logins (passwords are set when a user is first created and not reset later):")
        rows = [(demo.username, demo.password, demo.role or "superuser") for demo in (*people.ROLE_USERS, people.ADMIN)]
        width = max(len(username) for username, _, _ in rows) + 2
        pw_width = max(len(password) for _, password, _ in rows) + 2
        self.stdout.write(f"  {'username'.ljust(width)}{'password'.ljust(pw_width)}role")
        for username, password, role in rows:
            self.stdout.write(f"  {username.ljust(width)}{password.ljust(pw_width)}{role}")
