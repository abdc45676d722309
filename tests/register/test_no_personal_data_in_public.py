"""Public documents carry no personal data beyond the signers' names and roles: a PCC form with a Section 22A page is
published, and nothing the public can reach (pages, feed, open data, exports, the Part 1 PDF) holds a witness's name,
address or occupation, or a signer's address; the Part 1 PDF's hash is of Part 1 only."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core import roles
from decisions.choices import FormType, ParagraphStyle, Part, SectionKind, SignOffKind
from decisions.content import decision_content, part_1_content, sha256_of
from decisions.models import Paragraph, ReferenceSeries, Section
from decisions.services import decision_create
from forces.choices import Execution, SignatoryCapacity, Stage
from forces.models import AgreementSignatory, CollaborationAgreement, Force, OnboardingPlan, Service
from grants.models import Organisation
from records.models import DocumentVariant
from tests.builders import appoint, create_user, make_submittable, perform

pytestmark = pytest.mark.django_db

SIGNER_ADDRESS = "203.0.113.77"
WITNESSES = [
    ("Wilhelmina Quist", "7 Orchard Row\nGarstang\nPR0 9QQ", "Retired headteacher"),
    ("Bartholomew Ainsley", "22 Canal Side\nBurscough\nL00 4XX", "Solicitor's clerk"),
]


@pytest.fixture
def published(cast, django_capture_on_commit_callbacks, restore_forces):
    body = Organisation.objects.create(name="Police and Crime Commissioner for Lancashire", kind="policing_body")
    ReferenceSeries.objects.create(policing_body=body, prefix="LANC", per_year=True)
    force = Force.objects.get(slug="lancashire-constabulary")
    service = Service.objects.get(code="soh")
    agreement = CollaborationAgreement.objects.create(title="SOH Section 22A collaboration agreement")
    agreement.forces.add(force)
    for capacity, (name, address, occupation) in zip(
        (SignatoryCapacity.CHIEF_OFFICER, SignatoryCapacity.POLICING_BODY), WITNESSES, strict=True
    ):
        AgreementSignatory.objects.create(
            agreement=agreement,
            capacity=capacity,
            party=f"The {capacity.label}",
            signed_by_name=f"Signatory for {capacity.label}",
            signed_on="2020-01-15",
            execution=Execution.WET_INK,
            witness_name=name,
            witness_address=address,
            witness_occupation=occupation,
            witness_signed=True,
        )
    plan = OnboardingPlan.objects.create(
        force=force, service=service, stage=Stage.ONBOARDING_STARTED, onboarding_started_on="2020-02-01",
        agreement=agreement,
    )  # fmt: skip
    decision = decision_create(
        by=cast.drafter, policing_body=body, title="Joining the Single Online Home", form_type=FormType.PCC_DECISION
    )
    decision.executive_summary = "Lancashire Constabulary joins the Single Online Home."
    decision.save(update_fields=["executive_summary"])
    decision.recommendations.create(position=1, text="Approve the Section 22A agreement.")
    confidential = Section.objects.create(
        decision=decision, part=Part.PART_2, position=9, kind=SectionKind.OTHER, heading="Costs",
        non_publication_rationale="Commercial interests.", paragraph_style=ParagraphStyle.NUMBERED,
    )  # fmt: skip
    Paragraph.objects.create(section=confidential, position=1, text="The confidential price per force.")
    plan.decisions.add(decision)
    make_submittable(decision, by=cast.drafter)
    perform("submit", decision, by=cast.drafter)
    monitoring_officer = create_user("lancs-mo", role=roles.CHIEF_EXECUTIVE, appointed=False)
    appoint(monitoring_officer, SignOffKind.MONITORING_OFFICER, body)
    pcc = create_user("lancs-pcc", role=roles.DECISION_MAKER, appointed=False)
    appoint(pcc, SignOffKind.PCC, body)
    perform("clear", decision, by=monitoring_officer, client_address=SIGNER_ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        perform("approve", decision, by=pcc, client_address=SIGNER_ADDRESS)
    return perform("publish", decision, by=cast.governance)


@pytest.fixture
def restore_forces(db):
    from tests.conftest import restore_migrated_data

    restore_migrated_data()


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def public_outputs(client, decision) -> dict[str, str]:
    pdf = client.get(reverse("records:document", args=[decision.pk, DocumentVariant.PART_1]))
    assert pdf.status_code == 200
    outputs = {
        "register": client.get(reverse("register:list")).content.decode(),
        "search": client.get(reverse("register:list"), {"search": "Single Online Home"}).content.decode(),
        "page": client.get(reverse("register:detail", args=[decision.pk])).content.decode(),
        "feed": client.get(reverse("register:feed")).content.decode(),
        "open data": client.get(reverse("register:open_data")).content.decode(),
        "csv": b"".join(client.get(reverse("register:list"), {"_export": "csv"}).streaming_content).decode(),
        "all open data": b"".join(client.get(reverse("register:open_data_all")).streaming_content).decode(),
        "pdf": pdf_text(b"".join(pdf.streaming_content)),
    }
    assert all(decision.reference in text for name, text in outputs.items() if name != "search")
    return outputs


def test_no_public_output_holds_a_witness_or_a_signers_address(client, published):
    for name, text in public_outputs(client, published).items():
        flat = " ".join(text.split())
        assert SIGNER_ADDRESS not in flat, name
        for witness, address, occupation in WITNESSES:
            assert witness not in flat, (name, witness)
            assert address.splitlines()[0] not in flat, (name, address)
            assert occupation not in flat, (name, occupation)
        assert "The confidential price per force." not in flat, name


def test_the_signers_are_named_with_their_roles_in_the_public_pdf(client, published):
    text = " ".join(public_outputs(client, published)["pdf"].split())
    assert "Lancs-Mo Tester" in text
    assert "Lancs-Pcc Tester" in text
    assert "Police and Crime Commissioner" in text
    assert "Signatory for the chief officer" in text or "SIGNED by Signatory for" in text


def test_the_part_1_pdf_prints_the_hash_of_part_1_only(client, published):
    text = " ".join(public_outputs(client, published)["pdf"].split()).replace(" ", "")
    content = decision_content(published)
    whole, part_1 = sha256_of(content), sha256_of(part_1_content(content))
    assert part_1 != whole
    assert part_1 in text
    assert whole not in text
    approval = published.sign_offs.get(kind=SignOffKind.PCC)
    assert approval.revision.part_1_sha256 in text
    assert approval.revision.sha256 not in text


def test_the_complete_form_keeps_the_full_evidence_for_those_allowed(client, published, role_users):
    client.force_login(role_users[roles.AUDITOR])
    response = client.get(reverse("records:document", args=[published.pk, DocumentVariant.COMPLETE]))
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert SIGNER_ADDRESS in text
    assert WITNESSES[0][0] in text
    assert published.sign_offs.get(kind=SignOffKind.PCC).revision.sha256 in text.replace(" ", "")
