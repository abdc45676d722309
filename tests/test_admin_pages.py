"""The back office: every registered model's pages open, sort, search and save; signed decisions stay read-only."""

from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.choices import FROZEN_STATUSES, DecisionStatus, Part, SectionKind
from decisions.content import decision_content_hash
from decisions.models import (
    Decision,
    DecisionEvent,
    Paragraph,
    Recommendation,
    Section,
    SigningThrottle,
    SignOff,
    SupportingPaper,
)
from decisions.services import decision_create
from decisions.statements import MOPAC_DECLARATIONS
from forces.choices import SignatoryCapacity
from forces.models import AgreementSignatory, CollaborationAgreement, Force
from grants.choices import VariationKind
from grants.models import Grant, GrantVariation, VariationOutcome
from records.models import DecisionSeal, SealedDocument

DOMAIN_APPS = ("grants", "decisions", "forces", "records")
REGISTERED_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
DOMAIN_MODELS = [model for model in REGISTERED_MODELS if model._meta.app_label in DOMAIN_APPS]
# Written only by the services: readable in the back office, never added, changed or deleted there.
SERVICE_RECORDS = (SignOff, DecisionEvent, DecisionSeal, SealedDocument, SigningThrottle)
# Nobody has given a wrong signing password in the demo.
EMPTY_IN_THE_DEMO = (SigningThrottle,)


