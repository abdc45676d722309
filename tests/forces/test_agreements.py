"""Section 22A agreements recorded from a force's page: the services (who may, what each bad input is told, what a
signed agreement refuses) and the pages (who sees them, errors that lose nothing typed, the plan's refusal linking to
what is missing)."""

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core import roles
from forces.choices import Execution, Publication, SignatoryCapacity, Stage
from forces.models import AgreementSignatory, CollaborationAgreement, Force, OnboardingPlan, Service
from forces.services import (
    AgreementIncomplete,
    Refused,
    agreement_attach_document,
    agreement_create,
    agreement_gaps,
    agreement_record_publication,
    plan_record_intent,
    plan_start_onboarding,
    signatory_record,
)
from tests.grants.test_services import letter_pdf

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SIGNED_ON = TODAY - dt.timedelta(days=30)
TITLE = "Section 22A collaboration agreement – MyPolice Portal (Cumbria)"
CUMBRIA = "cumbria-constabulary"

# A block as the signature page gives it, signed in wet ink and witnessed.
CHIEF_OFFICER_BLOCK = {
    "capacity": SignatoryCapacity.CHIEF_OFFICER,
    "party": "THE CHIEF CONSTABLE OF CUMBRIA CONSTABULARY",
    "signed_by_name": "Nadia Ellison",
    "signed_on": SIGNED_ON,
    "execution": Execution.WET_INK,
    "witness_name": "Peter Lowther",
    "witness_address": "7 Fell View\nPenrith\nCA0 0ZZ",
    "witness_occupation": "Solicitor",
    "witness_signed": True,
}
POLICING_BODY_BLOCK = {
    "capacity": SignatoryCapacity.POLICING_BODY,
    "party": "THE POLICE, FIRE AND CRIME COMMISSIONER FOR CUMBRIA",
    "signed_by_name": "Owen Rigg",
    "signed_on": SIGNED_ON + dt.timedelta(days=7),
    "execution": Execution.ELECTRONIC,
    "witness_name": "Fiona Dacre",
    "witness_address": "Carleton Hall, Penrith",
    "witness_occupation": "Governance officer",
    "witness_signed": True,
}


def text_of(response) -> str:
    """The page's text as a reader sees it: tags dropped, entities read, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def pdf_upload(name: str = "signed-agreement.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, letter_pdf() if content is None else content, content_type="application/pdf")


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def governance(role_users):
    """Governance and publication: may record agreements, their blocks and on-boarding plans."""
    return role_users[roles.GOVERNANCE]


@pytest.fixture
def finance(role_users):
    """A finance officer: reads agreements, records none."""
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def cumbria(role_users) -> Force:
    return Force.objects.get(slug=CUMBRIA)


@pytest.fixture
def mypolice(role_users) -> Service:
    return Service.objects.get(code="mypolice-portal")


@pytest.fixture
def plan(cumbria, mypolice, governance) -> OnboardingPlan:
    """Cumbria's statement of intent to join MyPolice Portal: not legally binding, no agreement yet."""
    return plan_record_intent(
        force=cumbria, service=mypolice, by=governance, intent_signed_on=SIGNED_ON - dt.timedelta(days=60)
    )


@pytest.fixture
def agreement(cumbria, mypolice, governance) -> CollaborationAgreement:
    return agreement_create(force=cumbria, by=governance, title=TITLE, services=[mypolice])


@pytest.fixture
def signed(agreement, governance) -> CollaborationAgreement:
    """The agreement with its document and both blocks signed and witnessed."""
    agreement_attach_document(agreement=agreement, by=governance, document=pdf_upload())
    signatory_record(agreement=agreement, by=governance, **CHIEF_OFFICER_BLOCK)
    signatory_record(agreement=agreement, by=governance, **POLICING_BODY_BLOCK)
    agreement.refresh_from_db()
    return agreement


def refusal_of(call, **kwargs) -> Refused:
    with pytest.raises(Refused) as refused:
        call(**kwargs)
    return refused.value


# --- Creating an agreement ----------------------------------------------------------------------------------------


