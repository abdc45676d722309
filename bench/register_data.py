"""The national-scale data set for ``bench/register.py``: 100,000 published decisions, 20,000 grants, 50,000 variations.

Built with ``bulk_create`` in batches (never the services one by one): each batch of decisions goes in as drafts with
their content (recommendations, Part 1 and Part 2 sections, numbered paragraphs), both sign-offs, a seal and sealed
documents, links to grants, and the stored decision date and year; then one UPDATE moves the batch to published, as
the frozen-record trigger allows from a draft. Afterwards the search index is built in one statement and the tables
are vacuumed and analysed, as autovacuum would leave them.

About 2 % of decisions are about Digital Public Contact (the phrase the benchmark searches for); a few hundred are
approved and not yet published (the due list); the words are drawn from a fixed vocabulary with a fixed seed, so
every build is the same.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

DECISIONS = 100_000
APPROVED = 400  # approved, not yet published: the due list
GRANTS = 20_000
VARIATIONS = 50_000
BATCH = 5_000
FIRST_DAY = dt.date(2014, 4, 1)
DAYS = 12 * 365

PROGRAMMES = (
    "Violence Reduction Unit",
    "Serious Violence Duty",
    "Safer Streets",
    "Victims and Witnesses Services",
    "Domestic Abuse Perpetrator Programme",
    "Integrated Offender Management",
    "Rape and Serious Sexual Offences",
    "Youth Diversion",
    "National Policing Programme",
    "Child Sexual Exploitation",
    "Knife Crime Prevention",
    "Modern Slavery",
)
WORDS = [
    "funding",
    "grant",
    "acceptance",
    "additional",
    "variation",
    "financial",
    "year",
    "award",
    "programme",
    "delivery",
    "partners",
    "borough",
    "council",
    "forces",
    "policing",
    "crime",
    "victims",
    "support",
    "services",
    "commissioning",
    "procurement",
    "contract",
    "value",
    "money",
    "outcomes",
    "evaluation",
    "governance",
    "assurance",
    "risk",
    "equality",
    "impact",
    "assessment",
    "data",
    "protection",
    "legal",
    "advice",
    "budget",
    "revenue",
    "capital",
    "reprofile",
    "underspend",
    "allocation",
    "Home",
    "Office",
    "Ministry",
    "Justice",
    "agreement",
    "schedule",
    "milestones",
    "reporting",
    "quarterly",
    "performance",
    "framework",
    "local",
    "authorities",
    "community",
    "safety",
    "partnership",
    "training",
    "officers",
    "staff",
    "recruitment",
    "technology",
    "platform",
    "digital",
    "contact",
    "online",
    "reporting",
    "analysis",
]


def _sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def build(*, decisions: int = DECISIONS, stdout=None) -> None:
    from decisions.choices import DecisionMaker, DecisionStatus, FormType, Part, SignOffKind, SignOffMethod
    from decisions.models import Decision, Paragraph, Recommendation, Section, SignOff
    from decisions.models.decision import decided_fields
    from grants.choices import OrganisationKind
    from grants.models import Grant, GrantVariation, Organisation
    from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
    from register.search import index_decisions

    def say(text: str) -> None:
        if stdout:
            stdout.write(text + "\n")
            stdout.flush()

    rng = random.Random(1838)
    mopac, _ = Organisation.objects.get_or_create(
        name="Mayor's Office for Policing and Crime",
        defaults={"short_name": "MOPAC", "kind": OrganisationKind.POLICING_BODY},
    )
    home_office, _ = Organisation.objects.get_or_create(
        name="Home Office", defaults={"short_name": "HO", "kind": OrganisationKind.GOVERNMENT_DEPARTMENT}
    )
    pccs = [
        Organisation.objects.get_or_create(
            name=f"Office of the Police and Crime Commissioner {n}", defaults={"kind": OrganisationKind.POLICING_BODY}
        )[0]
        for n in range(10)
    ]

    say(f"grants: {GRANTS:,}, variations: {VARIATIONS:,}")
    grants = Grant.objects.bulk_create(
        (
            Grant(
                funder_reference=str(1000 + n),
                title=f"{rng.choice(PROGRAMMES)} grant {n}",
                funder=home_office,
                recipient=mopac,
                financial_year=f"{2014 + n % 12}/{(15 + n % 12) % 100:02d}",
                original_award_amount=Decimal(rng.randrange(10_000, 5_000_000)).quantize(Decimal("0.01")),
                awarded_on=FIRST_DAY + dt.timedelta(days=(n % 12) * 365),
            )
            for n in range(GRANTS)
        ),
        batch_size=BATCH,
    )
    GrantVariation.objects.bulk_create(
        (
            GrantVariation(
                grant=grants[n % GRANTS],
                sequence=n // GRANTS + 1,
                amount_change=Decimal(rng.randrange(1_000, 500_000)).quantize(Decimal("0.01")),
                letter_reference=f"Variation letter {n}",
            )
            for n in range(VARIATIONS)
        ),
        batch_size=BATCH,
    )

    now = timezone.now()
    for start in range(0, decisions, BATCH):
        rows = []
        for n in range(start, min(start + BATCH, decisions)):
            pcc = n % 10 < 3
            decided_on = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            about_dpc = n % 50 == 0
            programme = "Digital Public Contact" if about_dpc else rng.choice(PROGRAMMES)
            rows.append(
                Decision(
                    reference=f"PCC {n}" if pcc else f"PCD {n}",
                    form_type=FormType.PCC_DECISION if pcc else FormType.MOPAC_PCD,
                    decision_maker=DecisionMaker.PCC if pcc else DecisionMaker.DMPC,
                    policing_body=pccs[n % 10] if pcc else mopac,
                    title=f"{programme}: {rng.choice(('acceptance', 'variation', 'reprofile'))} of grant funding",
                    executive_summary=f"This paper seeks approval for {programme}. " + _sentence(rng, 40),
                    **decided_fields(decided_on),
                )
            )
        batch = Decision.objects.bulk_create(rows, batch_size=BATCH)
        recommendations, sections, sign_offs, seals, documents, links = [], [], [], [], [], []
        for decision in batch:
            for position in range(1, rng.randint(2, 3)):
                recommendations.append(Recommendation(decision=decision, position=position, text=_sentence(rng, 20)))
            for position, kind in enumerate(("introduction", "financial"), start=1):
                sections.append(
                    Section(decision=decision, part=Part.PART_1, position=position, kind=kind, heading=kind.title())
                )
            if decision.pk % 3 == 0:
                sections.append(
                    Section(
                        decision=decision,
                        part=Part.PART_2,
                        position=1,
                        kind="background_and_advice",
                        heading="Confidential advice",
                        non_publication_rationale="Commercial interests (s43).",
                    )
                )
            consulted, deciding = (
                (SignOffKind.MONITORING_OFFICER, SignOffKind.PCC)
                if decision.decision_maker == DecisionMaker.PCC
                else (SignOffKind.CHIEF_EXECUTIVE, SignOffKind.DMPC)
            )
            for kind, on in ((consulted, decision.decided_on - dt.timedelta(days=1)), (deciding, decision.decided_on)):
                sign_offs.append(
                    SignOff(
                        decision=decision,
                        kind=kind,
                        printed_name="A Signer",
                        printed_role=str(kind),
                        statement="I approve.",
                        signed_on=on,
                        method=SignOffMethod.PAPER_RECORD,
                    )
                )
            seals.append(DecisionSeal(decision=decision, status=SealStatus.SEALED, attempts=1))
            variants = [DocumentVariant.PART_1] + ([DocumentVariant.COMPLETE] if decision.pk % 3 == 0 else [])
            for variant in variants:
                documents.append(
                    SealedDocument(
                        decision=decision,
                        variant=variant,
                        file=f"bench/{decision.pk}-{variant}.pdf",
                        sha256=f"{decision.pk:060d}{variant[:4]}",
                        size_bytes=120_000,
                        page_count=6,
                        sealed_at=now,
                        certificate_subject="CN=Bench seal",
                        certificate_pem="-",
                        content_hash="a" * 64,
                    )
                )
            links.append(Decision.grants.through(decision=decision, grant=grants[decision.pk % GRANTS]))
        Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
        sections = Section.objects.bulk_create(sections, batch_size=BATCH)
        paragraphs = []
        for section in sections:
            for position in range(1, 3):
                text = _sentence(rng, 60)
                if section.part == Part.PART_2:
                    text = "Confidential: " + text
                paragraphs.append(Paragraph(section=section, position=position, text=text))
        Paragraph.objects.bulk_create(paragraphs, batch_size=BATCH)
        SignOff.objects.bulk_create(sign_offs, batch_size=BATCH)
        DecisionSeal.objects.bulk_create(seals, batch_size=BATCH)
        SealedDocument.objects.bulk_create(documents, batch_size=BATCH)
        Decision.grants.through.objects.bulk_create(links, batch_size=BATCH)
        # Content first, then the state: from a draft, the frozen-record trigger lets it move.
        ids = [decision.pk for decision in batch]
        last = start + len(batch) > decisions - APPROVED
        with transaction.atomic():
            if last:
                approved, ids = ids[-APPROVED:], ids[:-APPROVED]
                Decision.objects.filter(pk__in=approved).update(status=DecisionStatus.APPROVED)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Decision._meta.db_table} SET status = %s, published_on = decided_on + 2 "  # noqa: S608
                    "WHERE id = ANY(%s)",
                    [DecisionStatus.PUBLISHED, ids],
                )
        say(f"decisions: {start + len(batch):,}")

    say("search index …")
    index_decisions()
    say("vacuum analyse …")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
