"""The public register: published decisions only, Part 1 only, searched, filtered, exported, as a feed and as JSON."""

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.choices import DecisionMaker, DecisionStatus, Part, SignOffKind, SignOffMethod
from decisions.models import Decision, Paragraph, Recommendation, Section, SignOff
from decisions.models.decision import decided_fields
from records.models import DocumentVariant
from register.search import index_decisions
from tests.builders import decision_in
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("register:list")
FEED_URL = reverse("register:feed")
JSON_URL = reverse("register:open_data")
ALL_JSON_URL = reverse("register:open_data_all")
ATOM = "{http://www.w3.org/2005/Atom}"
# From Part II of the Lancashire PCC form: confidential, so never on a public page.
LANCASHIRE_PART_2 = "signed a statement of intent"
LANCASHIRE = "LANC 2019/07"
SECRET_WORD = "Zanzibarite"


def detail_url(decision: Decision) -> str:
    return reverse("register:detail", args=[decision.pk])


def pdf_url(decision: Decision, variant: str = DocumentVariant.PART_1) -> str:
    return reverse("records:document", kwargs={"pk": decision.pk, "variant": variant})


def listed(response) -> list[str]:
    return [row.reference for row in response.context["rows"]]


def publish_directly(decision: Decision, **fields) -> Decision:
    """Move a decision to published by a raw update, as the services would leave it: the decision date and year
    stored (from its decision-maker's sign-off, if any) and its search entry written."""
    decided_on = fields.pop("decided_on", None) or decision.decision_date
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.PUBLISHED, **decided_fields(decided_on), **fields
    )
    index_decisions([decision.pk])
    decision.refresh_from_db()
    return decision


def published(*, decided_on: dt.date | None = None, maker: str = DecisionMaker.DMPC, **fields) -> Decision:
    """A published decision, made cheaply: its children (and sign-off) go in first, then the status moves."""
    decision = DecisionFactory(decision_maker=maker, **fields)
    if decided_on:
        SignOff.objects.create(
            decision=decision,
            kind=SignOffKind.PCC if maker == DecisionMaker.PCC else SignOffKind.DMPC,
            printed_name="Daniel Ashcombe",
            printed_role="Deputy Mayor for Policing and Crime",
            statement="I approve the recommendations above.",
            signed_on=decided_on,
            method=SignOffMethod.PAPER_RECORD,
        )
    return publish_directly(decision, published_on=decided_on)


def with_part_2_secret(decision: Decision) -> Decision:
    """Add a Part 1 paragraph and a confidential Part 2 paragraph holding SECRET_WORD (while still a draft)."""
    part_1 = Section.objects.create(decision=decision, part=Part.PART_1, position=1, kind="issues", heading="Issues")
    Paragraph.objects.create(section=part_1, position=1, text="The platform is hosted by the MPS on behalf of forces.")
    part_2 = Section.objects.create(
        decision=decision,
        part=Part.PART_2,
        position=1,
        kind="background_and_advice",
        heading="Confidential advice",
        non_publication_rationale="Commercial interests (s43).",
    )
    Paragraph.objects.create(section=part_2, position=1, text=f"The supplier {SECRET_WORD} offered a discount.")
    return decision


@pytest.fixture
def demo(demo_db, db):
    """The demo data, with every signed decision sealed: PCD 1838 (published) and the Lancashire Part II form."""
    return {reference: Decision.objects.get(reference=reference) for reference in ("PCD 1838", "PCD 1763", LANCASHIRE)}


# --- What is listed -------------------------------------------------------------------------------------------------


def test_only_published_decisions_are_listed(client):
    shown = published(reference="PCD 1900", decided_on=dt.date(2025, 5, 1))
    for status in DecisionStatus:
        if status != DecisionStatus.PUBLISHED:
            decision = DecisionFactory(reference=f"HIDDEN {status.value}")
            Decision.objects.filter(pk=decision.pk).update(status=status)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == [shown.reference]
    text = response.content.decode()
    assert "HIDDEN" not in text
    assert f'href="{detail_url(shown)}"' in text
    assert "01/05/2025" in text and "2025/26" in text


