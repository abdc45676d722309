"""MOPAC's side of the demo: the organisations, the DPC programme, grant 685 and its variation,
the short record of PCD 1763 and the published decision PCD 1838, word for word from the seed.
"""

import datetime as dt
from decimal import Decimal

from core.financial_year import FinancialYear
from decisions.choices import SectionKind
from demo.shapes import ItemText, ParagraphText, SectionText
from grants.choices import OrganisationKind

HOME_OFFICE = "Home Office"
MOPAC = "Mayor's Office for Policing and Crime"
MPS = "Metropolitan Police Service"
LANCASHIRE_PCC = "Police and Crime Commissioner for Lancashire"
LANCASHIRE_CONSTABULARY = "Lancashire Constabulary"
NPCC = "National Police Chiefs' Council"

# name, short name, kind
ORGANISATIONS = (
    (HOME_OFFICE, "HO", OrganisationKind.GOVERNMENT_DEPARTMENT),
    (MOPAC, "MOPAC", OrganisationKind.POLICING_BODY),
    (MPS, "MPS", OrganisationKind.POLICE_FORCE),
    (LANCASHIRE_PCC, "", OrganisationKind.POLICING_BODY),
    (LANCASHIRE_CONSTABULARY, "", OrganisationKind.POLICE_FORCE),
    (NPCC, "NPCC", OrganisationKind.NATIONAL_BODY),
)

PROGRAMME = {
    "name": "Digital Public Contact",
    "short_name": "DPC",
    "classification": "Tier 1 National Police Chiefs' Council (NPCC) National Policing Programme",
    "description": (
        "Makes it easier for the public to contact the police wherever they are in the country, through "
        "national online services such as the Single Online Home (SOH) and Police.uk."
    ),
    "hosting_established": FinancialYear(2020),
}

# The national services the DPC programme runs (codes of the forces reference data).
DPC_SERVICE_CODES = (
    "soh",
    "police-uk",
    "ihub",
    "livechat",
    "ai-operator-assist",
    "mypolice-portal",
    "named-contactable-officers",
)

# PCD 1763 accepted the original award. Its text is not in the seeds, so its record stays short.
PCD_1763 = {
    "reference": "PCD 1763",
    "title": "Digital Public Contact (DPC) Programme Grant for 2024/2025",
    "executive_summary": (
        "This decision accepted £20.698m of Home Office grant funding for the Digital Public Contact (DPC) "
        "Programme for 2024/25."
    ),
    "recommendations": (
        "Approve acceptance of Home Office grant funding of £20.698m for the Digital Public Contact (DPC) "
        "Programme in 2024/25.",
    ),
    "chief_executive_signed_on": dt.date(2024, 12, 16),
    "dmpc_signed_on": dt.date(2024, 12, 17),
    "declarations_on": dt.date(2024, 12, 12),
    "published_on": dt.date(2024, 12, 17),
}

GRANT_685 = {
    "funder_reference": "685",
    "financial_year": FinancialYear(2024),
    "title": "National Policing Programme Grant Agreement – Digital Public Contact (DPC) 2024/25",
    "original_award_amount": Decimal("20698000.00"),
    "conditions": (
        "The Home Office attaches reasonable requirements to the grant: the grant must be properly managed, "
        "records must be kept, information must be provided when the Home Office asks for it, and adequate "
        "data protection controls must be in place."
    ),
}

VARIATION_1 = {
    "sequence": 1,
    "amount_change": Decimal("1870000.00"),
    "letter_reference": "685 Digital Public Contact Grant Variation Letter 2024/25",
    "funds_financial_year": FinancialYear(2025),
    "description": (
        "The HO has awarded the MPS additional £1.87m to support the DPC program in 2024–2025, increasing the "
        "total value up from £20.698 to £22.568m, with the agreement that the MPS will provide the £1.87m to the "
        "DPC 2025/2026.\n\n"
        "The match funding is made against the MPS charges for DPC services in FY24/25 covering SOH, iHub, "
        "Police.uk and LiveChat. This additional funding will support the continued force onboarding to SOH and "
        "the development of new capabilities that will benefits all forces and the public."
    ),
}