def test_governance_records_an_agreement_for_the_force_and_others(cumbria, mypolice, governance):
    durham = Force.objects.get(slug="durham-constabulary")
    agreement = agreement_create(
        force=cumbria,
        by=governance,
        title="  Section 22A   collaboration agreement – MyPolice Portal  ",
        objective="To use the portal.",
        services=[mypolice],
        other_forces=[durham, cumbria],
    )
    agreement.refresh_from_db()
    assert agreement.title == "Section 22A collaboration agreement – MyPolice Portal"
    assert sorted(force.slug for force in agreement.forces.all()) == [CUMBRIA, "durham-constabulary"]
    assert list(agreement.services.all()) == [mypolice]
    assert agreement.publication == Publication.NOT_PUBLISHED
    assert agreement.history.latest().history_user == governance
    assert agreement_gaps(agreement) == [
        "the Section 22A agreement has no signature block for the chief officer",
        "the Section 22A agreement has no signature block for the policing body",
    ]


def test_only_those_who_may_add_agreements_record_one(cumbria, mypolice, finance):
    refused = refusal_of(agreement_create, force=cumbria, by=finance, title=TITLE, services=[mypolice])
    assert refused.code == "permission"
    assert refused.message == "You do not have permission to record Section 22A agreements."
    assert not CollaborationAgreement.objects.exists()


def test_an_agreement_needs_a_title_and_a_service(cumbria, governance):
    refused = refusal_of(agreement_create, force=cumbria, by=governance, title="   ", services=[])
    assert {(reason.field, reason.message) for reason in refused.reasons} == {
        ("title", "Enter the agreement's title."),
        ("services", "Select the services the agreement covers."),
    }
    assert not CollaborationAgreement.objects.exists()


def test_a_second_agreement_covering_the_same_service_is_refused(agreement, cumbria, mypolice, governance):
    refused = refusal_of(agreement_create, force=cumbria, by=governance, title="Another", services=[mypolice])
    assert refused.code == "exists"
    assert refused.field == "services"
    assert refused.message == (
        f"Cumbria Constabulary already has a Section 22A agreement covering MyPolice Portal (“{TITLE}”): "
        "on-boarding would not know which agreement to rest on."
    )
    assert CollaborationAgreement.objects.count() == 1


def test_an_agreement_with_a_document_that_is_not_a_pdf_is_refused_and_no_file_kept(
    cumbria, mypolice, governance, settings
):
    refused = refusal_of(
        agreement_create,
        force=cumbria,
        by=governance,
        title=TITLE,
        services=[mypolice],
        document=pdf_upload("agreement.pdf", b"<html>not a PDF</html>"),
    )
    assert refused.field == "document"
    assert "PDF" in refused.message
    assert not CollaborationAgreement.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


# --- Signature blocks ---------------------------------------------------------------------------------------------


def test_a_block_recorded_before_it_is_signed_says_what_it_lacks(agreement, governance):
    block = signatory_record(
        agreement=agreement,
        by=governance,
        capacity=SignatoryCapacity.POLICING_BODY,
        party="  THE POLICE, FIRE AND CRIME   COMMISSIONER FOR CUMBRIA ",
    )
    assert block.party == "THE POLICE, FIRE AND CRIME COMMISSIONER FOR CUMBRIA"
    assert block.history.latest().history_user == governance
    assert agreement_gaps(agreement) == [
        "the Section 22A agreement has no signature block for the chief officer",
        "the Section 22A agreement is not signed by the policing body (missing: the signatory's name, the date "
        "signed, how it was executed (wet ink or electronic), the witness's name, the witness's address, the "
        "witness's occupation)",
    ]


def test_an_incomplete_block_is_completed_later(agreement, governance):
    block = signatory_record(
        agreement=agreement, by=governance, **{**POLICING_BODY_BLOCK, "witness_address": "", "witness_signed": False}
    )
    assert block.missing == ["the witness's address"]
    signatory_record(agreement=agreement, by=governance, signatory=block, **POLICING_BODY_BLOCK)
    block.refresh_from_db()
    assert block.missing == []
    assert block.witness_address == "Carleton Hall, Penrith"
    assert block.history.latest().history_change_reason == "Signature block corrected"