def test_the_list_is_newest_first_and_paginated(client):
    for number in range(30):
        published(reference=f"PCD {1000 + number}", decided_on=dt.date(2025, 4, 1) + dt.timedelta(days=number))

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert listed(first)[:3] == ["PCD 1029", "PCD 1028", "PCD 1027"]
    assert len(listed(first)) == 25
    assert listed(second) == [f"PCD {1000 + n}" for n in range(4, -1, -1)]
    assert 'class="govuk-pagination"' in first.content.decode()
    assert "30 decisions" in first.content.decode()


def test_decisions_without_a_date_come_last_whichever_way_the_list_is_sorted(client):
    published(reference="PCD 1001", decided_on=dt.date(2025, 4, 1))
    published(reference="PCD 1002", decided_on=dt.date(2025, 4, 2))
    published(reference="PCD 1003")  # an imported record with no decision date

    assert listed(client.get(LIST_URL)) == ["PCD 1002", "PCD 1001", "PCD 1003"]
    assert listed(client.get(LIST_URL, {"sort": "decision_date"})) == ["PCD 1001", "PCD 1002", "PCD 1003"]
    assert listed(client.get(LIST_URL, {"sort": "-published_on"})) == ["PCD 1002", "PCD 1001", "PCD 1003"]


@pytest.mark.parametrize(
    "sort", ["reference", "-reference", "decision_date", "-decision_date", "published_on", "-published_on"]
)
def test_every_sortable_column_sorts(client, sort):
    published(reference="PCD 1901", decided_on=dt.date(2025, 5, 1))
    published(reference="PCD 1902", decided_on=dt.date(2024, 5, 1))
    response = client.get(LIST_URL, {"sort": sort})
    assert response.status_code == 200
    assert sorted(listed(response)) == ["PCD 1901", "PCD 1902"]


def test_the_number_of_queries_does_not_grow_with_the_decisions(client):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST_URL)
        assert response.status_code == 200
        return len(captured)

    def add_published(count: int) -> None:
        decisions = [DecisionFactory() for _ in range(count)]
        Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(
            status=DecisionStatus.PUBLISHED, published_on=dt.date(2025, 4, 8)
        )

    add_published(10)
    with_ten = queries_for_list()
    add_published(190)
    assert queries_for_list() == with_ten


# --- Search and filters ---------------------------------------------------------------------------------------------


def test_search_reads_reference_title_summary_recommendations_and_part_1_but_never_part_2(client):
    decision = with_part_2_secret(DecisionFactory(reference="PCD 1950", title="Contact platform"))
    Recommendation.objects.create(decision=decision, position=1, text="Approve the Kestrel procurement route.")
    publish_directly(decision)
    published(reference="PCD 1951", title="Something else entirely", executive_summary="Unrelated.")

    for words in ("pcd 1950", "contact PLATFORM", "additional Home Office", "kestrel", "hosted by the MPS"):
        assert listed(client.get(LIST_URL, {"search": words})) == ["PCD 1950"], words
    response = client.get(LIST_URL, {"search": SECRET_WORD})
    assert listed(response) == []
    assert "No published decisions match your search." in response.content.decode()


def test_filters_by_financial_year_and_decision_maker(client):
    published(reference="PCD 1800", decided_on=dt.date(2025, 3, 31))  # 2024/25
    published(reference="PCD 1801", decided_on=dt.date(2025, 4, 1))  # 2025/26
    published(reference="PCC 7", decided_on=dt.date(2025, 4, 2), maker=DecisionMaker.PCC)

    response = client.get(LIST_URL)
    assert [value for value, _label in response.context["filter"].form.fields["financial_year"].choices] == [
        "",
        "2025/26",
        "2024/25",
    ]
    assert listed(client.get(LIST_URL, {"financial_year": "2024/25"})) == ["PCD 1800"]
    assert listed(client.get(LIST_URL, {"financial_year": "2025/26"})) == ["PCC 7", "PCD 1801"]
    assert listed(client.get(LIST_URL, {"decision_maker": DecisionMaker.PCC})) == ["PCC 7"]
    response = client.get(LIST_URL, {"financial_year": "2019/20"})
    assert listed(response) == []
    assert "There is a problem" in response.content.decode()


