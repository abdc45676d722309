"""The search of Part 1 words, as the public register, the auditor's portal and the back office use it: Part 2 is
never matched, a word only in a Part 1 paragraph is; on PostgreSQL, full-text search ranked with the searched-for
reference first, highlighted extracts escaped safely, and an index kept after each commit that signs or publishes."""

import datetime as dt
import importlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import roles
from decisions.choices import DecisionStatus, Part
from decisions.models import Decision, Paragraph, Recommendation, Section
from decisions.models.decision import decided_fields
from register.models import SearchEntry
from register.search import index_decisions, reference_key
from tests.builders import complete_draft, drive
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("register:list")
PORTAL = reverse("records:sealed_list")
PART_1_ONLY = "Quarterhorse"  # appears only in a Part 1 paragraph
PART_2_ONLY = "Zanzibarite"  # appears only in a confidential Part 2 paragraph


def listed(response) -> list[str]:
    return [row.reference for row in response.context["rows"]]


def signed(reference: str, *, title: str = "Contact platform", status=DecisionStatus.PUBLISHED, **fields) -> Decision:
    """A decision with a Part 1 paragraph and a Part 2 paragraph, then signed (as the services leave it) and
    indexed."""
    decision = DecisionFactory(reference=reference, title=title, **fields)
    part_1 = Section.objects.create(decision=decision, part=Part.PART_1, position=1, kind="issues", heading="Issues")
    Paragraph.objects.create(section=part_1, position=1, text=f"The {PART_1_ONLY} platform is hosted by the MPS.")
    part_2 = Section.objects.create(
        decision=decision,
        part=Part.PART_2,
        position=1,
        kind="background_and_advice",
        heading="Confidential advice",
        non_publication_rationale="Commercial interests (s43).",
    )
    Paragraph.objects.create(section=part_2, position=1, text=f"The supplier {PART_2_ONLY} offered a discount.")
    Decision.objects.filter(pk=decision.pk).update(
        status=status, published_on=dt.date(2025, 4, 8), **decided_fields(dt.date(2025, 4, 8))
    )
    index_decisions([decision.pk])
    return decision


def test_part_2_text_is_never_found_and_a_part_1_paragraph_word_is(client):
    signed("PCD 1950")

    assert listed(client.get(REGISTER, {"search": PART_1_ONLY})) == ["PCD 1950"]
    assert listed(client.get(REGISTER, {"search": PART_1_ONLY.lower()})) == ["PCD 1950"]
    response = client.get(REGISTER, {"search": PART_2_ONLY})
    assert listed(response) == []
    assert "No published decisions match your search." in response.content.decode()
    assert listed(client.get(REGISTER, {"search": f"{PART_1_ONLY} {PART_2_ONLY}"})) == []


def test_the_portal_and_the_back_office_use_the_same_search(client, role_users, admin_user):
    decision = signed("PCD 1951", status=DecisionStatus.APPROVED)
    from records.models import DocumentVariant, SealedDocument

    SealedDocument.objects.create(
        decision=decision,
        variant=DocumentVariant.PART_1,
        file="sealed/x.pdf",
        sha256="c" * 64,
        size_bytes=1,
        page_count=1,
        certificate_subject="CN=test",
        certificate_pem="-",
        content_hash="a" * 64,
    )
    client.force_login(role_users[roles.AUDITOR])
    assert listed(client.get(PORTAL, {"search": PART_1_ONLY})) == ["PCD 1951"]
    assert listed(client.get(PORTAL, {"search": PART_2_ONLY})) == []

    client.force_login(admin_user)
    changelist = client.get(reverse("admin:decisions_decision_changelist"), {"q": PART_1_ONLY})
    assert [d.reference for d in changelist.context["cl"].result_list] == ["PCD 1951"]
    # Drafts are still found by reference and title, as before.
    DecisionFactory(reference="PCD 1952", title="A draft about horses")
    changelist = client.get(reverse("admin:decisions_decision_changelist"), {"q": "draft about"})
    assert [d.reference for d in changelist.context["cl"].result_list] == ["PCD 1952"]


