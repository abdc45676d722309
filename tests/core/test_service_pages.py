"""The pages every public service has: error pages in the service's layout with a way on, the footer's pages
(accessibility, privacy, cookies, contact, freedom of information), the navigation marking the current page, a colour
per decision status, and the Open Government Licence on the register's data."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from config.urls import urlpatterns as service_urlpatterns
from core import roles
from core.templatetags.navigation import nav_state
from core.templatetags.status import STATUS_TAG_CLASSES, status_tag_class
from decisions.choices import DecisionStatus
from tests.builders import PASSWORD, complete_draft

pytestmark = pytest.mark.django_db

SERVICE = "Policing Grant Decisions"
FOOTER_PAGES = {
    "accessibility": "Accessibility statement",
    "privacy": "Privacy notice",
    "cookies": "Cookies",
    "contact": "Contact",
    "freedom_of_information": "How to make a freedom of information request",
}


# Views that fail, for the error pages (this module is also the URL configuration of the tests that use them).
def _fails(request):
    raise RuntimeError("something broke")


def _refuses_with_reason(request):
    raise PermissionDenied("Only governance may publish decisions.")


def _bad_request(request):
    raise SuspiciousOperation("a request that makes no sense")


urlpatterns = [
    *service_urlpatterns,
    path("test/fails/", _fails),
    path("test/refuses/", _refuses_with_reason),
    path("test/bad/", _bad_request),
]
with_failing_views = pytest.mark.urls(__name__)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _h1(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


def assert_in_layout(html: str) -> None:
    """The service's layout: its navigation, its main content and its footer with the footer's pages."""
    assert 'class="govuk-service-navigation"' in html
    assert 'id="main-content"' in html
    for name in FOOTER_PAGES:
        assert f'href="{reverse(name)}"' in html, name


def assert_way_on(html: str) -> None:
    for url in (reverse("home"), reverse("register:list"), reverse("contact")):
        assert f'class="govuk-link" href="{url}"' in html, url


# The footer's pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "heading"), FOOTER_PAGES.items())
def test_each_footer_page_opens_for_a_visitor_who_is_not_signed_in(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert _h1(html) == heading
    assert_in_layout(html)
    assert _title(html).endswith(f" – {SERVICE}")
    assert "Sign in" in html


def test_every_page_links_to_the_footer_pages(client):
    html = client.get(reverse("register:list")).content.decode()
    footer = html[html.index('<footer class="govuk-footer">') :]
    for name, _heading in FOOTER_PAGES.items():
        assert f'href="{reverse(name)}"' in footer


def test_the_accessibility_statement_says_what_was_tested_its_status_and_how_to_complain(client):
    html = client.get(reverse("accessibility")).content.decode()
    for words in (
        "axe-core",
        "real browser",
        "320 CSS pixels",
        "keyboard",
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2)",
        "Accessibility Regulations 2018",
        "version 2.2, level AA",
        "Equality and Human Rights Commission (EHRC)",
        "Reporting accessibility problems",
    ):
        assert words in html, words


def test_the_privacy_notice_names_the_personal_data_held_why_and_for_how_long(client, settings):
    settings.SIGN_IN_RECORDS_DAYS = 45
    settings.DPO_EMAIL = "data.protection@office.example"
    settings.OFFICE_NAME = "Office of the Police and Crime Commissioner for Testshire"
    html = client.get(reverse("privacy")).content.decode()
    for words in (
        "names, e-mail addresses",
        "roles, and appointments",
        "internet (IP) address signed from",
        "each witness's name, address and occupation",
        "Signing in: each attempt",
        "E-mail notifications",
        "public task",
        "legal duty to publish",
        "None of the personal data above is published on the register",
        "kept for 45 days",
        "UK GDPR",
        "ico.org.uk",
        "mailto:data.protection@office.example",
        "Office of the Police and Crime Commissioner for Testshire is the data controller",
    ):
        assert words in html, words


def test_the_cookies_page_names_the_cookies_the_settings_give_and_no_others(client, settings):
    settings.SESSION_COOKIE_NAME = "pgd_session"
    settings.CSRF_COOKIE_NAME = "pgd_csrf"
    html = client.get(reverse("cookies")).content.decode()
    assert "<code>pgd_session</code>" in html
    assert "<code>pgd_csrf</code>" in html
    assert "After 8 hours" in html or "after 8 hours" in html
    assert "do not use analytics" in html
    assert "govuk-cookie-banner" not in html


def test_contact_and_freedom_of_information_use_the_offices_own_addresses(client, settings):
    settings.CONTACT_EMAIL = "hello@office.example"
    settings.FOI_EMAIL = "foi@office.example"
    settings.FOI_POSTAL_ADDRESS = "FOI team, 1 High Street, Testtown, TE1 1ST"
    contact = client.get(reverse("contact")).content.decode()
    assert 'href="mailto:hello@office.example"' in contact
    assert f'href="{reverse("freedom_of_information")}"' in contact
    foi = client.get(reverse("freedom_of_information")).content.decode()
    assert 'href="mailto:foi@office.example"' in foi
    assert "FOI team<br>1 High Street<br>Testtown<br>TE1 1ST" in foi
    assert "Freedom of Information Act 2000" in foi
    assert "20 working days" in foi
    assert f'href="{reverse("register:list")}"' in foi


def test_with_no_postal_address_set_the_request_is_by_e_mail_only(client, settings):
    settings.FOI_POSTAL_ADDRESS = ""
    foi = client.get(reverse("freedom_of_information")).content.decode()
    assert 'id="foi-address"' not in foi
    assert "or write to" not in foi


# Error pages -------------------------------------------------------------------------------------------------------


def test_a_page_that_does_not_exist_is_not_found_in_the_layout_with_a_way_on(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _title(html) == f"Page not found – {SERVICE}"
    assert _h1(html) == "Page not found"
    assert_in_layout(html)
    assert_way_on(html)


def test_an_unpublished_decision_on_the_register_is_not_found_in_the_layout(client):
    html = client.get(reverse("register:detail", kwargs={"pk": 999_999})).content.decode()
    assert _h1(html) == "Page not found"
    assert_in_layout(html)


@with_failing_views
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_a_failing_page_answers_500_in_the_layout_without_its_request(client, make_user, signed_in):
    if signed_in:
        client.force_login(make_user("amira", role=roles.AUDITOR))
    client.raise_request_exception = False
    response = client.get("/test/fails/")
    assert response.status_code == 500
    html = response.content.decode()
    assert _title(html) == f"Sorry, there is a problem with the service – {SERVICE}"
    assert_in_layout(html)
    assert_way_on(html)
    # Rendered with an empty context: no one seems signed in, and no script is left without its nonce.
    assert "Sign out" not in html
    assert "<script" not in html


@with_failing_views
def test_a_request_that_makes_no_sense_answers_400_in_the_layout(client):
    response = client.get("/test/bad/")
    assert response.status_code == 400
    html = response.content.decode()
    assert _h1(html) == "Sorry, there is a problem with this request"
    assert_in_layout(html)
    assert_way_on(html)


@with_failing_views
def test_a_refusal_shows_the_reason_the_code_gives(client, make_user):
    client.force_login(make_user("amira", role=roles.AUDITOR))
    response = client.get("/test/refuses/")
    assert response.status_code == 403
    html = response.content.decode()
    assert _title(html) == f"You do not have permission to do this – {SERVICE}"
    assert "Only governance may publish decisions." in html
    assert_in_layout(html)
    assert_way_on(html)


def test_a_page_the_role_may_not_open_is_refused_in_the_layout_not_as_a_bare_403(client, make_user):
    client.force_login(make_user("amira", role=roles.AUDITOR))
    response = client.get(reverse("register:due"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "403 Forbidden" not in html
    assert _h1(html) == "You do not have permission to do this"
    assert "Your account does not allow you to see this page or take this step." in html
    assert "ask an administrator to check your role" in html
    assert_in_layout(html)
    assert "Sign out" in html  # the layout still knows who is signed in


def test_a_form_sent_without_its_csrf_token_is_refused_in_the_layout(make_user):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": "amira", "password": PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert _h1(html) == "Sorry, this form has expired"
    assert "CSRF verification failed" not in html
    assert_in_layout(html)
    assert_way_on(html)


# Navigation --------------------------------------------------------------------------------------------------------


def _nav(html: str) -> str:
    return html[
        html.index('<ul class="govuk-service-navigation__list"') : html.index("</ul>", html.index("navigation__list"))
    ]


def _current_items(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'aria-current="(page|true)"><strong class="govuk-service-navigation__active-fallback">([^<]+)</strong>',
        _nav(html),
    )


def test_the_navigation_marks_the_page_the_visitor_is_on(client, make_user):
    client.force_login(make_user("amira", role=roles.GOVERNANCE))
    assert _current_items(client.get(reverse("grants:list")).content.decode()) == [("page", "Grants")]
    assert _current_items(client.get(reverse("register:due")).content.decode()) == [("page", "Due for publication")]
    assert _current_items(client.get(reverse("records:sealed_list")).content.decode()) == [("page", "Sealed decisions")]
    html = client.get(reverse("register:due")).content.decode()
    assert 'class="govuk-service-navigation__item govuk-service-navigation__item--active"' in html


def test_the_home_item_is_marked_on_the_home_page(client, make_user):
    client.force_login(make_user("amira", role=roles.FINANCE_OFFICER))
    assert _current_items(client.get(reverse("home")).content.decode()) == [("page", "Home")]


def test_a_page_inside_a_part_of_the_service_marks_that_part_but_not_as_the_page(client, make_user):
    drafter = make_user("amira", role=roles.DRAFTING_OFFICER)
    decision = complete_draft(drafter=drafter, reference="PCD 1838")
    client.force_login(drafter)
    html = client.get(reverse("decisions:detail", kwargs={"pk": decision.pk})).content.decode()
    assert _current_items(html) == [("true", "Inbox")]


def test_a_visitor_sees_the_public_pages_and_sign_in_marked_where_they_are(client):
    html = client.get(reverse("records:verify")).content.decode()
    nav = _nav(html)
    assert "Published decisions" in nav and "Sign in" in nav
    assert "Home" not in nav
    assert _current_items(html) == [("page", "Check a PDF")]


def test_no_item_is_marked_on_a_page_that_is_not_found(client):
    assert _current_items(client.get("/no-such-page/").content.decode()) == []


def test_signed_in_people_have_a_home_item_and_their_account_links_apart(client, make_user):
    client.force_login(make_user("amira", role=roles.AUDITOR))
    html = client.get(reverse("records:verify")).content.decode()
    nav = _nav(html)
    assert f'href="{reverse("home")}">Home</a>' in nav
    for account_link in ("Sign out", "E-mail notifications", "Back office"):
        assert account_link not in nav
    bar = html[html.index('aria-label="Your account"') : html.index('class="govuk-service-navigation"')]
    for account_link in ("Sign out", "E-mail notifications", "Back office", "Amira Tester"):
        assert account_link in bar


def test_the_sealed_decisions_page_has_one_name_in_the_navigation_and_its_heading(client, make_user):
    client.force_login(make_user("amira", role=roles.AUDITOR))
    html = client.get(reverse("records:sealed_list")).content.decode()
    assert _h1(html) == "Sealed decisions"
    assert _title(html) == f"Sealed decisions – {SERVICE}"
    assert "Signed decisions" not in html


def test_the_inbox_is_called_in_the_navigation_what_its_heading_says(client, make_user):
    client.force_login(make_user("amira", role=roles.CHIEF_EXECUTIVE))
    html = client.get(reverse("decisions:inbox")).content.decode()
    assert _current_items(html) == [("page", _h1(html))]
    assert _title(html) == f"{_h1(html)} – {SERVICE}"


def test_nav_state_comes_from_the_resolved_url_name():
    assert nav_state("grants:list", "grants:list", ("grants:*",)) == "page"
    assert nav_state("grants:detail", "grants:list", ("grants:*",)) == "true"
    assert nav_state("records:verify", "records:sealed_list", ("records:sealed_*",)) == ""
    assert nav_state(None, "home", ()) == ""


# A colour per status ----------------------------------------------------------------------------------------------


def test_every_decision_status_has_a_tag_colour_of_its_own():
    colours = [status_tag_class(status) for status in DecisionStatus]
    assert all(colour.startswith("govuk-tag--") for colour in colours)
    assert len(set(colours)) == len(DecisionStatus)
    assert set(STATUS_TAG_CLASSES) == set(DecisionStatus.values)
    assert status_tag_class(DecisionStatus.DRAFT) == "govuk-tag--grey"
    assert status_tag_class(DecisionStatus.APPROVED) == "govuk-tag--green"
    assert status_tag_class(DecisionStatus.REJECTED) == "govuk-tag--red"


def test_a_decisions_page_shows_its_status_in_its_colour(client, make_user):
    drafter = make_user("amira", role=roles.DRAFTING_OFFICER)
    decision = complete_draft(drafter=drafter, reference="PCD 1838")
    client.force_login(drafter)
    for url in (
        reverse("decisions:detail", kwargs={"pk": decision.pk}),
        reverse("decisions:tasks", args=[decision.pk]),
    ):
        html = client.get(url).content.decode()
        assert '<strong class="govuk-tag govuk-tag--grey" id="decision-status">Draft</strong>' in html, url


# The licence of the register's data -------------------------------------------------------------------------------

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def test_the_register_page_says_its_data_is_under_the_open_government_licence(client):
    html = client.get(reverse("register:list")).content.decode()
    licence = html[html.index('id="licence"') :]
    assert f'href="{OGL}"' in licence
    assert "Open Government Licence v3.0" in licence
    assert "CSV" in licence


def test_the_open_data_names_its_licence(client):
    page = client.get(reverse("register:open_data")).json()
    assert page["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}
    import json

    whole = json.loads(b"".join(client.get(reverse("register:open_data_all")).streaming_content))
    assert whole["licence"]["url"] == OGL


def test_the_feed_names_its_licence(client):
    feed = client.get(reverse("register:feed")).content.decode()
    assert f"<rights>Open Government Licence v3.0: {OGL}</rights>" in feed
