"""What is signed is what takes effect: every signature binds a revision of the whole form, and approval accepts
exactly the variations and grants of the revision the decision-maker signed. While a decision is being signed, the
money it moves cannot change: in the services, the back office, and (on PostgreSQL) by triggers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus as S
from decisions.content import decision_content, part_1_content, sha256_of
from decisions.drafting import decision_draft_from_variation
from decisions.models import DecisionRevision, RevisionReason
from decisions.services import decision_link_grant, decision_link_variation, decision_refer_to
from grants.choices import GrantStatus, VariationKind, VariationStatus
from grants.models import Grant, GrantVariation
from grants.services import variation_correct
from tests.builders import complete_draft, drive, grant_685, make_submittable, perform

pytestmark = pytest.mark.django_db

FIFTY_THOUSAND = Decimal("50000.00")


def small_variation(grant: Grant, *, sequence: int = 1, amount=FIFTY_THOUSAND) -> GrantVariation:
    return GrantVariation.objects.create(
        grant=grant,
        sequence=sequence,
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=amount,
        letter_reference=f"685 variation letter {sequence}",
        letter_date=dt.date(2025, 3, 14),
    )


@pytest.fixture
def finance(role_users):
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def grant():
    return grant_685()


@pytest.fixture
def cleared(cast, finance, grant):
    """A decision about a £50,000 variation of grant 685, signed by the Chief Executive and waiting for the DMPC."""
    variation = small_variation(grant)
    decision = decision_draft_from_variation(variation=variation, by=finance)
    make_submittable(decision, by=cast.drafter)
    return drive(decision, to=S.CLEARED, cast=cast)


def test_every_signature_binds_a_revision_of_the_whole_form_with_the_money_it_moves(cleared):
    revisions = list(cleared.revisions.order_by("number"))
    assert [revision.reason for revision in revisions] == [RevisionReason.SUBMITTED, RevisionReason.SIGNED]
    signed = revisions[-1]
    sign_off = cleared.sign_offs.get()
    assert sign_off.revision == signed
    assert sign_off.content_hash == signed.sha256 == sha256_of(signed.content)
    [variation] = signed.content["variations"]
    assert (variation["kind"], variation["amount_change"], variation["grant"]) == (
        "additional_funding",
        "50000.00",
        "685 (2024/25)",
    )
    assert signed.content["grants"][0]["original_award_amount"] == "20698000.00"
    assert signed.part_1_sha256 == sha256_of(part_1_content(signed.content))


def test_the_amount_cannot_be_corrected_after_the_chief_executive_signs(cleared, finance):
    variation = cleared.variations.get()

    with pytest.raises(Refused) as refusal:
        variation_correct(
            variation=variation,
            by=finance,
            kind=variation.kind,
            amount_change=Decimal("5000000.00"),
            letter_reference=variation.letter_reference,
        )

    assert refusal.value.code == "state"
    assert refusal.value.message == (
        f"{cleared.reference} is being signed with this variation as it stands: the decision must be returned "
        "before the variation is corrected."
    )
    variation.refresh_from_db()
    assert variation.amount_change == FIFTY_THOUSAND


def test_the_back_office_shows_the_variation_read_only_and_says_why(client, cleared, admin_user):
    variation = cleared.variations.get()
    client.force_login(admin_user)
    url = reverse("admin:grants_grantvariation_change", args=[variation.pk])

    page = client.get(url).content.decode()
    assert 'name="amount_change"' not in page
    assert f"{cleared.reference} is being signed with this variation as it stands" in page
    client.post(url, {"amount_change": "5000000.00", "letter_reference": "changed", "_save": "Save"})

    variation.refresh_from_db()
    assert variation.amount_change == FIFTY_THOUSAND


def test_approval_accepts_the_amount_that_was_signed(cleared, cast, grant):
    perform("approve", cleared, by=cast.dmpc)

    variation = cleared.variations.get()
    assert variation.status == VariationStatus.ACCEPTED
    assert variation.amount_change == FIFTY_THOUSAND
    grant.refresh_from_db()
    assert Grant.objects.with_totals().get(pk=grant.pk).current_total_amount == Decimal("20748000.00")
    approval = cleared.sign_offs.get(kind="dmpc")
    assert approval.revision.content["variations"][0]["amount_change"] == "50000.00"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the write itself (tested below)")
def test_an_amount_changed_behind_the_services_back_is_never_accepted(cleared, cast, grant):
    # What a trigger refuses on PostgreSQL, done here by a bulk update that bypasses the services.
    GrantVariation.objects.filter(decision=cleared).update(amount_change=Decimal("5000000.00"))

    with pytest.raises(Refused) as refusal:
        perform("approve", cleared, by=cast.dmpc)

    assert refusal.value.message == (
        f"{cleared.reference} changed after an earlier signature: return it so it can be signed again."
    )
    assert cleared.variations.get().status == VariationStatus.PROPOSED
    assert Grant.objects.with_totals().get(pk=grant.pk).current_total_amount == Decimal("20698000.00")


def test_another_variation_or_grant_cannot_be_linked_while_the_decision_is_being_signed(cleared, cast, grant):
    other = small_variation(grant, sequence=2, amount=Decimal("999000.00"))
    offered = Grant.objects.create(
        funder_reference="686",
        title="Another grant",
        funder=grant.funder,
        recipient=grant.recipient,
        financial_year="2024/25",
        original_award_amount=Decimal("100000.00"),
    )
    editor = cast.drafter
    editor.user_permissions.add(*_permission("decisions", "change_decision"))
    message = f"{cleared.reference} is waiting for signatures: it must be returned for changes before it is edited."

    for attempt in (
        lambda: decision_link_variation(decision=cleared, variation=other, by=editor),
        lambda: decision_link_grant(decision=cleared, grant=offered, by=editor, accepts=True),
        lambda: decision_refer_to(decision=cleared, earlier=complete_draft(drafter=cast.drafter), by=editor),
    ):
        with pytest.raises(Refused) as refusal:
            attempt()
        assert refusal.value.code == "frozen"
        assert refusal.value.message == message

    other.refresh_from_db()
    offered.refresh_from_db()
    assert other.decision is None
    assert offered.accepting_decision is None


def test_after_a_return_the_variation_can_be_corrected_and_the_change_is_shown_before_signing_again(
    cleared, cast, finance, client
):
    perform("return", cleared, by=cast.ceo)
    variation = cleared.variations.get()
    cleared.variations.update(decision=None)  # taken off the decision, corrected, and put back

    variation_correct(
        variation=variation,
        by=finance,
        kind=variation.kind,
        amount_change=Decimal("60000.00"),
        letter_reference=variation.letter_reference,
    )
    editor = cast.drafter
    editor.user_permissions.add(*_permission("decisions", "change_decision"))
    decision_link_variation(decision=cleared, variation=variation, by=editor)

    client.force_login(cast.ceo)
    page = client.get(reverse("decisions:revisions", args=[cleared.pk])).content.decode()
    assert "Grant 685 (2024/25) variation 1" in page
    assert "£50000.00" in page and "£60000.00" in page


def _permission(app: str, codename: str):
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(content_type__app_label=app, codename=codename))


# --- On PostgreSQL, the same changes by SQL ------------------------------------------------------------------------


def raw_refused(sql: str, params) -> str:
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(refusal.value)


@pytest.mark.postgres
def test_postgresql_refuses_the_amount_change_by_sql(cleared):
    variation = cleared.variations.get()
    message = raw_refused("UPDATE grants_grantvariation SET amount_change = 5000000 WHERE id = %s", [variation.pk])
    assert "is being signed" in message


@pytest.mark.postgres
def test_postgresql_refuses_new_links_to_a_decision_being_signed(cleared, grant):
    other = small_variation(grant, sequence=2)
    assert "is being signed" in raw_refused(
        "UPDATE grants_grantvariation SET decision_id = %s WHERE id = %s", [cleared.pk, other.pk]
    )
    assert "no longer a draft" in raw_refused(
        "INSERT INTO decisions_decision_grants (decision_id, grant_id) VALUES (%s, %s)",
        [cleared.pk, Grant.objects.create(
            funder_reference="687", title="x", funder=grant.funder, recipient=grant.recipient,
            financial_year="2024/25", original_award_amount=1,
        ).pk],
    )  # fmt: skip
    assert "no longer a draft" in raw_refused(
        "DELETE FROM decisions_decision_grants WHERE decision_id = %s", [cleared.pk]
    )
    assert "no longer a draft" in raw_refused(
        "INSERT INTO decisions_paragraph (section_id, position, heading, text) "
        "SELECT id, 99, '', 'Added while waiting for the DMPC' FROM decisions_section WHERE decision_id = %s LIMIT 1",
        [cleared.pk],
    )


@pytest.mark.postgres
def test_postgresql_refuses_a_grant_left_offered_by_an_approved_decision(cleared, cast, grant):
    perform("approve", cleared, by=cast.dmpc)
    offered = Grant.objects.create(
        funder_reference="688",
        title="Offered",
        funder=grant.funder,
        recipient=grant.recipient,
        financial_year="2024/25",
        original_award_amount=Decimal("1000.00"),
    )
    message = raw_refused(
        "UPDATE grants_grant SET accepting_decision_id = %s, status = 'offered' WHERE id = %s",
        [cleared.pk, offered.pk],
    )
    assert "is not left as offered" in message
    assert offered.status == GrantStatus.OFFERED


def test_revisions_are_append_only_in_the_back_office_and_on_postgresql(cleared):
    revision = cleared.revisions.first()
    if connection.vendor == "postgresql":
        assert "Cannot update or delete" in raw_refused(
            "UPDATE decisions_decisionrevision SET canonical = '{}' WHERE id = %s", [revision.pk]
        )
    assert DecisionRevision.objects.get(pk=revision.pk).canonical == revision.canonical
    assert sha256_of(decision_content(cleared)) == cleared.sign_offs.get().content_hash
