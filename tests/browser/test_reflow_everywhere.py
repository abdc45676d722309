"""Every front-office page, for each of the six roles and for the public, at 320 CSS pixels wide (WCAG 2.2 1.4.10):
no sideways scrolling, no chart text drawn smaller than 12 pixels, and no axe-core violation.

The pages each role can reach are listed below as a sitemap built from the demo's own records (PCD 1838, grant 685,
Lancashire's page, ...). Each role gets one browser context, signs in once and visits its pages in turn; every page's
problems are gathered and reported together.
"""

import json

import pytest
from django.urls import reverse

from decisions.models import Decision
from demo import people
from forces.models import CollaborationAgreement, Force
from grants.models import Grant
from tests.browser.axe import axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NARROW = 320
SMALLEST_CHART_TEXT = 12  # CSS pixels, as drawn on the screen

# The rendered size of each piece of text in a picture: its computed font size (in the SVG's user units) times the
# scale the SVG is drawn at; HTML charts (class app-chart) are measured as they are.
CHART_TEXT_SIZES = """() => {
    const sizes = [];
    for (const text of document.querySelectorAll("main svg text, main svg tspan")) {
        const box = text.getBoundingClientRect();
        if (!box.width || !box.height) continue;  // not drawn (e.g. inside closed details)
        const matrix = text.getScreenCTM();
        const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
        const px = parseFloat(getComputedStyle(text).fontSize) * scale;
        sizes.push({text: text.textContent.trim().slice(0, 40), px});
    }
    for (const chart of document.querySelectorAll("main .app-chart")) {
        for (const element of chart.querySelectorAll("*")) {
            const own = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
            if (!own || !element.getBoundingClientRect().width) continue;
            const px = parseFloat(getComputedStyle(element).fontSize);
            sizes.push({text: element.textContent.trim().slice(0, 40), px});
        }
    }
    return sizes;
}"""

SIDEWAYS = """() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
        .filter((el) => getComputedStyle(el).position !== "fixed")
        .slice(0, 4)
        .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""));
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def _decision(reference: str) -> Decision:
    return Decision.objects.get(reference=reference)


def sitemap() -> dict[str, list[tuple[str, int]]]:
    """The front-office pages, by who can reach them, from the demo's records, each with the status it answers."""
    pcd_1838 = _decision("PCD 1838")
    pcd_1839 = _decision("PCD 1839")  # signed by the Chief Executive, waiting for the DMPC
    pcd_1763 = _decision("PCD 1763")
    lancashire_decision = Decision.objects.filter(reference__startswith="LANC").get()
    grant = Grant.objects.get(funder_reference="685")
    lancashire = Force.objects.get(slug="lancashire-constabulary")
    avon = Force.objects.get(slug="avon-and-somerset-constabulary")
    agreement = CollaborationAgreement.objects.filter(forces=avon).first()
    public = [
        reverse("register:list"),
        reverse("register:list") + "?search=Digital+Public+Contact",
        reverse("register:detail", args=[pcd_1838.pk]),
        reverse("register:detail", args=[pcd_1763.pk]),
        reverse("records:verify"),
    ]
    signed_in = [
        reverse("home"),
        reverse("decisions:inbox"),
        reverse("decisions:detail", args=[pcd_1838.pk]),
        reverse("decisions:detail", args=[pcd_1839.pk]),
        reverse("decisions:detail", args=[lancashire_decision.pk]),
        reverse("decisions:revisions", args=[pcd_1838.pk]),
        reverse("records:sealed_list"),
        reverse("records:sealed_list") + "?search=grant",
        reverse("grants:list"),
        reverse("grants:detail", args=[grant.pk]),
        reverse("forces:dashboard"),
        reverse("forces:plans"),
        reverse("forces:force", args=[lancashire.slug]),
        reverse("forces:force", args=[avon.slug]),
        reverse("forces:agreement", args=[avon.slug, agreement.pk]),
        reverse("notifications:preferences"),
        *public,
    ]
    drafting = [reverse("decisions:start"), reverse("decisions:tasks", args=[pcd_1839.pk])]
    # The error pages, in the service's layout: a decision that is not there, and a page the role may not open.
    not_found = (reverse("register:detail", args=[pcd_1838.pk + 10_000]), 404)
    refused = (reverse("register:due"), 403)
    ok = lambda urls: [(url, 200) for url in urls]  # noqa: E731
    return {
        "anonymous": [*ok([reverse("login"), *public]), not_found],
        people.FINANCE.username: ok(
            [*signed_in, *drafting, reverse("grants:add"), reverse("grants:record_variation", args=[grant.pk])]
        ),
        people.DRAFTING.username: ok([*signed_in, *drafting]),
        people.CEO.username: ok([*signed_in, reverse("decisions:action", args=[pcd_1839.pk, "return"])]),
        people.DMPC.username: ok(
            [
                *signed_in,
                reverse("decisions:sign", args=[pcd_1839.pk]),
                reverse("decisions:action", args=[pcd_1839.pk, "return"]),
                reverse("decisions:action", args=[pcd_1839.pk, "reject"]),
            ]
        ),
        people.GOVERNANCE.username: ok([*signed_in, reverse("register:due")]),
        people.AUDITOR.username: [*ok(signed_in), refused, not_found],
    }


