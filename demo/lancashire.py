"""The Lancashire PCC's Part II form on joining the Single Online Home, its s22A agreement and cost shares.

The seed gives no reference, no dates and no names: the reference is a demo one, the dates fit the
text (clarifications of May 2019, on-boarding from February 2020) and the names are fictitious.
"""

import datetime as dt
from decimal import Decimal

from core.financial_year import FinancialYear
from decisions.choices import ParagraphStyle, SectionKind
from demo import people
from demo.shapes import ParagraphText, SectionText
from forces.choices import Execution, Publication, SignatoryCapacity

DECISION = {
    "reference": "LANC 2019/07",
    "title": (
        "Lancashire Constabulary on-boarding to the Single Online Home (SOH) platform – Section 22A collaboration "
        "agreement"
    ),
    "declarations_on": dt.date(2019, 7, 1),
    "monitoring_officer_signed_on": dt.date(2019, 7, 3),
    "pcc_signed_on": dt.date(2019, 7, 5),
}

AREA = "Lancashire"

# Stated plainly: each is a qualified exemption, so the public interest test applies on any request.
_RATIONALE_NEGOTIATIONS = (
    "Likely to be exempt under section 43(2) FOIA (commercial interests): it describes the position reached in "
    "negotiating a national agreement and contract that were not yet settled. A qualified exemption: the public "
    "interest test applies to any request."
)
_RATIONALE_WITH_THE_REST = (
    "Not sensitive on its own; kept in Part 2 so that the confidential advice is read in context. It can be "
    "disclosed on request."
)
_RATIONALE_COSTS = (
    "The cost estimates may be exempt under section 43(2) FOIA (commercial interests) while the national cost "
    "share is being settled. A qualified exemption: the public interest test applies to any request."
)
_RATIONALE_APPENDIX = (
    "Appendix A records concerns raised nationally about the draft agreement and the answers to them; section "
    "36(2)(b) and (c) FOIA (prejudice to the effective conduct of public affairs) may apply, which needs the "
    "reasonable opinion of a qualified person. A qualified exemption: the public interest test applies."
)

PART_2_SECTIONS = (
    SectionText(
        SectionKind.BACKGROUND_AND_ADVICE,
        "Background and Advice",
        (
            ParagraphText(
                "The Digital Public Contact Programme has delivered a national online contact platform; Single "
                "Online Home (SOH). Lancashire Constabulary have signed a statement of intent to on-board to the "
                "service towards the end of the programme (February 2020)."
            ),
            ParagraphText(
                "As the Statement of Intent is not legally binding there is no requirement to sign the Section 22 "
                "until Lancashire formally begins the on-boarding process."
            ),
            ParagraphText(
                "However, the Digital Public Contact Programme has recently agreed to take over the www.police.uk "
                "service from the Home Office, which is mandated, and incorporate the service into SOH. This work "
                "will be taking place over the summer of 2019, which puts Lancashire Constabulary in a position "
                "where we need to continue the service www.police.uk. The finances remain the same but in 2020/21 "
                "contracting moves to the London Mayor's Office for Policing and Crime (MOPAC) from the Home Office."
            ),
            ParagraphText(
                "The original draft of the agreement was sent to forces and PCCs in October 2018, on which concerns "
                "were raised nationally. However, at the beginning of May 2019 clarification of the concerns raised "
                "nationally (Appendix A) was sent out which has provided assurance."
            ),
            ParagraphText(
                "It is proposed that a full risk and impact assessment should be developed to ensure the SOH is in "
                "line with the Commissioner's and the Constabulary's commitment to digital engagement."
            ),
        ),
        ParagraphStyle.PLAIN,
        _RATIONALE_NEGOTIATIONS,
    ),
    SectionText(
        SectionKind.POLICE_AND_CRIME_PLAN,
        "Links to the Police and Crime Plan",
        (
            ParagraphText(
                "Our future investments in technology acts as an enabler to achieve the priorities set out in the "
                "Police and Crime Plan."
            ),
        ),
        ParagraphStyle.PLAIN,
        _RATIONALE_WITH_THE_REST,
    ),
    SectionText(
        SectionKind.CONSULTATION,
        "Consultation",
        (ParagraphText("N/A"),),
        ParagraphStyle.PLAIN,
        _RATIONALE_WITH_THE_REST,
    ),
    SectionText(
        SectionKind.IMPLICATIONS,
        "Implications",
        (
            ParagraphText(
                "Based on the clarifications and assurances laid out in Appendix A there are risks to consider at "
                "this stage.",
                heading="Risks",
            ),
            ParagraphText("To be advised", heading="Legal"),
            # One lettered item of two paragraphs, as printed.
            ParagraphText(
                "The finances for www.police.uk remain the same once migrated to SOH. but in 2020/21 the contract "
                "moves to the London Mayor's Office for Policing and Crime (MOPAC) from the Home Office.\n\n"
                "The additional cost to Lancashire following on-boarding the service will be in the region of £102K "
                "to £180K per annum. The best case scenario is based on all 43 forces on-boarding and the worst "
                "case scenario is based on 20 forces on-boarding.",
                heading="Financial",
            ),
            ParagraphText("None", heading="Equality considerations"),
        ),
        ParagraphStyle.LETTERED,
        _RATIONALE_COSTS,
    ),
    SectionText(
        SectionKind.BACKGROUND_PAPERS,
        "Background Papers",
        (),
        ParagraphStyle.PLAIN,
        _RATIONALE_APPENDIX,
    ),
)

CONFIDENTIAL_PAPERS = ("Appendix A – clarification of the concerns raised nationally (May 2019)",)

AGREEMENT = {
    "title": "Section 22A collaboration agreement – Digital Public Contact / Single Online Home (Lancashire)",
    "objective": (
        "For Lancashire Constabulary and the Police and Crime Commissioner for Lancashire to collaborate with the "
        "other forces and policing bodies of the Digital Public Contact programme in using the Single Online Home "
        "platform and the www.police.uk service."
    ),
    "publication": Publication.TITLE_AND_OBJECTIVE,
    "published_on": dt.date(2019, 8, 5),
}

# capacity, party as printed, signed by, signed on, witness (name, address, occupation)
SIGNATORIES = (
    (
        SignatoryCapacity.CHIEF_OFFICER,
        "THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY",
        people.LANCASHIRE_CHIEF_CONSTABLE,
        dt.date(2019, 7, 15),
        people.LANCASHIRE_WITNESS_CHIEF_OFFICER,
    ),
    (
        SignatoryCapacity.POLICING_BODY,
        "THE POLICE AND CRIME COMMISSIONER FOR LANCASHIRE",
        people.LANCASHIRE_PCC,
        dt.date(2019, 7, 22),
        people.LANCASHIRE_WITNESS_POLICING_BODY,
    ),
)
SIGNATORY_EXECUTION = Execution.WET_INK

# Implications c.: £102K a force a year if all 43 join, £180K if only 20 do.
COST_SCENARIOS = (
    (43, Decimal("102000.00"), "Best case – all 43 forces on board"),
    (20, Decimal("180000.00"), "Worst case – 20 forces on board"),
)
COST_SCENARIO_YEAR = FinancialYear(2020)