BAD_BLOCKS = [
    (
        {"party": "  "},
        "party",
        "Enter who the block is signed for and on behalf of, as the agreement prints it.",
    ),
    ({"signed_on": TODAY + dt.timedelta(days=1)}, "signed_on", "The date signed cannot be in the future."),
    (
        {"signed_by_name": ""},
        "signed_by_name",
        "Enter the name of the person who signed: the block has a date signed.",
    ),
    ({"execution": ""}, "execution", "Select how the block was executed: wet ink or electronic."),
    (
        {"witness_name": "", "witness_signed": False},
        "witness_name",
        "Enter the witness's name: a signature in wet ink is witnessed on the page.",
    ),
    (
        {"witness_address": " \n "},
        "witness_address",
        "Enter the witness's address: a signature in wet ink is witnessed on the page.",
    ),
    (
        {"witness_occupation": ""},
        "witness_occupation",
        "Enter the witness's occupation: a signature in wet ink is witnessed on the page.",
    ),
    (
        {"signed_on": None, "execution": "", "witness_name": "", "witness_signed": True},
        "witness_name",
        "Enter the witness's name, or untick that the witness's signature is present.",
    ),
    (
        {"witness_name": "nadia  ellison"},
        "witness_name",
        "The witness must be someone other than the person who signed.",
    ),
    ({"signed_by_name": "x" * 201}, "signed_by_name", "Ensure this value has at most 200 characters (it has 201)."),
    ({"execution": "carved in stone"}, "execution", "Value 'carved in stone' is not a valid choice."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_BLOCKS, ids=[case[1] for case in BAD_BLOCKS])
def test_each_bad_block_is_refused_with_its_message_and_nothing_saved(agreement, governance, change, field, message):
    refused = refusal_of(signatory_record, agreement=agreement, by=governance, **{**CHIEF_OFFICER_BLOCK, **change})
    assert (field, message) in [(reason.field, reason.message) for reason in refused.reasons]
    assert not AgreementSignatory.objects.exists()


def test_an_electronic_signature_may_have_its_witness_recorded_later(agreement, governance):
    unwitnessed = {"witness_name": "", "witness_address": "", "witness_occupation": "", "witness_signed": False}
    block = signatory_record(agreement=agreement, by=governance, **{**POLICING_BODY_BLOCK, **unwitnessed})
    assert block.missing == ["the witness's name", "the witness's address", "the witness's occupation"]


def test_a_second_block_for_the_chief_officer_is_refused(agreement, governance):
    signatory_record(agreement=agreement, by=governance, **CHIEF_OFFICER_BLOCK)
    refused = refusal_of(signatory_record, agreement=agreement, by=governance, **CHIEF_OFFICER_BLOCK)
    assert refused.field == "capacity"
    assert refused.message == (
        "This agreement already has a signature block for the chief officer: correct that one instead."
    )
    assert agreement.signatories.count() == 1


def test_blocks_for_other_parties_may_be_several(agreement, governance):
    for party in ("THE CHIEF CONSTABLE OF THE LEAD FORCE", "THE COMMISSIONER FOR THE LEAD FORCE"):
        signatory_record(agreement=agreement, by=governance, capacity=SignatoryCapacity.OTHER, party=party)
    assert agreement.signatories.filter(capacity=SignatoryCapacity.OTHER).count() == 2


def test_only_those_who_may_record_blocks_do(agreement, governance, finance):
    refused = refusal_of(signatory_record, agreement=agreement, by=finance, **CHIEF_OFFICER_BLOCK)
    assert refused.code == "permission"
    block = signatory_record(agreement=agreement, by=governance, capacity=SignatoryCapacity.OTHER, party="Lead force")
    refused = refusal_of(
        signatory_record, agreement=agreement, by=finance, signatory=block, capacity="other", party="Changed"
    )
    assert refused.code == "permission"
    block.refresh_from_db()
    assert block.party == "Lead force"


def test_a_block_signed_and_witnessed_cannot_be_corrected(agreement, governance):
    block = signatory_record(agreement=agreement, by=governance, **CHIEF_OFFICER_BLOCK)
    refused = refusal_of(
        signatory_record,
        agreement=agreement,
        by=governance,
        signatory=block,
        **{**CHIEF_OFFICER_BLOCK, "witness_name": "Someone Else"},
    )
    assert refused.code == "frozen"
    assert refused.message == (
        "The signature block for THE CHIEF CONSTABLE OF CUMBRIA CONSTABULARY is signed and witnessed: it stands as "
        "signed and cannot be corrected."
    )
    block.refresh_from_db()
    assert block.witness_name == "Peter Lowther"


def test_the_last_block_waits_for_the_signed_document(agreement, governance):
    signatory_record(agreement=agreement, by=governance, **CHIEF_OFFICER_BLOCK)
    refused = refusal_of(signatory_record, agreement=agreement, by=governance, **POLICING_BODY_BLOCK)
    assert refused.code == "incomplete"
    assert refused.message.startswith("Upload the signed agreement (PDF) before completing the last signature block")
    assert not agreement.signatories.filter(capacity=SignatoryCapacity.POLICING_BODY).exists()
    agreement.refresh_from_db()
    assert not agreement.is_signed


def test_a_signed_agreement_has_no_gaps_and_its_blocks_and_document_stand_as_signed(signed, governance):
    assert signed.is_signed
    assert agreement_gaps(signed) == []
    chief = signed.signatories.get(capacity=SignatoryCapacity.CHIEF_OFFICER)
    frozen = (
        f"“{TITLE}” is signed for the chief officer and the policing body, each witnessed: its signature blocks stand "
        "as signed and cannot be added to or changed."
    )
    # Refused by the service with its message, before PostgreSQL's trigger would refuse the write.
    correcting = refusal_of(
        signatory_record, agreement=signed, by=governance, signatory=chief, **{**CHIEF_OFFICER_BLOCK, "party": "X"}
    )
    assert (correcting.code, correcting.message) == ("frozen", frozen)
    adding = refusal_of(signatory_record, agreement=signed, by=governance, capacity="other", party="Lead force")
    assert (adding.code, adding.message) == ("frozen", frozen)
    replacing = refusal_of(agreement_attach_document, agreement=signed, by=governance, document=pdf_upload("new.pdf"))
    assert replacing.code == "frozen"
    assert signed.signatories.count() == 2
    chief.refresh_from_db()
    assert chief.party == "THE CHIEF CONSTABLE OF CUMBRIA CONSTABULARY"
    signed.refresh_from_db()
    assert signed.document.name.endswith("signed-agreement.pdf")


@pytest.mark.postgres
def test_postgresql_itself_refuses_changing_a_signed_agreements_block(signed):
    chief = signed.signatories.get(capacity=SignatoryCapacity.CHIEF_OFFICER)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementSignatory.objects.filter(pk=chief.pk).update(party="X")


# --- The signed document ------------------------------------------------------------------------------------------


def test_the_signed_document_is_attached_and_may_be_replaced_until_signed(agreement, governance):
    agreement_attach_document(agreement=agreement, by=governance, document=pdf_upload("first.pdf"))
    agreement_attach_document(agreement=agreement, by=governance, document=pdf_upload("second.pdf"))
    agreement.refresh_from_db()
    assert Path(agreement.document.name).name.startswith("second")
    assert agreement.document.read() == letter_pdf()
    assert agreement.history.latest().history_change_reason == "Signed agreement attached"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Choose the signed agreement (PDF) to upload."),
        (pdf_upload("agreement.docx"), "The file must be a PDF (its name should end in .pdf)."),
        (pdf_upload("agreement.pdf", b""), "The file is empty."),
    ],
    ids=["none", "not-a-pdf-name", "empty"],
)
def test_a_bad_document_is_refused_and_nothing_kept(agreement, governance, settings, upload, message):
    refused = refusal_of(agreement_attach_document, agreement=agreement, by=governance, document=upload)
    assert (refused.field, refused.message) == ("document", message)
    agreement.refresh_from_db()
    assert not agreement.document
    assert stored_files(settings.MEDIA_ROOT) == []