def test_the_years_offered_are_remembered_and_a_changed_decision_refreshes_them(client):
    published(reference="PCD 1800", decided_on=dt.date(2025, 3, 31))

    def offered():
        form = client.get(LIST_URL).context["filter"].form
        return [value for value, _label in form.fields["financial_year"].choices if value]

    assert offered() == ["2024/25"]
    with CaptureQueriesContext(connection) as again:
        assert offered() == ["2024/25"]
    assert not [query for query in again.captured_queries if "financial_year" in query["sql"] and "MAX" in query["sql"]]
    # A decision saved (here: published in a new year, then saved as the services save) is seen at once.
    later = published(reference="PCD 1900", decided_on=dt.date(2026, 5, 1))
    later.save()
    assert offered() == ["2026/27", "2024/25"]


def test_csv_and_xlsx_exports_hold_the_filtered_rows_safe_for_spreadsheets(client):
    injected = published(reference="PCD 1990", title='=HYPERLINK("http://attacker.example/","Click")')
    published(reference="PCD 1991", title="Not in the search", executive_summary="Other.")

    response = client.get(LIST_URL, {"search": "HYPERLINK", "_export": "csv"})
    assert response.status_code == 200
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Reference",
        "Title",
        "Decision-maker",
        "Decision date",
        "Financial year",
        "Published",
        "Executive summary",
        "Web page",
        "PDF",
    ]
    assert len(rows) == 2
    assert rows[1][0] == "PCD 1990"
    assert rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][7] == f"http://testserver{detail_url(injected)}"

    response = client.get(LIST_URL, {"search": "HYPERLINK", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][1].startswith("'=HYPERLINK")


# --- A decision's page ----------------------------------------------------------------------------------------------


def test_a_published_decision_shows_part_1_only(client):
    decision = with_part_2_secret(DecisionFactory(reference="PCD 1960", title="Contact platform"))
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.PUBLISHED, published_on=dt.date(2025, 4, 8))

    response = client.get(detail_url(decision))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Contact platform" in text
    assert "hosted by the MPS" in text
    assert SECRET_WORD not in text
    assert "Confidential advice" not in text
    assert "08/04/2025" in text
    # Not sealed yet: no PDF link, and never the complete form.
    assert pdf_url(decision) not in text
    assert "/pdf/complete/" not in text


@pytest.mark.parametrize(
    "status",
    [
        DecisionStatus.DRAFT,
        DecisionStatus.SUBMITTED,
        DecisionStatus.CLEARED,
        DecisionStatus.APPROVED,
        DecisionStatus.RETURNED,
        DecisionStatus.REJECTED,
        DecisionStatus.WITHDRAWN,
    ],
)
def test_a_decision_that_is_not_published_is_not_found(client, cast, status):
    decision = decision_in(status, cast=cast)
    call_command("seal_pending", verbosity=0)

    assert client.get(detail_url(decision)).status_code == 404
    for variant in DocumentVariant.values:
        assert client.get(pdf_url(decision, variant)).status_code == 404
    # Signed-in staff are not shown it on the register either.
    client.force_login(cast.governance)
    assert client.get(detail_url(decision)).status_code == 404


def test_an_id_that_does_not_exist_is_not_found(client):
    assert client.get(reverse("register:detail", args=[987654])).status_code == 404


# --- The demo: PCD 1838 published, the Lancashire Part II form approved ---------------------------------------------


def test_search_finds_pcd_1838_and_its_pdf_downloads(client, demo):
    pcd_1838 = demo["PCD 1838"]

    response = client.get(LIST_URL, {"search": "Digital Public Contact"})

    assert "PCD 1838" in listed(response)
    assert LANCASHIRE not in listed(response)
    assert pdf_url(pcd_1838) in response.content.decode()
    page = client.get(detail_url(pcd_1838)).content.decode()
    assert "Digital Public Contact" in page
    assert f'href="{pdf_url(pcd_1838)}"' in page
    assert pdf_url(pcd_1838, DocumentVariant.COMPLETE) not in page
    download = client.get(pdf_url(pcd_1838))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_lancashire_part_ii_decision_is_not_found_nor_its_pdfs(client, demo):
    lancashire = demo[LANCASHIRE]
    assert lancashire.status == DecisionStatus.APPROVED
    assert lancashire.sealed_documents.exists()

    assert client.get(detail_url(lancashire)).status_code == 404
    for variant in DocumentVariant.values:
        assert client.get(pdf_url(lancashire, variant)).status_code == 404


