"""Service pages in a real browser: the footer's pages and the error pages in the layout with no axe-core violation,
reflowing at 320 px; the navigation marking the current page and keeping to one row at 1,280 px for every role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import path
from playwright.sync_api import expect

from config.urls import urlpatterns as service_urlpatterns
from demo import people
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.reflow import assert_reflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Each footer page: its link's text, its heading.
FOOTER_PAGES = {
    "/accessibility/": ("Accessibility statement", "Accessibility statement"),
    "/privacy/": ("Privacy notice", "Privacy notice"),
    "/cookies/": ("Cookies", "Cookies"),
    "/contact/": ("Contact", "Contact"),
    "/freedom-of-information/": ("Freedom of information", "How to make a freedom of information request"),
}
WIDE = {"width": 1280, "height": 800}


def _fails(request):
    raise RuntimeError("something broke")


def _refuses(request):
    raise PermissionDenied("Only governance may publish decisions.")


# This module is also the URL configuration of the error-page test: the service's pages and two that fail.
urlpatterns = [*service_urlpatterns, path("test/fails/", _fails), path("test/refuses/", _refuses)]


def assert_way_on(page) -> None:
    main = page.get_by_role("main")
    for name in ("Go to the home page", "Search the published decisions", "Contact the office"):
        expect(main.get_by_role("link", name=name)).to_be_visible()


def test_a_visitor_reaches_each_footer_page_from_the_footer_and_each_is_accessible(page, demo_site):
    for url, (link_text, heading) in FOOTER_PAGES.items():
        page.goto(f"{demo_site.url}/register/")
        page.get_by_role("contentinfo").get_by_role("link", name=link_text, exact=True).click()
        assert page.url == f"{demo_site.url}{url}"
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page).to_have_title(f"{link_text} – Policing Grant Decisions")
        assert_accessible(page)
        assert_reflows(page)


def test_a_page_that_does_not_exist_is_in_the_layout_with_a_way_on_and_accessible(page, demo_site):
    response = page.goto(f"{demo_site.url}/no-such-page/")
    assert response.status == 404
    expect(page).to_have_title("Page not found – Policing Grant Decisions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_way_on(page)
    page.get_by_role("main").get_by_role("link", name="Search the published decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Published decisions")
    page.go_back()
    assert_accessible(page)
    assert_reflows(page)


def test_a_page_the_role_may_not_open_is_refused_in_the_layout_and_accessible(page, demo_site):
    sign_in(page, demo_site, people.AUDITOR.username, people.AUDITOR.password)
    response = page.goto(f"{demo_site.url}/register/due/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have permission to do this")
    expect(page.locator("#refusal-reason")).to_have_text(
        "Your account does not allow you to see this page or take this step."
    )
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_way_on(page)
    assert_accessible(page)
    assert_reflows(page)


@pytest.mark.urls(__name__)
def test_a_failing_page_and_a_refusal_with_a_reason_are_in_the_layout_and_accessible(page, demo_site):
    response = page.goto(f"{demo_site.url}/test/fails/")
    assert response.status == 500
    expect(page).to_have_title("Sorry, there is a problem with the service – Policing Grant Decisions")
    assert_way_on(page)
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)

    response = page.goto(f"{demo_site.url}/test/refuses/")
    assert response.status == 403
    expect(page.locator("#refusal-reason")).to_have_text("Only governance may publish decisions.")
    assert_accessible(page)
    assert_reflows(page)


def test_the_navigation_marks_the_current_page_for_assistive_technology(page, demo_site):
    sign_in(page, demo_site, people.GOVERNANCE.username, people.GOVERNANCE.password)
    page.goto(f"{demo_site.url}/register/due/")
    navigation = page.get_by_role("navigation", name="Menu")
    current = navigation.locator('[aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_text("Due for publication")
    expect(page.get_by_role("heading", level=1)).to_have_text("Due for publication")

    navigation.get_by_role("link", name="Sealed decisions").click()
    expect(navigation.locator('[aria-current="page"]')).to_have_text("Sealed decisions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sealed decisions")

    navigation.get_by_role("link", name="Inbox").click()
    expect(navigation.locator('[aria-current="page"]')).to_have_text("Inbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    assert_accessible(page)


ITEM_BOXES = """() => [...document.querySelectorAll("#navigation > .govuk-service-navigation__item")].map((item) => {
    const box = item.getBoundingClientRect();
    return {text: item.textContent.trim(), top: box.top, right: box.right};
})"""


@pytest.mark.parametrize(
    "person",
    [people.FINANCE, people.DRAFTING, people.CEO, people.DMPC, people.GOVERNANCE, people.AUDITOR, people.ADMIN],
    ids=lambda person: person.username,
)
def test_the_navigation_fits_one_row_at_1280_px_for_every_role(browser, demo_site, person):
    context = browser.new_context(viewport=WIDE, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, demo_site, person.username, person.password)
        # A page whose own item (Published decisions, one of the longest) is marked as current.
        page.goto(f"{demo_site.url}/register/")
        items = page.evaluate(ITEM_BOXES)
        labels = [item["text"] for item in items]
        assert "Home" in labels and "Published decisions" in labels and "Sign out" not in labels
        tops = {round(item["top"]) for item in items}
        assert len(tops) == 1, f"{person.username}'s navigation wraps: {items}"
        assert max(item["right"] for item in items) <= WIDE["width"]
        expect(
            page.get_by_role("navigation", name="Your account").get_by_role("button", name="Sign out")
        ).to_be_visible()
    finally:
        context.close()


def test_everyone_with_every_role_sees_every_item(browser, demo_site):
    context = browser.new_context(viewport=WIDE, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, demo_site, people.ADMIN.username, people.ADMIN.password)
        page.goto(f"{demo_site.url}/register/due/")
        labels = [item["text"] for item in page.evaluate(ITEM_BOXES)]
        assert labels == [
            "Home",
            "Inbox",
            "Grants",
            "Forces",
            "Sealed decisions",
            "Due for publication",
            "Published decisions",
            "Check a PDF",
        ]
        account = page.get_by_role("navigation", name="Your account")
        expect(account.get_by_role("link", name="Back office")).to_be_visible()
        expect(account.get_by_role("link", name="E-mail notifications")).to_be_visible()
        # On a phone the account bar wraps rather than widening the page.
        page.goto(f"{demo_site.url}/privacy/")
        assert_reflows(page)
    finally:
        context.close()