def test_only_those_who_may_change_agreements_attach_the_document(agreement, finance):
    refused = refusal_of(agreement_attach_document, agreement=agreement, by=finance, document=pdf_upload())
    assert refused.code == "permission"


# --- Publication under s23E ---------------------------------------------------------------------------------------


def test_publication_waits_for_the_signatures(agreement, governance):
    refused = refusal_of(
        agreement_record_publication,
        agreement=agreement,
        by=governance,
        publication=Publication.IN_FULL,
        published_on=TODAY,
    )
    assert refused.code == "state"
    agreement.refresh_from_db()
    assert agreement.publication == Publication.NOT_PUBLISHED


def test_publication_of_a_signed_agreement_is_recorded_and_may_be_corrected(signed, governance):
    agreement_record_publication(
        agreement=signed, by=governance, publication=Publication.IN_FULL, published_on=TODAY - dt.timedelta(days=2)
    )
    agreement_record_publication(
        agreement=signed, by=governance, publication=Publication.TITLE_AND_OBJECTIVE, published_on=TODAY
    )
    signed.refresh_from_db()
    assert (signed.publication, signed.published_on) == (Publication.TITLE_AND_OBJECTIVE, TODAY)
    assert signed.history.latest().history_change_reason == "Publication recorded"


@pytest.mark.parametrize(
    ("publication", "published_on", "field", "message"),
    [
        (Publication.NOT_PUBLISHED, TODAY, "publication", "Select how the agreement was published."),
        (Publication.IN_FULL, None, "published_on", "Enter the date the agreement was published."),
        (
            Publication.IN_FULL,
            TODAY + dt.timedelta(days=1),
            "published_on",
            "The date published cannot be in the future.",
        ),
        (
            Publication.IN_FULL,
            SIGNED_ON,
            "published_on",
            "The agreement cannot have been published before it was signed (last signature "
            f"{(SIGNED_ON + dt.timedelta(days=7)).strftime('%d/%m/%Y')}).",
        ),
    ],
    ids=["not-published", "no-date", "future", "before-signing"],
)
def test_bad_publication_is_refused_with_its_message(signed, governance, publication, published_on, field, message):
    refused = refusal_of(
        agreement_record_publication,
        agreement=signed,
        by=governance,
        publication=publication,
        published_on=published_on,
    )
    assert (refused.field, refused.message) == (field, message)
    signed.refresh_from_db()
    assert signed.publication == Publication.NOT_PUBLISHED