# PCD 1838 §2.1 a.–d.: the outcomes the variation funds, and the lettered items of paragraph 2.1.
OUTCOMES = (
    "Starting the process of onboarding Avon & Somerset and West Yorkshire Police to SOH (the last 2 forces). "
    "Due to the complexities with both forces it is expected that this process will run into FY26/27.",
    "Delivering the initial elements of the Neighbourhood Guarantee covering Named Contactable Officers and "
    "making these services available to all forces.",
    "Extending the coverage of the AI Operator Assist capability currently being piloted in Humberside.",
    "Extending the coverage of the MyPolice Portal solution beyond the existing Proof of Concepts and the early "
    "adopters of South Yorkshire Police and Kent/Essex for the Portal front end.",
)

PCD_1838 = {
    "reference": "PCD 1838",
    "title": (
        "Changes to the National Policing Programme Grant Agreement for 685 Digital Public Contact (DPC) 2024/25"
    ),
    "executive_summary": (
        "This paper seeks approval to accept additional Home Office (HO) funding to support the Metropolitan "
        "Police Service (MPS) Single Online Home (SOH) contribution to the DPC Programme this financial year "
        "(2024-25)."
    ),
    "recommendations": (
        "Approve acceptance of additional HO grant funding of £1.87m to support the MPS SOH contribution to the "
        "DPC Programme.",
    ),
    "declarations_on": dt.date(2025, 4, 3),
    "chief_executive_signed_on": dt.date(2025, 4, 7),
    "dmpc_signed_on": dt.date(2025, 4, 8),
    "published_on": dt.date(2025, 4, 8),
}

PCD_1838_SUPPORTING_PAPERS = (
    "685 Digital Public Contact Grant Variation Letter 2024/25",
    "Digital Public Contact (DPC) Programme Grant for 2024/2025 (PCD 1763)",
)

