"""The grants front office: the list (filters, sorting, exports, query count), a grant's page with its ledger and
funding picture, recording a variation through the form, and the letters kept behind a permission check."""

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from core import roles
from core.tables import neutralise_formula
from grants.charts import funding_picture_svg
from grants.choices import GrantStatus, VariationKind, VariationStatus
from grants.models import Grant, GrantVariation
from grants.selectors import grant_ledger
from grants.services import variation_record
from tests.builders import grant_685, match_funding_variation
from tests.factories import GrantFactory, GrantVariationFactory, OrganisationFactory
from tests.grants.test_services import letter_pdf, stored_files

pytestmark = pytest.mark.django_db

LIST_URL = reverse("grants:list")
SVG = "{http://www.w3.org/2000/svg}"
HEADERS = [
    "Reference",
    "Title",
    "Funder",
    "Programme",
    "Financial year",
    "Original award",
    "Current total",
    "Status",
    "Accepting decision",
]
SORTABLE = [
    "funder_reference",
    "title",
    "funder",
    "programme",
    "financial_year",
    "original_award_amount",
    "current_total",
    "status",
    "accepting_decision",
]


@pytest.fixture
def demo(demo_db, db):
    return Grant.objects.get(funder_reference="685")


@pytest.fixture
def finance(client, role_users):
    client.force_login(role_users[roles.FINANCE_OFFICER])
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def accepted_685():
    """Grant 685 with its £1.87m match funding accepted: £22,568,000.00."""
    grant = grant_685()
    GrantVariation.objects.filter(pk=match_funding_variation(grant).pk).update(status=VariationStatus.ACCEPTED)
    return grant