def test_only_those_who_may_change_agreements_record_publication(signed, finance):
    refused = refusal_of(
        agreement_record_publication, agreement=signed, by=finance, publication="in_full", published_on=TODAY
    )
    assert refused.code == "permission"


# --- On-boarding rests on the agreement ---------------------------------------------------------------------------


def test_the_refused_start_carries_the_agreement_and_what_it_lacks(plan, agreement, governance):
    with pytest.raises(AgreementIncomplete) as refused:
        plan_start_onboarding(plan=plan, by=governance, started_on=TODAY)
    assert refused.value.agreement == agreement
    assert [(gap.capacity, gap.signatory) for gap in refused.value.gaps] == [
        (SignatoryCapacity.CHIEF_OFFICER, None),
        (SignatoryCapacity.POLICING_BODY, None),
    ]


def test_on_boarding_starts_once_the_agreement_recorded_here_is_signed(plan, signed, governance):
    started = plan_start_onboarding(plan=plan, by=governance, started_on=TODAY)
    assert started.stage == Stage.ONBOARDING_STARTED
    assert started.agreement == signed


# --- The pages ----------------------------------------------------------------------------------------------------


def urls_of(force: Force, agreement: CollaborationAgreement, block: AgreementSignatory) -> list[str]:
    args = [force.slug, agreement.pk]
    return [
        reverse("forces:agreement_create", args=[force.slug]),
        reverse("forces:agreement", args=args),
        reverse("forces:signatory_add", args=args),
        reverse("forces:signatory_edit", args=[*args, block.pk]),
        reverse("forces:agreement_document", args=args),
        reverse("forces:agreement_document_download", args=args),
        reverse("forces:agreement_publication", args=args),
    ]


@pytest.fixture
def partly_signed(agreement, governance) -> AgreementSignatory:
    """The chief officer's block signed and witnessed; the policing body's recorded, lacking the witness's address."""
    agreement_attach_document(agreement=agreement, by=governance, document=pdf_upload())
    signatory_record(agreement=agreement, by=governance, **CHIEF_OFFICER_BLOCK)
    return signatory_record(
        agreement=agreement, by=governance, **{**POLICING_BODY_BLOCK, "witness_address": "", "witness_signed": False}
    )


def test_the_pages_are_not_for_the_public_and_the_witness_address_never_reaches_them(
    client, cumbria, agreement, partly_signed, make_user
):
    for url in urls_of(cumbria, agreement, partly_signed):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))
        assert "Fell View" not in response.content.decode()
    client.force_login(make_user("test-nobody"))
    for url in urls_of(cumbria, agreement, partly_signed):
        assert client.get(url).status_code == 403, url
    for public in (reverse("register:list"), reverse("register:open_data")):
        client.logout()
        assert "Fell View" not in client.get(public).content.decode()


def test_readers_see_the_agreement_but_no_way_to_change_it(client, cumbria, agreement, partly_signed, finance):
    client.force_login(finance)
    urls = urls_of(cumbria, agreement, partly_signed)
    page = client.get(urls[1])
    assert page.status_code == 200
    html = page.content.decode()
    assert "7 Fell View<br>Penrith<br>CA0 0ZZ" in html
    for url in (urls[0], urls[2], urls[3], urls[4], urls[6]):
        assert f'href="{url}"' not in html
        assert client.get(url).status_code == 403, url
    assert client.get(urls[5]).status_code == 200
    force_page = client.get(reverse("forces:force", args=[cumbria.slug])).content.decode()
    assert "Record a Section 22A agreement" not in force_page
    assert urls[1] in force_page


def test_the_force_page_offers_to_record_an_agreement(client, cumbria, governance):
    client.force_login(governance)
    page = client.get(reverse("forces:force", args=[cumbria.slug]))
    assert reverse("forces:agreement_create", args=[cumbria.slug]) in page.content.decode()
    assert "Record a Section 22A agreement" in text_of(page)