def model_id(model) -> str:
    return model._meta.label_lower


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# Every test here reads the database, so the test database is set up even when one test runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_db, django_db_blocker):
    """The demo database, and a draft decision with content of every kind: made once for the module, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        superuser = get_user_model().objects.create_superuser(
            username="back-office", email="back-office@example.org", password="back-office-test-password"
        )
        # A further variation of grant 685 and a draft decision about it: editable content of every kind.
        grant = Grant.objects.get(funder_reference="685")
        variation = GrantVariation.objects.create(
            grant=grant,
            sequence=2,
            kind=VariationKind.ADDITIONAL_FUNDING,
            amount_change=Decimal("250000.00"),
            letter_reference="685 Digital Public Contact Grant Variation Letter 2 2024/25",
        )
        VariationOutcome.objects.create(variation=variation, position=1, text="Onboarding the last forces.")
        # An agreement still being signed (a signed one stands as signed): editable blocks.
        unsigned = CollaborationAgreement.objects.create(title="MyPolice Portal Section 22A agreement (draft)")
        unsigned.forces.add(Force.objects.get(slug="lancashire-constabulary"))
        AgreementSignatory.objects.create(
            agreement=unsigned, capacity=SignatoryCapacity.CHIEF_OFFICER, party="The Chief Constable"
        )
        draft = decision_create(by=superuser, policing_body=grant.recipient, title="Further DPC grant funding 2024/25")
        variation.decision = draft
        variation.save(update_fields=["decision"])
        draft.grants.add(grant)
        draft.refers_to.add(grant.accepting_decision)
        Recommendation.objects.create(decision=draft, position=1, text="Approve acceptance of £250,000 of HO grant.")
        issues = Section.objects.create(decision=draft, position=2, kind=SectionKind.ISSUES, heading="Issues")
        lead = Paragraph.objects.create(section=issues, position=1, text="The funding will support:")
        Paragraph.objects.create(section=issues, parent=lead, position=1, text="More LiveChat capacity.")
        SupportingPaper.objects.create(
            decision=draft, position=1, title=variation.letter_reference, related_variation=variation
        )
        yield SimpleNamespace(superuser=superuser, draft=draft)
        transaction.set_rollback(True)


@pytest.fixture
def staff_client(client, demo, db):
    client.force_login(demo.superuser)
    return client


def superuser_request(demo):
    request = RequestFactory().get("/admin/")
    request.user = demo.superuser
    return request


class BrowserForm(HTMLParser):
    """What a browser would submit from the admin's change form: every named control, as it stands."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._select_multiple = False
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self._in_form = True
        name = attributes.get("name")
        if not self._in_form or (tag != "option" and (not name or "disabled" in attributes)):
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
                return
            self._add(name, attributes.get("value") or "")
        elif tag == "select":
            self._select, self._select_multiple, self._options = name, "multiple" in attributes, []
        elif tag == "option" and self._select is not None:
            self._options.append((attributes.get("value") or "", "selected" in attributes))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._select_multiple and self._options:
                chosen = [self._options[0][0]]  # a single select with nothing marked submits its first option
            for value in chosen:
                self._add(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # Django writes a newline after <textarea>; browsers drop it.
            self._add(self._textarea, text.removeprefix("\n"))
            self._textarea = None


def form_errors(response) -> str:
    errors = [str(response.context["adminform"].form.errors)]
    errors += [str(inline.formset.errors) for inline in response.context["inline_admin_formsets"]]
    errors += [str(inline.formset.non_form_errors()) for inline in response.context["inline_admin_formsets"]]
    return " ".join(error for error in errors if error.strip("[]{} "))


# ---------------------------------------------------------------------------------------------------------------------
# Every registered model


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_changelist_add_and_change_pages_open(staff_client, demo, model):
    model_admin = admin.site.get_model_admin(model)

    assert staff_client.get(admin_url(model, "changelist")).status_code == 200

    may_add = model_admin.has_add_permission(superuser_request(demo))
    assert staff_client.get(admin_url(model, "add")).status_code == (200 if may_add else 403)

    row = model._default_manager.order_by("pk").first()
    # The demo data fills every model of the domain apps; other apps' logs may be empty.
    assert row is not None or model._meta.app_label not in DOMAIN_APPS or model in EMPTY_IN_THE_DEMO
    if row is not None:
        assert staff_client.get(admin_url(model, "change", row.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_changelist_sorts_by_each_sortable_column(staff_client, demo, model):
    model_admin = admin.site.get_model_admin(model)
    unsorted = staff_client.get(admin_url(model, "changelist"))
    changelist = unsorted.context["cl"]
    sortable = [index for index, header in enumerate(result_headers(changelist)) if header["sortable"]]

    assert unsorted.status_code == 200
    for index in sortable:
        for order in (str(index), f"-{index}"):
            # The changelist as the page builds it for ?o=…, its rows fetched in that order (the page's markup is
            # the unsorted page's, checked above).
            request = RequestFactory().get(admin_url(model, "changelist"), {"o": order})
            request.user = demo.superuser
            sorted_list = model_admin.get_changelist_instance(request)
            rows = list(sorted_list.result_list)
            # Sorting through a relation must neither drop nor repeat rows.
            assert sorted_list.result_count == changelist.result_count, f"?o={order}"
            assert len({row.pk for row in rows}) == len(rows), f"?o={order}"


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=model_id)
def test_changelist_queries_do_not_grow_with_rows(staff_client, monkeypatch, model):
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as full_page:
        staff_client.get(url)
    monkeypatch.setattr(admin.site.get_model_admin(model), "list_per_page", 1)
    with CaptureQueriesContext(connection) as one_row:
        staff_client.get(url)

    assert len(full_page) == len(one_row)


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=model_id)
def test_change_form_saves_as_it_stands(staff_client, model):
    """Submitting a change form untouched saves it (no server error, no spurious validation error)."""
    # Newest first: the draft decision's content comes before the signed forms' content.
    rows = list(model._default_manager.order_by("-pk")[:20])
    if model in EMPTY_IN_THE_DEMO:
        return
    assert rows, "the demo data has no row to edit"
    for row in rows:
        url = admin_url(model, "change", row.pk)
        page = staff_client.get(url)
        if 'name="_save"' in page.content.decode():
            break
    else:
        assert model in SERVICE_RECORDS, "no row of this model can be edited"
        assert staff_client.post(url, {"_save": "Save"}).status_code == 403
        return

    form = BrowserForm()
    form.feed(page.content.decode())
    response = staff_client.post(url, {**form.data, "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    assert response.url == admin_url(model, "changelist")


def test_saving_a_draft_untouched_keeps_its_content(staff_client, demo):
    url = admin_url(Decision, "change", demo.draft.pk)
    before = decision_content_hash(demo.draft)
    form = BrowserForm()
    form.feed(staff_client.get(url).content.decode())

    response = staff_client.post(url, {**form.data, "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    assert decision_content_hash(Decision.objects.get(pk=demo.draft.pk)) == before


def test_adding_a_decision_drafts_it_through_the_service(staff_client, demo):
    add_page = staff_client.get(admin_url(Decision, "add"))
    form = BrowserForm()
    form.feed(add_page.content.decode())
    form.data.update(
        {
            "policing_body": [str(demo.draft.policing_body_id)],
            "title": ["Acceptance of further grant funding"],
            "executive_summary": ["This paper seeks approval to accept further funding."],
        }
    )

    response = staff_client.post(admin_url(Decision, "add"), {**form.data, "_save": "Save"})

    assert response.status_code == 302, form_errors(response)
    decision = Decision.objects.get(title="Acceptance of further grant funding")
    # No reference typed: the next of MOPAC's own series (PCD 1838 is the seed's; the demo's decision waiting for the
    # DMPC is PCD 1839 and its draft PCD 1840).
    assert form.data["reference"] == [""]
    assert decision.reference == "PCD 1841"
    assert decision.status == DecisionStatus.DRAFT
    assert decision.drafted_by == demo.superuser
    assert decision.executive_summary == "This paper seeks approval to accept further funding."
    assert decision.declarations.count() == len(MOPAC_DECLARATIONS)
    assert decision.events.get().actor == demo.superuser


# ---------------------------------------------------------------------------------------------------------------------
# Signed decisions, sign-offs and history


def test_signed_decisions_are_read_only_and_a_draft_is_not(staff_client, demo):
    frozen = list(Decision.objects.filter(status__in=FROZEN_STATUSES))
    assert {decision.status for decision in frozen} == set(FROZEN_STATUSES)

    for decision in frozen:
        url = admin_url(Decision, "change", decision.pk)
        html = staff_client.get(url).content.decode()
        assert 'name="_save"' not in html, decision.reference
        assert 'name="recommendations-0-text"' not in html, "inline content is read-only too"
        assert staff_client.post(url, {"title": "Changed"}).status_code == 403
        assert staff_client.get(admin_url(Decision, "delete", decision.pk)).status_code == 403
        decision.refresh_from_db()
        assert decision.title != "Changed"

    signed_section = Section.objects.filter(decision__in=frozen).first()
    section_page = staff_client.get(admin_url(Section, "change", signed_section.pk)).content.decode()
    assert 'name="_save"' not in section_page

    assert demo.draft.status == DecisionStatus.DRAFT
    draft_page = staff_client.get(admin_url(Decision, "change", demo.draft.pk)).content.decode()
    assert 'name="_save"' in draft_page


def test_content_cannot_be_added_to_a_signed_decision(staff_client):
    signed = Decision.objects.filter(status__in=FROZEN_STATUSES).first()
    response = staff_client.post(
        admin_url(Section, "add"),
        {"decision": signed.pk, "part": Part.PART_1, "position": 99, "kind": "other", "heading": "Added later"},
    )

    assert response.status_code == 200
    assert "decision" in response.context["adminform"].form.errors
    assert not signed.sections.filter(position=99).exists()


@pytest.mark.parametrize("model", SERVICE_RECORDS, ids=model_id)
def test_service_records_cannot_be_added_or_deleted(staff_client, demo, model):
    if model is SigningThrottle:
        SigningThrottle.objects.create(user=demo.superuser, failures=2)
    row = model._default_manager.first()

    assert staff_client.get(admin_url(model, "add")).status_code == 403
    assert staff_client.get(admin_url(model, "delete", row.pk)).status_code == 403
    assert staff_client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=row.pk).exists()


def test_history_can_be_read_but_not_reverted(staff_client, demo):
    record = demo.draft.history.earliest()
    url = reverse("admin:decisions_decision_simple_history", args=[demo.draft.pk, record.history_id])

    assert staff_client.get(admin_url(Decision, "history", demo.draft.pk)).status_code == 200
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"title": "Reverted"}).status_code == 403


def test_part_2_is_hidden_from_users_without_permission(client, demo, db):
    reader = get_user_model().objects.create_user(username="section-reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(content_type__app_label="decisions", codename="view_section"))
    client.force_login(reader)
    part_2 = Section.objects.filter(part=Part.PART_2).first()

    changelist = client.get(admin_url(Section, "changelist"))

    assert changelist.context["cl"].result_count == Section.objects.filter(part=Part.PART_1).count()
    assert client.get(admin_url(Section, "change", part_2.pk)).status_code != 200


# ---------------------------------------------------------------------------------------------------------------------
# Searching and the figures of the seed


@pytest.mark.parametrize(
    ("model_label", "term"),
    [("grants.grant", "685"), ("decisions.decision", "PCD")],
)
def test_searched_changelist_finds_the_seed_records(staff_client, model_label, term):
    app_label, model_name = model_label.split(".")
    response = staff_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": term})

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_grant_totals_are_derived_and_shown_in_pounds(staff_client):
    grant = Grant.objects.get(funder_reference="685")

    changelist = staff_client.get(admin_url(Grant, "changelist")).content.decode()
    change_page = staff_client.get(admin_url(Grant, "change", grant.pk)).content.decode()

    assert "£20,698,000.00" in changelist
    assert "£22,568,000.00" in changelist
    assert "£22,568,000.00" in change_page