PCD_1838_SECTIONS = (
    SectionText(
        SectionKind.INTRODUCTION,
        "Introduction and background",
        (
            ParagraphText(
                "The DPC is a Tier 1 National Police Chiefs' Council (NPCC) National Policing Programme hosted "
                "within the MPS with Mayor's Office for Policing and Crime (MOPAC) as the contracting authority."
            ),
            ParagraphText(
                "The hosting arrangement was established in 2020/21. MOPAC approved acceptance HO grant funding for "
                "the past three years as well as this year (PCD1763) refers, followed by subsequent additional "
                "grant funding every year to support the programme."
            ),
            ParagraphText(
                "The Programme facilitates integration for joint technological solutions and improved data sharing "
                "between forces in line with the Policing Vision 2025. The 2030 Policing Vision builds on the 2025 "
                "Policing to make transformative changes across policing."
            ),
            ParagraphText(
                "The programme led by the police in delivering transformation on behalf of the NPCC National "
                "Contact Management Strategy 2023/2025, contributes to the UK Policing Vision being met and makes "
                "it easier for the public to contact the police wherever they are in the country, through "
                "capabilities, services, content and national standards that allow the public to be informed, "
                "reassured and empowered in transacting, interacting and engaging with policing digitally."
            ),
        ),
    ),
    SectionText(
        SectionKind.ISSUES,
        "Issues for consideration",
        (
            ParagraphText(
                "The decision to accept the grant of £20.698m from the HO to support the DPC programme for 2024-25 "
                "was approved in Dec 2024 (PCD 1763) refers. However, the HO is making more funding of £1.87m "
                "available, the form of match funding, increasing the total amount to £22.568m this year to "
                "support the MPS Single Online Home/Police.UK contribution to DPC Programme. Therefore, accepting "
                "funding will support the continuation of the programme into FY 2025/2026 and to achieve the "
                "outcomes below.",
                items=tuple(ItemText(outcome) for outcome in OUTCOMES),
            ),
            ParagraphText(
                "The programme's mission is to continue to deliver a set of core programme capabilities to enable "
                "online access to police services, allowing the public and policing to engage and interact, and be "
                "a definitive source of self-help information and advice, thus improving services to the public, "
                "reducing demand on policing and improving efficiency and overall productivity."
            ),
            ParagraphText(
                "The funding will support DPC's continued delivery of the programme which includes the further "
                "development and roll out to forces of the Strategic Integration Hub, as well as the ongoing "
                "onboarding of forces to, and development of new and existing services, on SOH."
            ),
            # Printed without an ending on the published form; kept as printed.
            ParagraphText(
                "A formal, approved Grant Variation Note has been issued by the HO to confirm that the funding will "
                "be made available this current"
            ),
            ParagraphText(
                "The Grant Agreement shall remain effective and unaltered, including variations agreed in PCD1763, "
                "except as amended by this decision."
            ),
        ),
    ),
    SectionText(
        SectionKind.FINANCIAL,
        "Financial Comments",
        (
            ParagraphText(
                "The HO has awarded the MPS additional £1.87m to support the DPC program in 2024–2025, increasing "
                "the total value up from £20.698 to £22.568m, with the agreement that the MPS will provide the "
                "£1.87m to the DPC 2025/2026."
            ),
            ParagraphText(
                "The match funding is made against the MPS charges for DPC services in FY24/25 covering SOH, iHub, "
                "Police.uk and LiveChat. This additional funding will support the continued force onboarding to SOH "
                "and the development of new capabilities that will benefits all forces and the public."
            ),
            ParagraphText(
                "All costs related to DPC are recovered through Home Office grant funding. There is no change to the "
                "MPS annual revenue contribution to SOH in 2024/25."
            ),
        ),
    ),
    SectionText(
        SectionKind.LEGAL,
        "Legal Comments",
        (
            ParagraphText(
                'MOPAC is a contracting authority as defined in the Public Contracts Regulations 2015 ("the '
                'Regulations").'
            ),
            ParagraphText(
                "Paragraph 4.8 of the MOPAC Scheme of Delegation and Consent provides that the Deputy Mayor for "
                "Policing and Crime (DMPC) has delegated authority to approve bids for grant funding made and all "
                "offers made of grant funding."
            ),
            ParagraphText(
                "MOPAC has an obligation to publish a grant agreement pursuant to Schedule 1, Paragraph 3(g) of the "
                "Elected Local Policing Bodies (Specified Information) (Amendment) Order 2012."
            ),
            ParagraphText(
                "The legal powers applicable to the acceptance of the Grant will be under Schedule 3, Paragraph 7 of "
                "the Police Reform and Social Responsibility Act 2011 which provides that:\n"
                "7(1) The Mayor's Office for Policing and Crime may do anything which is calculated to facilitate, "
                "or is conducive or incidental to, the exercise of the functions of the Office.\n"
                "(2) That includes—\n"
                "(a) entering into contracts and other agreements (whether legally binding or not)."
            ),
            ParagraphText(
                "The Grant is subject to number of reasonable requirements by the Home Office including the "
                "management of the Grant, maintaining records, provision of information, and adequate data "
                "protection controls in place."
            ),
        ),
    ),
    SectionText(
        SectionKind.GDPR,
        "GDPR and Data Privacy",
        (
            ParagraphText(
                "All privacy issue considerations were considered when the MPS took on responsibility and became "
                "the Host Organisation for SOH and the National Digital Team. Nothing has changed since this "
                "original commitment, but appropriate assessments will be undertaken as part of the design of new "
                "services."
            ),
            ParagraphText(
                "Under Article 35 of the General Data Protection Regulation (GDPR) and Section 57 of the DPA 2018, "
                "Data Protection Impact Assessments (DPIA) become mandatory for organisations with technologies and "
                "processes that are likely to result in a high risk to the rights of the data subjects."
            ),
            ParagraphText(
                "The Information Assurance and Information Rights units within MPS will be consulted at all stages "
                "to ensure the programme continues to meet its compliance requirements."
            ),
            ParagraphText(
                "A DPIA has been completed for the Single Online Home (SOH). The SOH DPIA will be updated to reflect "
                "changes driven by DPC deliveries. As with the SOH, the DPC Programme will ensure a privacy by design "
                "approach, which will allow the MPS to find and fix problems at an early stage, ensuring compliance "
                "with GDPR. DPIAs support the accountability principle, as they will ensure the MPS complies with "
                "the requirements of GDPR, and they demonstrate that appropriate measures have been taken to ensure "
                "compliance."
            ),
        ),
    ),
    SectionText(
        SectionKind.EQUALITY,
        "Equality Comments",
        (
            ParagraphText(
                "Equalities assessments were carried out when the MPS took on responsibility and became the Host "
                "Organisation for SOH and the National Digital Team. Nothing has changed since this assessment was "
                "conducted but appropriate assessments will be undertaken as part of the design of new services."
            ),
        ),
    ),
    # Its two papers are supporting-paper rows, not paragraphs.
    SectionText(SectionKind.BACKGROUND_PAPERS, "Background/supporting papers"),
)
