"""The people of the demo. Every name here is fictitious; none is taken from the seed documents."""

from typing import NamedTuple

from core import roles


class DemoUser(NamedTuple):
    """A back-office login for one role, with a fixed demo password that passes the password validators."""

    username: str
    first_name: str
    last_name: str
    role: str
    password: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@example.org".lower().replace(" ", "")


FINANCE = DemoUser("finance", "Amelia", "Hartwell", roles.FINANCE_OFFICER, "finance-demo-2025!")
DRAFTING = DemoUser("drafting", "Tomasz", "Brennan", roles.DRAFTING_OFFICER, "drafting-demo-2025!")
CEO = DemoUser("ceo", "Grace", "Okonjo-Lind", roles.CHIEF_EXECUTIVE, "ceo-demo-2025!")
DMPC = DemoUser("dmpc", "Daniel", "Ashcombe", roles.DECISION_MAKER, "dmpc-demo-2025!")
GOVERNANCE = DemoUser("governance", "Ruth", "Penhallow", roles.GOVERNANCE, "governance-demo-2025!")
AUDITOR = DemoUser("auditor", "Marcus", "Feldwick", roles.AUDITOR, "auditor-demo-2025!")

# Lancashire's signers: the monitoring officer (consulted, like a Chief Executive) and the Police and Crime
# Commissioner (the decision-maker), each appointed for the Lancashire PCC's office only.
LANCASHIRE_MO = DemoUser("lancs-mo", "Alan", "Thwaite", roles.CHIEF_EXECUTIVE, "lancs-mo-demo-2025!")
LANCASHIRE_PCC_USER = DemoUser("lancs-pcc", "Harriet", "Moorcroft", roles.DECISION_MAKER, "lancs-pcc-demo-2025!")

ROLE_USERS = (FINANCE, DRAFTING, CEO, DMPC, GOVERNANCE, AUDITOR, LANCASHIRE_MO, LANCASHIRE_PCC_USER)

# The superuser has no role group: it can do everything in the back office.
ADMIN = DemoUser("admin", "Demo", "Administrator", "", "admin-demo-2025!")

DEMO_USERNAMES = tuple(user.username for user in (*ROLE_USERS, ADMIN))


# Lancashire: the Police and Crime Commissioner's office and the Constabulary.
LANCASHIRE_MONITORING_OFFICER = LANCASHIRE_MO.full_name
LANCASHIRE_PCC = LANCASHIRE_PCC_USER.full_name
LANCASHIRE_CHIEF_CONSTABLE = "Andrew Whalley-Birch"
LANCASHIRE_WITNESS_CHIEF_OFFICER = ("Simon Ackerley", "14 Larkfield Close\nHutton\nPreston\nPR0 0ZZ", "Civil servant")
LANCASHIRE_WITNESS_POLICING_BODY = (
    "Helen Garstang",
    "3 Mill Brow Cottages\nCroston\nLeyland\nPR0 1ZZ",
    "Governance officer",
)

# For the signature blocks of the other forces' agreements, which the seeds do not show.
FIRST_NAMES = (
    "Aisha", "Ben", "Catherine", "Dev", "Eleanor", "Farid", "Gemma", "Huw", "Imogen", "Jonah",
    "Kirsty", "Liam", "Mei", "Niall", "Olivia", "Patrick", "Rhian", "Samir", "Tess", "Usman",
    "Vanessa", "Will", "Yasmin",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Barraclough", "Calloway", "Dunmore", "Ellery", "Fairweather", "Greaves", "Hollis",
    "Iveson", "Jessop", "Kettering", "Lindqvist", "Marwood", "Northcott", "Oakridge", "Pemberton",
    "Quarrie", "Redfern", "Sallows", "Thackray", "Underwood", "Varley", "Westwood", "Yardley",
    "Ashdown", "Brightwell", "Coverdale", "Denholm", "Eskdale",
)  # fmt: skip


def fictitious_name(index: int) -> str:
    """A made-up name, the same for the same index on every run."""
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"