def public_texts(client, decisions) -> dict[str, str]:
    urls = [
        LIST_URL,
        f"{LIST_URL}?search=statement+of+intent",
        f"{LIST_URL}?search=Lancashire",
        f"{LIST_URL}?_export=csv",
        FEED_URL,
        JSON_URL,
        ALL_JSON_URL,
        *(detail_url(decision) for decision in decisions),
    ]
    texts = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            texts[url] = body.decode()
    return texts


def test_part_2_text_never_appears_on_any_public_page_feed_or_data(client, demo):
    texts = public_texts(client, demo.values())
    assert len(texts) == 9  # the Lancashire page is not found
    for url, text in texts.items():
        assert LANCASHIRE_PART_2 not in text, url
        assert "Statement of Intent" not in text, url

    # Even were governance to publish the Part II form, only its Part 1 (here, nothing but its title) shows.
    lancashire = demo[LANCASHIRE]
    Decision.objects.filter(pk=lancashire.pk).update(status=DecisionStatus.PUBLISHED, published_on=dt.date(2025, 5, 1))
    texts = public_texts(client, demo.values())
    assert len(texts) == 10
    assert "Lancashire" in texts[detail_url(lancashire)]
    for url, text in texts.items():
        assert LANCASHIRE_PART_2 not in text, url
        assert "Statement of Intent" not in text, url
        assert pdf_url(lancashire, DocumentVariant.COMPLETE) not in text, url
    assert client.get(pdf_url(lancashire, DocumentVariant.COMPLETE)).status_code == 404
    assert client.get(pdf_url(lancashire)).status_code == 200


def test_the_atom_feed_lists_newly_published_decisions(client, demo):
    response = client.get(FEED_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the project's own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles[0].startswith("PCD 1838: Changes to the National Policing Programme Grant Agreement")
    assert not any(title.startswith(LANCASHIRE) for title in titles)
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{detail_url(demo['PCD 1838'])}"
    assert "additional Home Office (HO) funding" in first.findtext(f"{ATOM}summary")
    assert first.findtext(f"{ATOM}updated").startswith("2025-04-08")


def test_the_open_data_has_the_register_with_amounts_as_strings(client, demo):
    response = client.get(JSON_URL)

    assert response.status_code == 200
    data = json.loads(response.content)
    by_reference = {record["reference"]: record for record in data["decisions"]}
    assert set(by_reference) == {"PCD 1838", "PCD 1763"}
    assert data["count"] == 2
    pcd_1838 = by_reference["PCD 1838"]
    assert pcd_1838["decision_maker"] == "Deputy Mayor for Policing and Crime"
    assert pcd_1838["decision_date"] == "2025-04-08"
    assert pcd_1838["published_on"] == "2025-04-08"
    assert pcd_1838["executive_summary"].startswith("This paper seeks approval")
    assert pcd_1838["recommendations"][0].startswith("Approve acceptance of additional HO grant funding of £1.87m")
    [grant] = pcd_1838["grants"]
    assert grant["funder_reference"] == "685"
    assert grant["original_award_amount"] == "20698000.00"
    assert grant["current_total_amount"] == "22568000.00"
    assert pcd_1838["url"] == f"http://testserver{detail_url(demo['PCD 1838'])}"
    assert pcd_1838["pdf_url"] == f"http://testserver{pdf_url(demo['PCD 1838'])}"
    assert LANCASHIRE_PART_2 not in response.content.decode()


def test_the_rows_made_in_python_escape_what_they_show(client, db):
    import pgtrigger

    from tests.test_list_queries import add_decisions

    [decision] = add_decisions(1)
    with pgtrigger.ignore("decisions.Decision:decision_frozen_after_approval"):
        Decision.objects.filter(pk=decision.pk).update(title='<script>alert("x")</script> & more')

    text = client.get(reverse("register:list")).content.decode()

    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in text
    assert 'data-label="Title"' in text