def test_an_agreement_of_another_force_is_not_found_under_this_one(client, agreement, governance):
    client.force_login(governance)
    durham = Force.objects.get(slug="durham-constabulary")
    assert client.get(reverse("forces:agreement", args=[durham.slug, agreement.pk])).status_code == 404
    assert client.get(reverse("forces:agreement", args=[CUMBRIA, 999_999])).status_code == 404


def test_recording_an_agreement_from_the_page(client, cumbria, mypolice, governance):
    client.force_login(governance)
    url = reverse("forces:agreement_create", args=[cumbria.slug])
    form = client.get(url, {"service": "mypolice-portal"}).context["form"]
    assert form.initial["services"] == [mypolice.pk]
    response = client.post(url, {"title": TITLE, "services": [mypolice.pk], "document": pdf_upload()})
    agreement = CollaborationAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("forces:agreement", args=[cumbria.slug, agreement.pk])
    assert agreement.document.read() == letter_pdf()
    page = client.get(response["Location"])
    assert "Agreement recorded." in text_of(page)


def test_a_bad_agreement_form_keeps_what_was_typed_and_asks_for_the_file_again(
    client, cumbria, mypolice, governance, settings
):
    client.force_login(governance)
    url = reverse("forces:agreement_create", args=[cumbria.slug])
    response = client.post(
        url,
        {"title": "", "objective": "To use the portal together.", "services": [mypolice.pk], "document": pdf_upload()},
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text
    assert "Enter the agreement's title." in text
    assert (
        "Choose the file again: “signed-agreement.pdf” was not kept, because of the other problems on this page."
        in text
    )
    html = response.content.decode()
    assert "To use the portal together." in html
    assert re.search(rf'value="{mypolice.pk}" class="govuk-checkboxes__input"[^>]*checked', html)
    assert "govuk-radios__input" not in html  # a ticked box shows its tick
    assert '<a href="#id_title">' in html
    assert not CollaborationAgreement.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": TITLE, "services": ["999999"]}, "Select the services the agreement covers from the list."),
        ({"title": TITLE, "services": ["abc"]}, "Select the services the agreement covers from the list."),
        ({"title": "x" * 301, "services": []}, "The title must be 300 characters or fewer."),
        ({"title": TITLE}, "Select the services the agreement covers."),
    ],
    ids=["unknown-service", "not-a-number", "long-title", "no-service"],
)
def test_bad_input_on_the_agreement_form_is_explained(client, cumbria, governance, data, message):
    client.force_login(governance)
    response = client.post(reverse("forces:agreement_create", args=[cumbria.slug]), data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not CollaborationAgreement.objects.exists()


def test_the_agreement_page_lists_what_is_missing_with_links_to_fix_each(
    client, cumbria, agreement, partly_signed, governance
):
    client.force_login(governance)
    page = client.get(reverse("forces:agreement", args=[cumbria.slug, agreement.pk]))
    text = text_of(page)
    assert (
        "On-boarding cannot start on this agreement yet: The Section 22A agreement is not signed by the policing body "
        "(missing: the witness's address)."
    ) in text
    html = page.content.decode()
    assert reverse("forces:signatory_edit", args=[cumbria.slug, agreement.pk, partly_signed.pk]) in html
    chief = agreement.signatories.get(capacity=SignatoryCapacity.CHIEF_OFFICER)
    # The chief officer's block is signed and witnessed: nothing to correct there.
    assert reverse("forces:signatory_edit", args=[cumbria.slug, agreement.pk, chief.pk]) not in html
    assert "Publication under section 23E Recorded once both signature blocks are signed and witnessed." in text
    assert reverse("forces:agreement_document_download", args=[cumbria.slug, agreement.pk]) in html


def test_a_new_agreement_page_links_to_adding_each_block(client, cumbria, agreement, governance):
    client.force_login(governance)
    html = client.get(reverse("forces:agreement", args=[cumbria.slug, agreement.pk])).content.decode()
    add = reverse("forces:signatory_add", args=[cumbria.slug, agreement.pk])
    assert f"{add}?capacity=chief_officer" in html
    assert f"{add}?capacity=policing_body" in html
    assert reverse("forces:agreement_document", args=[cumbria.slug, agreement.pk]) in html


def test_a_block_is_added_from_the_page_with_the_party_filled_in(client, cumbria, agreement, governance):
    client.force_login(governance)
    url = reverse("forces:signatory_add", args=[cumbria.slug, agreement.pk])
    form = client.get(url, {"capacity": "chief_officer"}).context["form"]
    assert form.initial["party"] == "THE CHIEF CONSTABLE OF CUMBRIA CONSTABULARY"
    assert client.get(url, {"capacity": "<script>"}).status_code == 200
    data = {**CHIEF_OFFICER_BLOCK, "signed_on": SIGNED_ON.strftime("%d/%m/%Y"), "witness_signed": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    block = agreement.signatories.get()
    assert block.witness_address == "7 Fell View\nPenrith\nCA0 0ZZ"
    assert block.signed_on == SIGNED_ON
    assert "Signature block saved: signed and witnessed." in text_of(client.get(response["Location"]))


def test_a_bad_block_keeps_what_was_typed_and_saves_nothing(client, cumbria, agreement, governance):
    client.force_login(governance)
    url = reverse("forces:signatory_add", args=[cumbria.slug, agreement.pk])
    tomorrow = (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    data = {**CHIEF_OFFICER_BLOCK, "signed_on": tomorrow, "witness_occupation": "", "witness_signed": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    text = text_of(response)
    assert "The date signed cannot be in the future." in text
    assert "Enter the witness's occupation: a signature in wet ink is witnessed on the page." in text
    html = response.content.decode()
    assert '<a href="#id_signed_on_day">' in html
    year = (TODAY + dt.timedelta(days=1)).year
    assert f'name="signed_on_year" type="text" inputmode="numeric" value="{year}"' in html
    assert "7 Fell View\nPenrith\nCA0 0ZZ</textarea>" in html
    assert 'value="Peter Lowther"' in html
    assert not AgreementSignatory.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"signed_on": "31/02/2025"}, "Date signed must be a real date."),
        ({"signed_on": "08/04/10000"}, "Date signed must be a real date."),
        ({"capacity": "emperor"}, "Select whose signature block it is."),
        ({"execution": "quill"}, "Select how the block was executed: wet ink or electronic."),
        ({"witness_address": "x" * 501}, "The witness's address must be 500 characters or fewer."),
        ({"party": "\x00"}, "Null characters are not allowed."),
    ],
    ids=["no-such-day", "year-10000", "capacity", "execution", "long-address", "nul"],
)
def test_bad_input_on_the_block_form_is_explained(client, cumbria, agreement, governance, change, message):
    client.force_login(governance)
    url = reverse("forces:signatory_add", args=[cumbria.slug, agreement.pk])
    response = client.post(url, {**CHIEF_OFFICER_BLOCK, "signed_on": "01/04/2025", **change})
    assert response.status_code == 200
    assert message in text_of(response)
    assert not AgreementSignatory.objects.exists()


