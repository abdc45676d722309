"""The roles of DESIGN.md as Django groups. The groups and their permissions are made by data migrations."""

FINANCE_OFFICER = "Finance officer"
DRAFTING_OFFICER = "Drafting officer"
CHIEF_EXECUTIVE = "Chief Executive"
DECISION_MAKER = "Decision-maker (DMPC)"
GOVERNANCE = "Governance and publication"
AUDITOR = "Auditor"

ALL_ROLES = (FINANCE_OFFICER, DRAFTING_OFFICER, CHIEF_EXECUTIVE, DECISION_MAKER, GOVERNANCE, AUDITOR)
