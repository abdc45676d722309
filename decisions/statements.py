"""The fixed wording of the forms, word for word as printed.

A sign-off stores the exact statement its signer confirmed, so these texts are copied into each
sign-off row rather than referenced: a later change of wording here never alters a signed record.
"""

from django.utils.translation import gettext_lazy as _

from decisions.choices import DeclarationKind, FormType, ParagraphStyle, SectionKind, SignOffKind

DMPC_DECLARATION = (
    "I confirm I have considered whether or not I have any personal or prejudicial interest in this "
    "matter and take the proposed decision in compliance with the Code of Conduct. Any such interests "
    "are recorded below.\n\nThe above request has my approval."
)

CHIEF_EXECUTIVE_STATEMENT = (
    "I have been consulted about the proposal and confirm that financial, legal and equalities advice "
    "has been taken into account in the preparation of this report. I am satisfied that this is an "
    "appropriate request to be submitted to the Deputy Mayor for Policing and Crime."
)

MONITORING_OFFICER_STATEMENT = (
    "I have been informed about the proposal and confirm that financial, legal and equalities advice "
    "has been taken into account in the preparation of this report. I am satisfied that this is an "
    "appropriate request to be submitted to the Police and Crime Commissioner for {area}."
)

PCC_APPROVAL_STATEMENT = "The above request has my approval."

SIGN_OFF_STATEMENTS = {
    SignOffKind.CHIEF_EXECUTIVE: CHIEF_EXECUTIVE_STATEMENT,
    SignOffKind.DMPC: DMPC_DECLARATION,
    SignOffKind.MONITORING_OFFICER: MONITORING_OFFICER_STATEMENT,
    SignOffKind.PCC: PCC_APPROVAL_STATEMENT,
}

SIGN_OFF_ROLES = {
    SignOffKind.CHIEF_EXECUTIVE: "Chief Executive Officer",
    SignOffKind.DMPC: "Deputy Mayor for Policing and Crime",
    SignOffKind.MONITORING_OFFICER: "Director to the Office of the Police and Crime Commissioner (Monitoring Officer)",
    SignOffKind.PCC: "Police and Crime Commissioner",
}

# Who signs a form, in the order they sign; the last one decides.
SIGN_OFF_ORDER = {
    FormType.MOPAC_PCD: (SignOffKind.CHIEF_EXECUTIVE, SignOffKind.DMPC),
    FormType.PCC_DECISION: (SignOffKind.MONITORING_OFFICER, SignOffKind.PCC),
}

RECOMMENDATION_INTRO = {
    FormType.MOPAC_PCD: "The Deputy Mayor for Policing and Crime is recommended to:",
    FormType.PCC_DECISION: "The Police and Crime Commissioner is recommended to:",
}

PUBLIC_ACCESS_STATEMENT = {
    FormType.MOPAC_PCD: (
        "Information in this form (Part 1) is subject to the Freedom of Information Act 2000 (FOIA) and "
        "will be made available on the MOPAC website following approval.\n\n"
        "If immediate publication risks compromising the implementation of the decision, it can be deferred "
        "until a specific date. Deferral periods should be kept to the shortest length strictly necessary."
    ),
    FormType.PCC_DECISION: (
        "Information in this form is subject to the Freedom of Information Act 2000 and other legislation.\n\n"
        "Part 1 of this form will be made available on the PCC website within 3 working days of approval. "
        "Any facts/advice/recommendations that should not be made available on request should not be "
        "included in Part 1 but instead on the separate Part 2 form."
    ),
}

PART_2_STATEMENT = (
    "Only the facts or advice considered as likely to be exempt from disclosure under the FOIA should be "
    "in the separate Part 2 form, together with the legal rationale for non-publication."
)