def page_problems(page) -> list[str]:
    """What is wrong with the page as it stands at 320 px: sideways scrolling, small chart text, axe violations."""
    problems = []
    width = page.evaluate(SIDEWAYS)
    if width["scrollWidth"] > width["clientWidth"]:
        problems.append(f"scrolls sideways: {width['scrollWidth']} px wide; widest parts {width['wide']}")
    small = [size for size in page.evaluate(CHART_TEXT_SIZES) if size["px"] < SMALLEST_CHART_TEXT - 0.05]
    if small:
        problems.append(f"chart text under {SMALLEST_CHART_TEXT} px: {small[:4]}")
    violations = axe_violations(page)
    if violations:
        summary = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in violations]
        problems.append(f"axe: {json.dumps(summary)}")
    return problems


ROLES = ("anonymous", *(user.username for user in people.ROLE_USERS[:6]))
PASSWORDS = {user.username: user.password for user in people.ROLE_USERS}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_reflows_at_320_px_with_legible_charts_and_no_axe_violation(browser, demo_site, role):
    pages = sitemap()[role]
    context = browser.new_context(
        locale="en-GB", timezone_id="Europe/London", viewport={"width": NARROW, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        if role != "anonymous":
            sign_in(page, demo_site, role, PASSWORDS[role])
        failures = {}
        for url, expected in pages:
            response = page.goto(f"{demo_site.url}{url}")
            assert response.status == expected, f"{role} opening {url}: {response.status}, not {expected}"
            problems = page_problems(page)
            if problems:
                failures[url] = problems
    finally:
        context.close()
    assert not failures, f"{role}, at {NARROW} px:\n" + "\n".join(
        f"{url}\n  " + "\n  ".join(problems) for url, problems in failures.items()
    )


PRINTED = """() => {
    const shown = (selector) => [...document.querySelectorAll(selector)]
        .filter((el) => getComputedStyle(el).display !== "none" && el.getClientRects().length).length;
    const link = [...document.querySelectorAll("main a[href^='/']")].find((a) => !a.closest("table"));
    return {
        navigation: shown(".govuk-service-navigation, .app-account-bar, .govuk-skip-link"),
        footer: shown(".govuk-footer"),
        buttons: shown(".govuk-button, form"),
        linkAddress: link ? getComputedStyle(link, "::after").content : null,
        rowsKeptWhole: [...document.querySelectorAll(".govuk-table__row")]
            .every((row) => getComputedStyle(row).breakInside === "avoid"),
    };
}"""


def test_decision_pages_and_the_register_print_without_navigation_footer_or_buttons(page, demo_site):
    pcd_1838 = _decision("PCD 1838")
    page.emulate_media(media="print")
    for url in (
        reverse("register:list"),
        reverse("register:detail", args=[pcd_1838.pk]),
    ):
        page.goto(f"{demo_site.url}{url}")
        printed = page.evaluate(PRINTED)
        assert printed["navigation"] == printed["footer"] == printed["buttons"] == 0, (url, printed)
        assert printed["rowsKeptWhole"], url
        if url != reverse("register:list"):
            assert printed["linkAddress"].startswith('" (/'), printed
    # A decision's own page, signed in, prints the same way.
    page.emulate_media(media="screen")
    assert page.evaluate(PRINTED)["footer"] == 1
    sign_in(page, demo_site, people.AUDITOR.username, people.AUDITOR.password)
    page.emulate_media(media="print")
    page.goto(f"{demo_site.url}{reverse('decisions:detail', args=[pcd_1838.pk])}")
    printed = page.evaluate(PRINTED)
    assert printed["navigation"] == printed["footer"] == printed["buttons"] == 0, printed
