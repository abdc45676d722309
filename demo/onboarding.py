"""Forces' on-boarding to the national services: who is live, who has started, who has only signed intent.

From the seeds: every territorial force but Avon and Somerset and West Yorkshire is on SOH (PCD 1838
§2.1 a.); Lancashire signed intent in 2019 and starts in February 2020; South Yorkshire, Kent and Essex
are the early adopters of the MyPolice Portal (§2.1 d.); Humberside pilots AI Operator Assist (§2.1 c.).
The other forces' dates are made up, spread between 2020 and 2024.

Rule followed throughout: a statement of intent is not legally binding, and a signed s22A agreement comes
before on-boarding starts, so every plan that has started (or is live) points at a signed agreement.
"""

import datetime as dt
from typing import NamedTuple

from core.financial_year import FinancialYear
from demo.mopac import OUTCOMES
from forces.choices import Stage

SOH = "soh"
POLICE_UK = "police-uk"
MYPOLICE = "mypolice-portal"
AI_OPERATOR_ASSIST = "ai-operator-assist"

LANCASHIRE = "lancashire-constabulary"
AVON_AND_SOMERSET = "avon-and-somerset-constabulary"
WEST_YORKSHIRE = "west-yorkshire-police"
HUMBERSIDE = "humberside-police"
SOUTH_YORKSHIRE = "south-yorkshire-police"
KENT = "kent-police"
ESSEX = "essex-police"


class PlanText(NamedTuple):
    """One force's plan for one service, as the demo tells it."""

    force: str
    service: str
    stage: Stage
    intent_signed_on: dt.date
    onboarding_started_on: dt.date | None = None
    live_on: dt.date | None = None
    target_financial_year: FinancialYear | None = None
    complexity_notes: str = ""
    # Which demo decisions the plan is linked to: "lancashire" or "pcd_1838".
    decisions: tuple[str, ...] = ()


_LAST_TWO = OUTCOMES[0]

NAMED_PLANS = (
    PlanText(
        LANCASHIRE,
        SOH,
        Stage.LIVE,
        intent_signed_on=dt.date(2019, 3, 11),
        onboarding_started_on=dt.date(2020, 2, 3),
        live_on=dt.date(2020, 10, 5),
        target_financial_year=FinancialYear(2020),
        decisions=("lancashire",),
    ),
    PlanText(
        AVON_AND_SOMERSET,
        SOH,
        Stage.ONBOARDING_STARTED,
        intent_signed_on=dt.date(2019, 5, 13),
        onboarding_started_on=dt.date(2025, 5, 12),
        target_financial_year=FinancialYear(2026),
        complexity_notes=_LAST_TWO,
        decisions=("pcd_1838",),
    ),
    PlanText(
        WEST_YORKSHIRE,
        SOH,
        Stage.ONBOARDING_STARTED,
        intent_signed_on=dt.date(2019, 9, 16),
        onboarding_started_on=dt.date(2025, 6, 9),
        target_financial_year=FinancialYear(2026),
        complexity_notes=_LAST_TWO,
        decisions=("pcd_1838",),
    ),
    PlanText(
        HUMBERSIDE,
        AI_OPERATOR_ASSIST,
        Stage.ONBOARDING_STARTED,
        intent_signed_on=dt.date(2024, 6, 3),
        onboarding_started_on=dt.date(2024, 10, 7),
        target_financial_year=FinancialYear(2025),
        complexity_notes="Pilot force for AI Operator Assist (PCD 1838, 2.1 c.).",
        decisions=("pcd_1838",),
    ),
    PlanText(
        SOUTH_YORKSHIRE,
        MYPOLICE,
        Stage.LIVE,
        intent_signed_on=dt.date(2023, 1, 9),
        onboarding_started_on=dt.date(2023, 5, 8),
        live_on=dt.date(2023, 11, 6),
        complexity_notes="Early adopter of the Portal front end (PCD 1838, 2.1 d.).",
        decisions=("pcd_1838",),
    ),
    PlanText(
        KENT,
        MYPOLICE,
        Stage.LIVE,
        intent_signed_on=dt.date(2023, 3, 6),
        onboarding_started_on=dt.date(2023, 8, 7),
        live_on=dt.date(2024, 2, 5),
        complexity_notes="Early adopter of the Portal front end (PCD 1838, 2.1 d.).",
        decisions=("pcd_1838",),
    ),
    PlanText(
        ESSEX,
        MYPOLICE,
        Stage.LIVE,
        intent_signed_on=dt.date(2023, 3, 6),
        onboarding_started_on=dt.date(2023, 8, 7),
        live_on=dt.date(2024, 2, 5),
        complexity_notes="Early adopter of the Portal front end (PCD 1838, 2.1 d.).",
        decisions=("pcd_1838",),
    ),
    PlanText(
        LANCASHIRE,
        MYPOLICE,
        Stage.STATEMENT_OF_INTENT,
        intent_signed_on=dt.date(2025, 2, 3),
        target_financial_year=FinancialYear(2025),
        complexity_notes=(
            "Statement of intent only, which is not legally binding. No s22A agreement covers the MyPolice Portal "
            "yet; one must be signed before on-boarding begins."
        ),
    ),
)

# The other forces went live on SOH every six weeks (on a Monday) from January 2020 to July 2024,
# in an order shuffled so that it does not follow the alphabet.
_FIRST_GO_LIVE = dt.date(2020, 1, 6)
_GO_LIVE_INTERVAL = dt.timedelta(weeks=6)
_SHUFFLE_STEP = 17  # coprime with 40, so every force gets its own slot
_ONBOARDING_TIME = dt.timedelta(weeks=26)
_INTENT_LEAD = dt.timedelta(weeks=52)


def soh_live_plan(slug: str, slot: int, of: int) -> PlanText:
    """A live SOH plan for one of the ``of`` forces without a story of their own, at its go-live slot."""
    live_on = _FIRST_GO_LIVE + _GO_LIVE_INTERVAL * ((slot * _SHUFFLE_STEP) % of)
    started_on = live_on - _ONBOARDING_TIME
    return PlanText(
        slug,
        SOH,
        Stage.LIVE,
        intent_signed_on=started_on - _INTENT_LEAD,
        onboarding_started_on=started_on,
        live_on=live_on,
        target_financial_year=FinancialYear.containing(live_on),
    )


# Agreements of the forces the seeds say nothing about: signed a few weeks before on-boarding starts.
CHIEF_OFFICER_SIGNS_BEFORE_START = dt.timedelta(weeks=5)
POLICING_BODY_SIGNS_BEFORE_START = dt.timedelta(weeks=4)
PUBLISHED_BEFORE_START = dt.timedelta(weeks=2)
AGREEMENT_BASE_SERVICES = (SOH, POLICE_UK)
AGREEMENT_TITLE = "Section 22A collaboration agreement – Digital Public Contact / Single Online Home ({force})"
AGREEMENT_OBJECTIVE = (
    "For {force} and its policing body to collaborate with the other forces and policing bodies of the Digital "
    "Public Contact programme in using the national digital services named in the agreement."
)
CHIEF_OFFICER_WITNESS_OCCUPATION = "Police staff"
POLICING_BODY_WITNESS_OCCUPATION = "Governance officer"
WITNESS_ADDRESS = "c/o {organisation}"