def test_a_signed_block_is_not_offered_for_correction(client, cumbria, agreement, partly_signed, governance):
    client.force_login(governance)
    chief = agreement.signatories.get(capacity=SignatoryCapacity.CHIEF_OFFICER)
    url = reverse("forces:signatory_edit", args=[cumbria.slug, agreement.pk, chief.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("forces:agreement", args=[cumbria.slug, agreement.pk])
    assert "is signed and witnessed: it stands as signed and cannot be corrected." in text_of(response)
    client.post(url, {**CHIEF_OFFICER_BLOCK, "party": "Changed", "signed_on": "01/04/2025"})
    chief.refresh_from_db()
    assert chief.party == CHIEF_OFFICER_BLOCK["party"]


def test_completing_the_last_block_signs_the_agreement(client, cumbria, agreement, partly_signed, governance, plan):
    client.force_login(governance)
    url = reverse("forces:signatory_edit", args=[cumbria.slug, agreement.pk, partly_signed.pk])
    form = client.get(url).context["form"]
    assert form.initial["witness_name"] == "Fiona Dacre"
    data = {**POLICING_BODY_BLOCK, "signed_on": POLICING_BODY_BLOCK["signed_on"].strftime("%d/%m/%Y")}
    response = client.post(url, data, follow=True)
    text = text_of(response)
    assert "the agreement is signed for the chief officer and the policing body." in text
    assert "It is signed for the chief officer and the policing body, each witnessed" in text
    # The force's plan at statement of intent for a covered service can now start.
    assert reverse("forces:plan_action", args=[plan.pk, "start"]) in response.content.decode()
    assert reverse("forces:agreement_publication", args=[cumbria.slug, agreement.pk]) in response.content.decode()


def test_uploading_the_document_from_the_page(client, cumbria, agreement, governance, settings):
    client.force_login(governance)
    url = reverse("forces:agreement_document", args=[cumbria.slug, agreement.pk])
    empty = client.post(url, {})
    assert "Choose the signed agreement (PDF) to upload." in text_of(empty)
    bad = client.post(url, {"document": pdf_upload("agreement.pdf", b"%PDF-1.4 nonsense")})
    assert bad.status_code == 200
    assert "The PDF is damaged or incomplete and cannot be read" in text_of(bad)
    assert stored_files(settings.MEDIA_ROOT) == []
    response = client.post(url, {"document": pdf_upload()})
    assert response.status_code == 302
    download = client.get(reverse("forces:agreement_document_download", args=[cumbria.slug, agreement.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == letter_pdf()


def test_no_document_is_not_found(client, cumbria, agreement, governance):
    client.force_login(governance)
    download = reverse("forces:agreement_document_download", args=[cumbria.slug, agreement.pk])
    assert client.get(download).status_code == 404


def test_recording_publication_from_the_page(client, cumbria, signed, governance):
    client.force_login(governance)
    url = reverse("forces:agreement_publication", args=[cumbria.slug, signed.pk])
    bad = client.post(url, {"publication": "in_full", "published_on": "01/01/2001"})
    assert "The agreement cannot have been published before it was signed" in text_of(bad)
    response = client.post(url, {"publication": "in_full", "published_on": TODAY.strftime("%d/%m/%Y")}, follow=True)
    assert f"Published in full, {TODAY.strftime('%d/%m/%Y')}" in text_of(response)


# --- The plan's refusal links to what is missing ------------------------------------------------------------------


def test_starting_without_an_agreement_links_to_recording_one(client, plan, governance):
    client.force_login(governance)
    response = client.post(reverse("forces:plan_action", args=[plan.pk, "start"]), {"started_on": "01/09/2025"})
    assert response.status_code == 200
    assert (
        "Cumbria Constabulary cannot start on-boarding to MyPolice Portal: there is no Section 22A collaboration "
        "agreement yet."
    ) in text_of(response)
    create = reverse("forces:agreement_create", args=[CUMBRIA]) + "?service=mypolice-portal"
    assert (
        f'<a href="{create}">Record a Section 22A agreement covering MyPolice Portal</a>' in response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.stage == Stage.STATEMENT_OF_INTENT


def test_starting_on_an_unsigned_agreement_links_to_each_block_and_the_agreement(
    client, plan, agreement, partly_signed, governance
):
    client.force_login(governance)
    response = client.post(
        reverse("forces:plan_action", args=[plan.pk, "start"]), {"started_on": TODAY.strftime("%d/%m/%Y")}
    )
    html = response.content.decode()
    edit = reverse("forces:signatory_edit", args=[CUMBRIA, agreement.pk, partly_signed.pk])
    assert (
        f'<a href="{edit}">Complete the signature block for the policing body (missing: the witness&#x27;s address)</a>'
    ) in html
    assert f'<a href="{reverse("forces:agreement", args=[CUMBRIA, agreement.pk])}">' in html
    plan.refresh_from_db()
    assert plan.stage == Stage.STATEMENT_OF_INTENT


def test_a_refusal_links_only_to_what_the_user_may_do(client, plan, agreement, governance, make_user):
    # Someone who may change plans but not record blocks is sent only to the agreement's page.
    from django.contrib.auth.models import Permission

    user = make_user("test-plans-only")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_onboardingplan", "view_onboardingplan", "view_collaborationagreement"]
        )
    )
    client.force_login(user)
    response = client.post(
        reverse("forces:plan_action", args=[plan.pk, "start"]), {"started_on": TODAY.strftime("%d/%m/%Y")}
    )
    html = response.content.decode()
    assert reverse("forces:signatory_add", args=[CUMBRIA, agreement.pk]) not in html
    assert reverse("forces:agreement", args=[CUMBRIA, agreement.pk]) in html


def test_nothing_is_left_on_disk_by_a_refused_agreement(client, cumbria, mypolice, governance, settings):
    # A duplicate agreement with a valid document: refused by the service, after the form accepted the file.
    agreement_create(force=cumbria, by=governance, title=TITLE, services=[mypolice])
    client.force_login(governance)
    response = client.post(
        reverse("forces:agreement_create", args=[cumbria.slug]),
        {"title": "Another", "services": [mypolice.pk], "document": pdf_upload()},
    )
    assert "on-boarding would not know which agreement to rest on." in text_of(response)
    assert "Choose the file again" in text_of(response)
    assert stored_files(settings.MEDIA_ROOT) == []