def text_of(response) -> str:
    """The page's text with tags removed and white space collapsed, as a reader meets it."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def parse_svg(markup: str) -> ET.Element:
    """Parse the picture as XML: it must be well-formed to be parsed at all."""
    return ET.fromstring(str(markup))  # noqa: S314 - markup this project made, in a test


def ledger_rows(response) -> list[str]:
    page = response.content.decode()
    table = page[page.index('id="ledger-table"') : page.index("</table>", page.index('id="ledger-table"'))]
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


# Who may see what ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "detail", "record_variation"])
def test_anonymous_users_are_sent_to_sign_in(client, accepted_685, name):
    url = LIST_URL if name == "list" else reverse(f"grants:{name}", args=[accepted_685.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["list", "detail", "record_variation"])
def test_users_without_the_permission_are_refused(client, make_user, accepted_685, name):
    client.force_login(make_user("test-nobody"))
    url = LIST_URL if name == "list" else reverse(f"grants:{name}", args=[accepted_685.pk])
    assert client.get(url).status_code == 403


def test_readers_who_may_not_record_variations_see_no_button_and_cannot_open_the_form(client, role_users, accepted_685):
    client.force_login(role_users[roles.AUDITOR])
    page = client.get(reverse("grants:detail", args=[accepted_685.pk]))
    assert page.status_code == 200
    assert "Record a variation" not in page.content.decode()
    assert client.get(reverse("grants:record_variation", args=[accepted_685.pk])).status_code == 403


# The list ------------------------------------------------------------------------------------------------------------


def test_the_list_shows_each_grant_with_its_current_total(client, finance, demo):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    text = text_of(response)
    for header in HEADERS:
        assert header in text
    assert (
        "685 National Policing Programme Grant Agreement – Digital Public Contact (DPC) 2024/25 HO DPC 2024/25" in text
    )
    assert "£20,698,000.00 £22,568,000.00 Accepted PCD 1763" in text
    assert reverse("grants:detail", args=[demo.pk]) in response.content.decode()
    assert reverse("decisions:detail", args=[demo.accepting_decision.pk]) in response.content.decode()


def _listed(client, **query) -> list[str]:
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return [row.funder_reference for row in response.context["table"].page.object_list.data]


def test_the_list_filters_by_year_funder_programme_status_and_search(client, finance):
    dpc = grant_685()
    lottery = OrganisationFactory(name="National Lottery Community Fund", short_name="NLCF")
    GrantFactory(funder_reference="900", title="Violence Reduction Unit", financial_year="2023/24")
    GrantFactory(funder_reference="901", title="Safer Streets", funder=lottery, status=GrantStatus.ACCEPTED)

    assert sorted(_listed(client)) == ["685", "900", "901"]
    assert sorted(_listed(client, financial_year="2024/25")) == ["685", "901"]
    assert _listed(client, funder=lottery.pk) == ["901"]
    assert _listed(client, programme=dpc.programme.pk) == ["685"]
    assert _listed(client, status=GrantStatus.ACCEPTED) == ["901"]
    assert _listed(client, search="  violence   reduction ") == ["900"]
    assert _listed(client, search="DPC") == ["685"]


def test_a_wrong_filter_is_reported_in_the_error_summary(client, finance):
    grant_685()
    response = client.get(LIST_URL, {"financial_year": "2024/26"})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_financial_year"' in html


@pytest.mark.parametrize("column", SORTABLE)
@pytest.mark.parametrize("direction", ["", "-"])
def test_the_list_sorts_by_each_sortable_column(client, finance, accepted_685, column, direction):
    GrantFactory(funder_reference="901", title="Safer Streets", original_award_amount=Decimal("100.00"))
    response = client.get(LIST_URL, {"sort": f"{direction}{column}"})
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 2


def test_the_list_sorts_by_the_current_total_not_the_original_award(client, finance):
    small = GrantFactory(funder_reference="1", original_award_amount=Decimal("1000.00"))
    GrantFactory(funder_reference="2", original_award_amount=Decimal("2000.00"))
    GrantFactory(funder_reference="3", original_award_amount=Decimal("1500.00"))
    GrantVariationFactory(grant=small, amount_change=Decimal("5000.00"), status=VariationStatus.ACCEPTED)
    GrantVariationFactory(grant=small, amount_change=Decimal("0.01"), status=VariationStatus.PROPOSED)

    assert _listed(client, sort="current_total") == ["3", "2", "1"]
    assert _listed(client, sort="-current_total") == ["1", "2", "3"]
    assert _listed(client, sort="original_award_amount") == ["1", "3", "2"]


def test_exports_hold_the_filtered_rows_with_amounts_as_numbers_and_no_formulas(client, finance, accepted_685):
    GrantFactory(funder_reference="=1+1", title='=HYPERLINK("http://attacker.example/","x")', financial_year="2023/24")

    csv_response = client.get(LIST_URL, {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0] == HEADERS
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference["685"][5:8] == ["20698000.00", "22568000.00", "Offered"]
    injected = by_reference[neutralise_formula("=1+1")]
    assert injected[1].startswith("'=HYPERLINK")

    filtered = client.get(LIST_URL, {"_export": "xlsx", "financial_year": "2024/25"})
    sheet = openpyxl.load_workbook(io.BytesIO(filtered.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert len(values) == 2
    assert values[1][0] == "685"
    assert Decimal(str(values[1][6])) == Decimal("22568000.00")


def test_the_list_needs_the_same_number_of_queries_for_5_or_30_grants(client, finance):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    def add_grants(count: int) -> None:
        for _ in range(count):
            grant = GrantFactory()
            GrantVariationFactory(grant=grant, status=VariationStatus.ACCEPTED)

    add_grants(5)
    few = count_queries()
    add_grants(25)
    many = count_queries()
    assert many == few


# A grant's page ------------------------------------------------------------------------------------------------------


def test_the_demo_grant_page_shows_the_ledger_and_the_current_total_exactly(client, finance, demo):
    response = client.get(reverse("grants:detail", args=[demo.pk]))
    assert response.status_code == 200
    text = text_of(response)
    for fact in (
        "Home Office (HO)",
        "Mayor's Office for Policing and Crime (MOPAC)",
        "Metropolitan Police Service (MPS)",
        "Digital Public Contact (DPC)",
        "2024/25",
        "PCD 1763",
    ):
        assert fact in text
    rows = ledger_rows(response)
    assert rows[1].startswith("Original award Award Grant 685")
    assert rows[1].endswith("PCD 1763 Accepted £20,698,000.00 £20,698,000.00")
    assert rows[2].startswith("Variation 1 Match funding 685 Digital Public Contact Grant Variation Letter 2024/25")
    assert rows[2].endswith("PCD 1838 Accepted +£1,870,000.00 £22,568,000.00")
    assert "4 outcomes" in rows[2]
    assert rows[3] == "Current total (original award and accepted variations) £22,568,000.00"
    assert response.context["total"] == Decimal("22568000.00")
    # Accepted by PCD 1838: nothing left to draft.
    assert "Draft a decision from this variation" not in response.content.decode()


def test_a_pending_variation_is_shown_marked_and_not_counted(client, finance, accepted_685):
    variation_record(
        grant=accepted_685,
        by=finance,
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=Decimal("500000.00"),
        letter_reference="Second letter",
    )
    response = client.get(reverse("grants:detail", args=[accepted_685.pk]))
    rows = ledger_rows(response)
    assert rows[3].endswith("Awaiting decision +£500,000.00 not counted £22,568,000.00")
    assert rows[4].endswith("£22,568,000.00")
    text = text_of(response)
    assert "£500,000.00 more is in variations awaiting a decision, not counted until accepted." in text
    html = response.content.decode()
    # Finance officers may draft decisions: the button posts, with the CSRF token, to the drafting view.
    variation = accepted_685.variations.get(sequence=2)
    action = reverse("decisions:draft_from_variation", args=[variation.pk])
    form = html[html.index(f'action="{action}"') - 30 :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form
    assert html.count("Draft a decision from this variation") == 1  # not for the accepted variation


def test_the_draft_button_is_only_for_those_who_may_draft(client, role_users):
    grant = grant_685()
    match_funding_variation(grant)  # awaiting a decision, with none drafted yet
    url = reverse("grants:detail", args=[grant.pk])
    client.force_login(role_users[roles.FINANCE_OFFICER])
    assert "Draft a decision from this variation" in client.get(url).content.decode()
    client.force_login(role_users[roles.AUDITOR])
    assert "Draft a decision from this variation" not in client.get(url).content.decode()


def test_the_draft_button_starts_a_decision_from_the_variation(client, finance, accepted_685):
    variation = variation_record(
        grant=accepted_685,
        by=finance,
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=Decimal("500000.00"),
        letter_reference="Second letter",
    )
    response = client.post(
        reverse("decisions:draft_from_variation", args=[variation.pk]),
        {"next": reverse("grants:detail", args=[accepted_685.pk])},
    )
    assert response.status_code == 302
    variation.refresh_from_db()
    assert variation.decision is not None
    html = client.get(reverse("grants:detail", args=[accepted_685.pk])).content.decode()
    assert variation.decision.reference in html
    assert "Draft a decision from this variation" not in html


def test_the_funding_picture_is_well_formed_svg_with_the_amounts_as_text(role_users, accepted_685):
    variation_record(
        grant=accepted_685,
        by=role_users[roles.FINANCE_OFFICER],
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=Decimal("500000.00"),
        letter_reference="Pending letter",
    )
    svg = parse_svg(funding_picture_svg(accepted_685, grant_ledger(accepted_685)))

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Funding of grant 685, 2024/25"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert labels == [
        "Original award",
        "£20,698,000.00",
        "Variation 1, match funding",
        "+£1,870,000.00",
        "Current total",
        "£22,568,000.00",
        # The scale, in round millions.
        "£0",
        "£10m",
        "£20m",
        "£30m",
    ]
    assert desc.text.startswith(
        "£20,698,000.00 (original award) + £1,870,000.00 (variation 1, match funding) = £22,568,000.00"
    )
    assert desc.text.endswith("Not included: 1 variation awaiting a decision, £500,000.00, counted once accepted.")
    # Told apart by pattern, not colour alone: the award is solid, the variation hatched, the total solid.
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "waterfall-bar"]
    assert [bar.get("fill") for bar in bars] == ["#1d70b8", f"url(#grant-{accepted_685.pk}-funding-hatch)", "#1d70b8"]
    # A waterfall: the variation's bar starts where the award's ends, and the total's ends where the variation's does.
    award, variation, total = ((float(bar.get("x")), float(bar.get("x")) + float(bar.get("width"))) for bar in bars)
    assert variation[0] == pytest.approx(award[1], abs=0.1)
    assert total == (award[0], pytest.approx(variation[1], abs=0.1))


def test_the_funding_picture_of_a_grant_with_a_reduction_draws_the_total_whole(accepted_685):
    GrantVariationFactory(
        grant=accepted_685,
        kind=VariationKind.REDUCTION,
        amount_change=Decimal("-68000.00"),
        sequence=2,
        status=VariationStatus.ACCEPTED,
    )
    svg = parse_svg(funding_picture_svg(accepted_685, grant_ledger(accepted_685)))
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert labels[4:8] == ["Variation 2, reduction", "−£68,000.00", "Current total", "£22,500,000.00"]


def test_the_grant_page_shows_the_funding_picture_and_its_figures_as_text(client, finance, accepted_685):
    response = client.get(reverse("grants:detail", args=[accepted_685.pk]))
    html = response.content.decode()
    assert html.count("<svg") >= 1 and 'role="img"' in html
    figures = html[html.index('id="funding-figures"') : html.index("</ul>", html.index('id="funding-figures"'))]
    figures = " ".join(re.sub(r"<[^>]+>", " ", figures).split())
    assert "Original award: £20,698,000.00, total £20,698,000.00" in figures
    assert "Variation 1, match funding: +£1,870,000.00, total £22,568,000.00" in figures
    assert "Current total: £22,568,000.00" in figures


# Recording a variation -----------------------------------------------------------------------------------------------


def _form_data(**overrides) -> dict:
    return {
        "kind": VariationKind.ADDITIONAL_FUNDING,
        "amount_change": "£1,870,000.00",
        "letter_reference": "685 Digital Public Contact Grant Variation Letter 2024/25 (2)",
        "letter_date": "28/03/2025",
        "funds_financial_year": "2025/26",
        "description": "Further funding for SOH on-boarding.",
        "outcomes": "Onboarding Avon & Somerset.\n\nOnboarding West Yorkshire.\n",
        **overrides,
    }


def test_a_finance_officer_records_a_variation_with_its_letter(client, finance, accepted_685, settings):
    url = reverse("grants:record_variation", args=[accepted_685.pk])
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert 'enctype="multipart/form-data"' in form_page.content.decode()

    letter = SimpleUploadedFile("letter.pdf", letter_pdf(), content_type="application/pdf")
    response = client.post(url, _form_data(letter_file=letter), follow=True)

    assert response.redirect_chain == [(reverse("grants:detail", args=[accepted_685.pk]), 302)]
    assert "Variation 2 recorded. It awaits a decision and is not counted in the total until accepted." in (
        text_of(response)
    )
    variation = accepted_685.variations.get(sequence=2)
    assert variation.amount_change == Decimal("1870000.00")
    assert variation.letter_date.isoformat() == "2025-03-28"
    assert str(variation.funds_financial_year) == "2025/26"
    assert variation.status == VariationStatus.PROPOSED
    assert [f"{o.letter}. {o.text}" for o in variation.outcomes.all()] == [
        "a. Onboarding Avon & Somerset.",
        "b. Onboarding West Yorkshire.",
    ]
    rows = ledger_rows(response)
    assert "Dated 28/03/2025" in rows[3]
    assert "Download the letter" in rows[3]
    assert rows[3].endswith("Awaiting decision +£1,870,000.00 not counted £22,568,000.00")
    assert len(stored_files(settings.MEDIA_ROOT)) == 1


def _refused(client, grant, **overrides):
    response = client.post(reverse("grants:record_variation", args=[grant.pk]), _form_data(**overrides))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"amount_change": "1870000.005"},
            "amount_change",
            "Amounts are in pounds and pence: use at most 2 decimal places.",
        ),
        (
            {"kind": VariationKind.REDUCTION, "amount_change": "-22,568,000.01"},
            "amount_change",
            "This reduction of £22,568,000.01 would take the grant&#x27;s total below zero: "
            "it stands at £22,568,000.00 with the variations already recorded.",
        ),
        (
            {"amount_change": "-1,870,000.00"},
            "amount_change",
            "Additional and match funding must increase the award (a positive amount).",
        ),
        (
            {"letter_file": SimpleUploadedFile("letter.pdf", b"<html>not a letter</html>", "application/pdf")},
            "letter_file",
            "The file is not a PDF: its contents do not start like one.",
        ),
        (
            {"letter_file": SimpleUploadedFile("letter.docx", b"PK\x03\x04", "application/octet-stream")},
            "letter_file",
            "The file must be a PDF (its name should end in .pdf).",
        ),
        (
            {"letter_file": SimpleUploadedFile("letter.pdf", b"", "application/pdf")},
            "letter_file",
            "The file is empty.",
        ),
        ({"letter_date": "28-03-2025"}, "letter_date", "Date of the letter must be a real date."),
        ({"kind": ""}, "kind", "Select the kind of variation."),
        ({"funds_financial_year": "2025/27"}, "funds_financial_year", "is not a financial year"),
    ],
)
def test_bad_input_is_explained_in_the_error_summary_and_nothing_is_saved(
    client, finance, accepted_685, settings, overrides, field, message
):
    response = _refused(client, accepted_685, **overrides)

    html = response.content.decode()
    summary = html[html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))]
    assert message in summary
    anchor = {"kind": "id_kind_0", "letter_date": "id_letter_date_day"}.get(field, f"id_{field}")
    assert f'href="#{anchor}"' in summary
    assert f'id="id_{field}-error"' in html
    assert "<title>Error:" in html
    assert accepted_685.variations.count() == 1
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_letter_larger_than_the_limit_is_refused(client, finance, accepted_685, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n" + b"0" * 2048, "application/pdf")
    response = _refused(client, accepted_685, letter_file=big)
    assert "The file is 2.0\xa0KB; the largest allowed is 1.0\xa0KB." in response.content.decode()
    assert accepted_685.variations.count() == 1


def test_an_empty_form_lists_every_missing_answer(client, finance, accepted_685):
    response = client.post(reverse("grants:record_variation", args=[accepted_685.pk]), {})
    text = text_of(response)
    for message in (
        "Select the kind of variation.",
        "Enter the change to the award in pounds and pence, or 0.",
        "Enter the reference of the variation letter or note.",
        "Enter the date of the letter.",
    ):
        assert message in text
    assert accepted_685.variations.count() == 1


# The letters ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def letter_variation(finance, accepted_685):
    return variation_record(
        grant=accepted_685,
        by=finance,
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=Decimal("500000.00"),
        letter_reference="Second letter",
        letter_file=SimpleUploadedFile("letter.pdf", letter_pdf(), "application/pdf"),
    )


def _letter_url(variation) -> str:
    return reverse("grants:variation_letter", args=[variation.grant_id, variation.sequence])


def test_a_finance_officer_downloads_the_letter(client, letter_variation):
    response = client.get(_letter_url(letter_variation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="grant-685-variation-2.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == letter_pdf()


def test_the_letter_needs_permission_to_read_variations(client, make_user, letter_variation):
    reader = make_user("test-grants-only")
    reader.user_permissions.add(Permission.objects.get(codename="view_grant", content_type__app_label="grants"))
    client.force_login(reader)
    assert client.get(reverse("grants:detail", args=[letter_variation.grant_id])).status_code == 200
    assert (
        "Download the letter"
        not in client.get(reverse("grants:detail", args=[letter_variation.grant_id])).content.decode()
    )
    assert client.get(_letter_url(letter_variation)).status_code == 403


def test_anonymous_users_are_sent_to_sign_in_for_a_letter(client, letter_variation):
    client.logout()
    response = client.get(_letter_url(letter_variation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_variation_without_a_letter_has_nothing_to_download(client, finance, accepted_685):
    variation = accepted_685.variations.get()
    assert client.get(_letter_url(variation)).status_code == 404


def test_letters_have_no_public_address(letter_variation):
    # Stored under MEDIA_ROOT, which no URL serves: the only way to them is the view above.
    assert Path(letter_variation.letter_file.path).exists()
    with pytest.raises(Resolver404):
        resolve("/media/" + letter_variation.letter_file.name)