def test_a_search_that_is_a_reference_puts_that_decision_first(client):
    signed("PCD 1838", title="Digital Public Contact: additional grant")
    other = signed("PCD 1900", title="Digital Public Contact: PCD 1838 refers")
    Recommendation.objects.filter(decision=other).delete()

    for words in ("PCD 1838", "pcd1838", "pcd 1838"):
        assert listed(client.get(REGISTER, {"search": words}))[0] == "PCD 1838", words


def test_reference_keys_keep_letters_and_digits():
    assert reference_key("pcd 1838") == reference_key("PCD-1838") == "PCD1838"
    assert reference_key("LANC 2025/07") == "LANC202507"


# --- PostgreSQL: full-text search ---------------------------------------------------------------------------------


@pytest.mark.postgres
def test_stemmed_words_and_phrases_are_found_best_match_first(client):
    in_title = signed("PCD 2001", title="Procurement of the online contact platform")
    in_paragraph = signed("PCD 2002", title="Something else entirely")
    Recommendation.objects.filter(decision__in=[in_title, in_paragraph]).delete()

    # "platforms" stems to "platform"; the title weighs more than a paragraph.
    assert listed(client.get(REGISTER, {"search": "platforms"})) == ["PCD 2001", "PCD 2002"]
    assert listed(client.get(REGISTER, {"search": '"online contact platform"'})) == ["PCD 2001"]
    assert listed(client.get(REGISTER, {"search": "platform -procurement"})) == ["PCD 2002"]


@pytest.mark.postgres
def test_the_matching_words_are_highlighted_and_everything_else_escaped(client):
    decision = DecisionFactory(
        reference="PCD 2003", executive_summary="Funding <script>alert(1)</script> for O'Neill's Quarterhorse service"
    )
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.PUBLISHED, **decided_fields(dt.date.today()))
    index_decisions([decision.pk])

    response = client.get(REGISTER, {"search": PART_1_ONLY})

    [row] = response.context["rows"]
    assert "<mark>Quarterhorse</mark>" in row.headline
    assert "O&#x27;Neill&#x27;s" in row.headline
    assert "<script>" not in response.content.decode()


@pytest.mark.postgres
def test_the_index_holds_part_1_words_only():
    decision = signed("PCD 2004")
    entry = SearchEntry.objects.get(decision=decision)
    assert PART_1_ONLY in entry.body
    assert PART_2_ONLY not in entry.body
    assert PART_2_ONLY.lower() not in str(entry.vector)
    assert entry.reference_key == "PCD2004"


@pytest.mark.postgres
def test_a_decision_is_indexed_once_its_publication_commits(client, cast, django_capture_on_commit_callbacks):
    decision = complete_draft(drafter=cast.drafter, title="Kestrel procurement route")
    with django_capture_on_commit_callbacks(execute=True):
        decision = drive(decision, to=DecisionStatus.PUBLISHED, cast=cast)

    assert SearchEntry.objects.filter(decision=decision).exists()
    assert listed(client.get(REGISTER, {"search": "kestrel"})) == [decision.reference]


@pytest.mark.postgres
def test_build_search_index_writes_every_signed_decision_again():
    decision = signed("PCD 2005")
    SearchEntry.objects.all().delete()
    DecisionFactory(reference="PCD 2006")  # a draft: never indexed

    call_command("build_search_index", verbosity=0)

    assert list(SearchEntry.objects.values_list("decision__reference", flat=True)) == [decision.reference]


def test_the_migration_builds_nothing_on_sqlite_and_the_command_says_so(capsys):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("SQLite only: PostgreSQL builds the index")
    migration = importlib.import_module("register.migrations.0001_search_entries")
    migration.build_index(None, type("Editor", (), {"connection": connection})())
    call_command("build_search_index")
    assert "no index to build" in capsys.readouterr().out
