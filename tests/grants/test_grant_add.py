"""Adding a grant in the front office: the services (with new organisations and a new programme recorded with it, or
nothing at all), and the page, whose errors are summarised, linked to their fields and never lose what was typed."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.financial_year import FinancialYear
from core.refusals import Refused
from grants.choices import GrantStatus, OrganisationKind
from grants.models import Grant, Organisation, Programme
from grants.services import NewOrganisation, NewProgramme, grant_create, programme_create
from tests.builders import MOPAC_NAME, mopac

pytestmark = pytest.mark.django_db

ADD_URL = reverse("grants:add")


@pytest.fixture
def finance(role_users):
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def parties():
    """The Home Office, MOPAC (a policing body) and the MPS, as already recorded."""
    home_office = Organisation.objects.create(
        name="Home Office", short_name="HO", kind=OrganisationKind.GOVERNMENT_DEPARTMENT
    )
    mps = Organisation.objects.create(
        name="Metropolitan Police Service", short_name="MPS", kind=OrganisationKind.POLICE_FORCE
    )
    return {"home_office": home_office, "mopac": mopac(), "mps": mps}


def grant_values(parties, **overrides) -> dict:
    values = {
        "funder": parties["home_office"],
        "recipient": parties["mopac"],
        "host": parties["mps"],
        "funder_reference": "912",
        "title": "Neighbourhood Contact Programme Grant",
        "financial_year": FinancialYear(2025),
        "original_award_amount": Decimal("7000000.00"),
        "awarded_on": dt.date(2025, 4, 14),
        "conditions": "Quarterly returns to the Home Office.",
    }
    return {**values, **overrides}


def counts() -> tuple[int, int, int]:
    return Grant.objects.count(), Organisation.objects.count(), Programme.objects.count()


# The services --------------------------------------------------------------------------------------------------------


def test_a_grant_is_added_offered_with_its_award_as_its_total(finance, parties):
    grant = grant_create(by=finance, **grant_values(parties))

    grant.refresh_from_db()
    assert grant.status == GrantStatus.OFFERED
    assert (grant.funder, grant.recipient, grant.host, grant.programme) == (
        parties["home_office"],
        parties["mopac"],
        parties["mps"],
        None,
    )
    assert grant.financial_year == FinancialYear(2025)
    assert grant.current_total_amount == Decimal("7000000.00")
    assert grant.history.get().history_user == finance


def test_new_organisations_and_a_new_programme_are_recorded_with_the_grant(finance, parties):
    host = NewOrganisation(name="  National   Digital Team ", short_name="NDT", kind=OrganisationKind.NATIONAL_BODY)
    programme = NewProgramme(
        name="Neighbourhood Contact",
        short_name="NC",
        classification="Tier 2 NPCC National Policing Programme",
        host=host,
        contracting_authority=parties["mopac"],
    )

    grant = grant_create(
        by=finance,
        **grant_values(
            parties,
            funder=NewOrganisation(name="Ministry of Justice", short_name="MoJ", kind=OrganisationKind.OTHER),
            host=host,
            programme=programme,
        ),
    )

    grant.refresh_from_db()
    assert (grant.funder.name, grant.funder.short_name) == ("Ministry of Justice", "MoJ")
    assert grant.host.name == "National Digital Team"
    assert Organisation.objects.filter(name="National Digital Team").count() == 1  # once, for grant and programme
    assert (grant.programme.name, grant.programme.classification) == (
        "Neighbourhood Contact",
        "Tier 2 NPCC National Policing Programme",
    )
    assert (grant.programme.host, grant.programme.contracting_authority) == (grant.host, parties["mopac"])


def test_a_new_recipient_is_recorded_as_a_policing_body(finance, parties):
    grant = grant_create(
        by=finance,
        **grant_values(
            parties, recipient=NewOrganisation(name="Office of the PCC for Kent", kind=OrganisationKind.OTHER)
        ),
    )

    assert grant.recipient.kind == OrganisationKind.POLICING_BODY


def test_an_auditor_may_not_add_a_grant(role_users, parties):
    before = counts()

    with pytest.raises(Refused) as refusal:
        grant_create(by=role_users[roles.AUDITOR], **grant_values(parties))

    assert (refusal.value.code, refusal.value.message) == ("permission", "You cannot add grants.")
    assert counts() == before


def test_someone_who_may_add_grants_but_not_organisations_cannot_add_one_with_the_grant(make_user, parties):
    clerk = make_user("test-clerk")
    clerk.user_permissions.add(Permission.objects.get(codename="add_grant"))
    before = counts()

    with pytest.raises(Refused) as refusal:
        grant_create(by=clerk, **grant_values(parties, funder=NewOrganisation(name="Ministry of Justice")))

    assert (refusal.value.code, refusal.value.message) == (
        "permission",
        "You cannot add organisations: choose them from the lists.",
    )
    assert counts() == before


def test_a_reference_the_funder_already_used_that_year_is_refused_and_nothing_new_is_kept(finance, parties):
    grant_create(by=finance, **grant_values(parties))
    before = counts()

    with pytest.raises(Refused) as refusal:
        grant_create(
            by=finance,
            **grant_values(
                parties,
                programme=NewProgramme(
                    name="Neighbourhood Contact", host=parties["mps"], contracting_authority=parties["mopac"]
                ),
            ),
        )

    assert [(r.field, r.message) for r in refusal.value.reasons] == [
        ("funder_reference", "This funder already has a grant with that reference for that year.")
    ]
    assert counts() == before


def test_the_same_reference_is_allowed_for_another_year(finance, parties):
    grant_create(by=finance, **grant_values(parties))

    grant_create(by=finance, **grant_values(parties, financial_year=FinancialYear(2026)))

    assert Grant.objects.filter(funder_reference="912").count() == 2


def test_every_reason_is_given_at_once_each_on_its_field(finance, parties):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    before = counts()

    with pytest.raises(Refused) as refusal:
        grant_create(
            by=finance,
            **grant_values(
                parties,
                funder=NewOrganisation(name="home office", kind=OrganisationKind.GOVERNMENT_DEPARTMENT),
                recipient=parties["mps"],
                programme=NewProgramme(name="", host=parties["mps"], contracting_authority=parties["mopac"]),
                awarded_on=tomorrow,
                original_award_amount=Decimal("-1.00"),
            ),
        )

    assert [(r.field, r.message) for r in refusal.value.reasons] == [
        ("new_funder_name", "home office is already recorded: choose it from the list."),
        ("new_programme_name", "Enter the programme's name."),
        (
            "recipient",
            "Metropolitan Police Service (MPS) is not a policing body: the recipient is the office that decides to "
            "accept the grant.",
        ),
        ("awarded_on", "The award date cannot be in the future."),
        ("original_award_amount", "The original award cannot be negative."),
    ]
    assert counts() == before


def test_the_funder_cannot_also_be_the_recipient(finance, parties):
    with pytest.raises(Refused) as refusal:
        grant_create(by=finance, **grant_values(parties, funder=parties["mopac"]))

    assert [(r.field, r.message) for r in refusal.value.reasons] == [
        ("recipient", "The recipient cannot be the funder.")
    ]


def test_one_new_organisation_entered_twice_is_refused(finance, parties):
    with pytest.raises(Refused) as refusal:
        grant_create(
            by=finance,
            **grant_values(
                parties,
                funder=NewOrganisation(name="Ministry of Justice"),
                host=NewOrganisation(name="MINISTRY OF JUSTICE"),
            ),
        )

    assert [(r.field, r.message) for r in refusal.value.reasons] == [
        ("new_host_name", "MINISTRY OF JUSTICE is entered as a new organisation twice: enter it once.")
    ]
    assert not Organisation.objects.filter(name__iexact="Ministry of Justice").exists()


def test_a_programme_is_added_and_a_name_already_used_is_refused(finance, parties):
    programme = programme_create(
        by=finance,
        name="Digital Public Contact",
        short_name="DPC",
        classification="Tier 1 NPCC National Policing Programme",
        host=parties["mps"],
        contracting_authority=parties["mopac"],
    )
    assert (programme.host, programme.contracting_authority, programme.short_name) == (
        parties["mps"],
        parties["mopac"],
        "DPC",
    )

    with pytest.raises(Refused) as refusal:
        programme_create(
            by=finance, name="digital public contact", host=parties["mps"], contracting_authority=parties["mopac"]
        )

    assert [(r.code, r.field, r.message) for r in refusal.value.reasons] == [
        ("exists", "name", "A programme called digital public contact is already recorded: choose it from the list.")
    ]
    assert Programme.objects.count() == 1


def test_an_auditor_may_not_add_a_programme(role_users, parties):
    with pytest.raises(Refused) as refusal:
        programme_create(
            by=role_users[roles.AUDITOR], name="X", host=parties["mps"], contracting_authority=parties["mopac"]
        )

    assert refusal.value.code == "permission"
    assert not Programme.objects.exists()


# The page ------------------------------------------------------------------------------------------------------------


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def error_summary(response) -> str:
    page = response.content.decode()
    start = page.index("govuk-error-summary")
    return page[start : page.index("</ul>", start)]


def form_data(parties, **overrides) -> dict:
    data = {
        "funder": str(parties["home_office"].pk),
        "recipient": str(parties["mopac"].pk),
        "host": str(parties["mps"].pk),
        "programme": "",
        "new_programme_name": "Neighbourhood Contact",
        "new_programme_short_name": "NC",
        "new_programme_classification": "Tier 2 NPCC National Policing Programme",
        "new_programme_host": "grant_host",
        "new_programme_contracting_authority": "recipient",
        "funder_reference": "912",
        "title": "Neighbourhood Contact Programme Grant",
        "financial_year": "2025/26",
        "original_award_amount": "£7,000,000.00",
        "awarded_on": "14/04/2025",
        "conditions": "Quarterly returns.",
    }
    return {**data, **overrides}


NO_NEW_PROGRAMME = {"new_programme_name": "", "new_programme_short_name": "", "new_programme_classification": ""}


def test_the_grant_list_links_to_the_form_only_for_those_who_may_add_grants(client, role_users):
    client.force_login(role_users[roles.FINANCE_OFFICER])
    assert f'href="{ADD_URL}"' in client.get(reverse("grants:list")).content.decode()
    client.force_login(role_users[roles.AUDITOR])
    assert f'href="{ADD_URL}"' not in client.get(reverse("grants:list")).content.decode()
    assert client.get(ADD_URL).status_code == 403


def test_an_auditor_cannot_post_a_grant(client, role_users, parties):
    client.force_login(role_users[roles.AUDITOR])
    before = counts()
    assert client.post(ADD_URL, form_data(parties)).status_code == 403
    assert counts() == before


def test_the_form_asks_for_a_new_programme_on_the_same_page(client, finance, parties):
    client.force_login(finance)
    page = client.get(ADD_URL).content.decode()

    for name in (
        "new_programme_name",
        "new_programme_short_name",
        "new_programme_classification",
        "new_programme_host",
        "new_programme_contracting_authority",
        "new_funder_name",
        "new_recipient_name",
        "new_host_name",
    ):
        assert f'name="{name}"' in page
    assert "Or add a programme not yet recorded" in page
    # Nothing is hidden until a choice is made: every question is on the page as it loads.
    assert "govuk-radios__conditional--hidden" not in page
    # Only policing bodies are offered as recipients.
    recipient = page[page.index('name="recipient"') : page.index("</select>", page.index('name="recipient"'))]
    assert MOPAC_NAME in recipient.replace("&#x27;", "'")
    assert "Metropolitan Police Service" not in recipient


def test_those_who_may_not_add_organisations_or_programmes_are_only_offered_the_lists(client, make_user, parties):
    clerk = make_user("test-clerk")
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["add_grant", "view_grant"]))
    client.force_login(clerk)

    page = client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, form_data(parties, **NO_NEW_PROGRAMME))

    assert 'name="funder"' in page
    assert "new_" not in page
    assert response.status_code == 302
    assert Grant.objects.get(funder_reference="912").programme is None


def test_a_finance_officer_adds_a_grant_with_a_new_programme(client, finance, parties):
    client.force_login(finance)

    response = client.post(ADD_URL, form_data(parties), follow=True)

    grant = Grant.objects.get(funder_reference="912")
    assert response.redirect_chain == [(reverse("grants:detail", args=[grant.pk]), 302)]
    assert "Grant 912 added, £7,000,000.00 for 2025/26. It is offered until a decision accepts it." in text_of(response)
    assert grant.original_award_amount == Decimal("7000000.00")
    assert grant.awarded_on == dt.date(2025, 4, 14)
    assert (grant.programme.name, grant.programme.host, grant.programme.contracting_authority) == (
        "Neighbourhood Contact",
        parties["mps"],
        parties["mopac"],
    )


def test_a_new_funder_and_recipient_typed_on_the_page_are_recorded(client, finance, parties):
    client.force_login(finance)

    client.post(
        ADD_URL,
        form_data(
            parties,
            funder="",
            new_funder_name="Ministry of Justice",
            new_funder_short_name="MoJ",
            new_funder_kind=OrganisationKind.GOVERNMENT_DEPARTMENT,
            recipient="",
            new_recipient_name="Office of the PCC for Kent",
            host="",
            **NO_NEW_PROGRAMME,
        ),
    )

    grant = Grant.objects.get(funder_reference="912")
    assert (grant.funder.name, grant.funder.kind) == ("Ministry of Justice", OrganisationKind.GOVERNMENT_DEPARTMENT)
    assert (grant.recipient.name, grant.recipient.kind) == (
        "Office of the PCC for Kent",
        OrganisationKind.POLICING_BODY,
    )
    assert (grant.host, grant.programme) == (None, None)


def test_an_empty_form_lists_every_missing_answer_linked_to_its_question(client, finance, parties):
    client.force_login(finance)
    before = counts()

    response = client.post(ADD_URL, {})

    assert response.status_code == 200
    summary = html.unescape(error_summary(response))
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("id_funder", "Choose the funder, or add one not yet recorded."),
        ("id_recipient", "Choose the recipient, or add a policing body not yet recorded."),
        ("id_funder_reference", "Enter the funder’s reference for the grant."),
        ("id_title", "Enter the title of the grant."),
        ("id_financial_year", "Enter the financial year the award is for, written like 2025/26."),
        ("id_original_award_amount", "Enter the original award in pounds and pence."),
        ("id_awarded_on_day", "Enter the date of the award."),
    ]
    assert "<title>Error:" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"original_award_amount": "7.0e6"}, "original_award_amount", "not in exponent notation"),
        ({"original_award_amount": "£7,000,000.001"}, "original_award_amount", "use at most 2 decimal places"),
        ({"original_award_amount": "7 000 000"}, "original_award_amount", "Remove the spaces inside the amount"),
        ({"original_award_amount": "-7000000"}, "original_award_amount", "The original award cannot be negative."),
        ({"financial_year": "2025/27"}, "financial_year", "is not a financial year"),
        ({"awarded_on": "14-04-2025"}, "awarded_on", "Award date must be a real date."),
        ({"awarded_on": "31/12/2099"}, "awarded_on", "The award date cannot be in the future."),
        ({"funder": "999999"}, "funder", "Choose the funder from the list."),
        ({"recipient": "999999"}, "recipient", "Choose the recipient from the list."),
        (
            {"new_funder_name": "Ministry of Justice"},
            "new_funder_name",
            "Choose the funder from the list or add a new one, not both.",
        ),
        ({"funder": "", "new_funder_short_name": "MoJ"}, "new_funder_name", "Enter the name of the new funder."),
        (
            {"funder": "", "new_funder_name": "Ministry of Justice"},
            "new_funder_kind",
            "Choose what kind of organisation the new funder is.",
        ),
        (
            {"funder": "", "new_funder_name": "HOME OFFICE", "new_funder_kind": "government_department"},
            "new_funder_name",
            "HOME OFFICE is already recorded: choose it from the list.",
        ),
        (
            {"new_programme_name": "", "new_programme_short_name": "NC"},
            "new_programme_name",
            "Enter the name of the new programme.",
        ),
        (
            {"new_programme_name": "neighbourhood contact", "programme": "existing"},
            "programme",
            "Choose the programme from the list.",
        ),
        (
            {"host": ""},
            "new_programme_host",
            "The grant has no host organisation: choose the programme’s host from the list.",
        ),
        ({"funder_reference": "9" * 41}, "funder_reference", "The funder’s reference must be 40 characters or fewer."),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_nothing_is_saved(
    client, finance, parties, overrides, field, message
):
    client.force_login(finance)
    before = counts()

    response = client.post(ADD_URL, form_data(parties, **overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in html.unescape(error_summary(response))
    # A date's link lands on its first box (the day), every other field's on the field.
    assert re.search(rf'href="#id_{field}(_day)?"', error_summary(response))
    assert f'id="id_{field}-error"' in page
    assert counts() == before


def test_a_new_programme_named_like_one_recorded_is_refused(client, finance, parties):
    programme_create(
        by=finance, name="Neighbourhood Contact", host=parties["mps"], contracting_authority=parties["mopac"]
    )
    client.force_login(finance)
    before = counts()

    response = client.post(ADD_URL, form_data(parties, new_programme_name="NEIGHBOURHOOD CONTACT"))

    assert "A programme called NEIGHBOURHOOD CONTACT is already recorded: choose it from the list." in html.unescape(
        error_summary(response)
    )
    assert 'href="#id_new_programme_name"' in error_summary(response)
    assert counts() == before


def test_a_duplicate_reference_keeps_everything_typed_and_saves_nothing(client, finance, parties):
    client.force_login(finance)
    client.post(ADD_URL, form_data(parties, **NO_NEW_PROGRAMME))
    before = counts()

    response = client.post(ADD_URL, form_data(parties, conditions="Returns every quarter\nto the Home Office."))

    page = response.content.decode()
    assert "This funder already has a grant with that reference for that year." in error_summary(response)
    assert 'href="#id_funder_reference"' in error_summary(response)
    for typed in (
        'value="912"',
        'value="Neighbourhood Contact"',
        'value="£7,000,000.00"',
        'name="awarded_on_day" type="text" inputmode="numeric" value="14"',
    ):
        assert typed in page
    assert "Returns every quarter\nto the Home Office.</textarea>" in page
    assert f'<option value="{parties["home_office"].pk}" selected>' in page
    assert '<option value="grant_host" selected>' in page
    assert counts() == before