# The originating officer's checklist (MOPAC PCD form), each with its label and statement.
MOPAC_DECLARATIONS = (
    (
        DeclarationKind.FINANCIAL,
        "Financial Advice:",
        "The Strategic Finance and Resource Management Team has been consulted on this proposal.",
    ),
    (DeclarationKind.LEGAL, "Legal Advice:", "The MPS legal team has been consulted on the proposal."),
    (
        DeclarationKind.EQUALITIES,
        "Equalities Advice:",
        "Equality and diversity issues are covered in the body of the report.",
    ),
    (DeclarationKind.COMMERCIAL, "Commercial Issues", "Commercial issues are not applicable."),
    (
        DeclarationKind.GDPR,
        "GDPR/Data Privacy",
        "GDPR compliance issues are covered in the body of the report.\nA DPIA has been completed.",
    ),
    (
        DeclarationKind.DRAFTING_OFFICER,
        "Drafting Officer",
        "{drafting_officer} has drafted this report in accordance with MOPAC procedures.",
    ),
    (
        DeclarationKind.DIRECTOR,
        "Director/Head of Service:",
        "The Chief Finance Officer, Director of Corporate Services has reviewed the request and is satisfied "
        "it is correct and consistent with the MOPAC's plans and priorities.",
    ),
)

# The officer declaration table of the PCC form.
PCC_DECLARATIONS = (
    (DeclarationKind.LEGAL, "LEGAL IMPLICATIONS", "As above"),
    (DeclarationKind.FINANCIAL, "FINANCIAL IMPLICATIONS", "As above"),
    (DeclarationKind.EQUALITIES, "EQUALITIES IMPLICATIONS", "As above"),
    (DeclarationKind.CONSULTATION, "CONSULTATION", "As above"),
)

DECLARATIONS = {FormType.MOPAC_PCD: MOPAC_DECLARATIONS, FormType.PCC_DECISION: PCC_DECLARATIONS}

DECLARATION_HEADING = _("Originating officer declaration")

# The Part I sections of each form, in the order printed: kind, heading as printed, and how its paragraphs are
# numbered. The background papers section lists the supporting papers.
FORM_SECTIONS = {
    FormType.MOPAC_PCD: (
        (SectionKind.INTRODUCTION, "Introduction and background", ParagraphStyle.NUMBERED),
        (SectionKind.ISSUES, "Issues for consideration", ParagraphStyle.NUMBERED),
        (SectionKind.FINANCIAL, "Financial Comments", ParagraphStyle.NUMBERED),
        (SectionKind.LEGAL, "Legal Comments", ParagraphStyle.NUMBERED),
        (SectionKind.GDPR, "GDPR and Data Privacy", ParagraphStyle.NUMBERED),
        (SectionKind.EQUALITY, "Equality Comments", ParagraphStyle.NUMBERED),
        (SectionKind.BACKGROUND_PAPERS, "Background/supporting papers", ParagraphStyle.NUMBERED),
    ),
    FormType.PCC_DECISION: (
        (SectionKind.BACKGROUND_AND_ADVICE, "Background and Advice", ParagraphStyle.NUMBERED),
        (SectionKind.POLICE_AND_CRIME_PLAN, "Links to the Police and Crime Plan", ParagraphStyle.PLAIN),
        (SectionKind.CONSULTATION, "Consultation", ParagraphStyle.PLAIN),
        (SectionKind.IMPLICATIONS, "Implications", ParagraphStyle.LETTERED),
        (SectionKind.BACKGROUND_PAPERS, "Background Papers", ParagraphStyle.PLAIN),
    ),
}

# The declarations whose standard statement may give way to "Not applicable because …" (the others are always
# made: the drafting officer drafted it, finance and the director reviewed it).
NOT_APPLICABLE_ALLOWED = {
    FormType.MOPAC_PCD: frozenset(
        {DeclarationKind.LEGAL, DeclarationKind.EQUALITIES, DeclarationKind.COMMERCIAL, DeclarationKind.GDPR}
    ),
    FormType.PCC_DECISION: frozenset(
        {
            DeclarationKind.LEGAL,
            DeclarationKind.FINANCIAL,
            DeclarationKind.EQUALITIES,
            DeclarationKind.CONSULTATION,
        }
    ),
}
NOT_APPLICABLE_WORDING = "Not applicable because {because}"
