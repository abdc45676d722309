"""factory_boy factories for the domain models, with seed-like defaults."""

import datetime as dt
from decimal import Decimal

import factory

from decisions.choices import DecisionMaker, FormType
from decisions.models import Decision, OfficerDeclaration, Paragraph, Recommendation, Section
from grants.choices import OrganisationKind, VariationKind
from grants.models import Grant, GrantVariation, Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.OTHER


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    funder_reference = factory.Sequence(lambda n: str(700 + n))
    title = "National Policing Programme Grant"
    funder = factory.SubFactory(
        OrganisationFactory, name="Home Office", short_name="HO", kind=OrganisationKind.GOVERNMENT_DEPARTMENT
    )
    recipient = factory.SubFactory(
        OrganisationFactory,
        name="Mayor's Office for Policing and Crime",
        short_name="MOPAC",
        kind=OrganisationKind.POLICING_BODY,
    )
    financial_year = "2024/25"
    original_award_amount = Decimal("20698000.00")
    awarded_on = dt.date(2024, 11, 1)


class GrantVariationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantVariation

    grant = factory.SubFactory(GrantFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    kind = VariationKind.ADDITIONAL_FUNDING
    amount_change = Decimal("1870000.00")
    letter_reference = "Grant Variation Letter"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    reference = factory.Sequence(lambda n: f"PCD {2000 + n}")
    form_type = FormType.MOPAC_PCD
    decision_maker = DecisionMaker.DMPC
    policing_body = factory.SubFactory(
        OrganisationFactory,
        name="Mayor's Office for Policing and Crime",
        short_name="MOPAC",
        kind=OrganisationKind.POLICING_BODY,
    )
    title = "Changes to the National Policing Programme Grant Agreement"
    executive_summary = "This paper seeks approval to accept additional Home Office funding."
    recommendation_intro = "The Deputy Mayor for Policing and Crime is recommended to:"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    decision = factory.SubFactory(DecisionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Approve acceptance of additional HO grant funding."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    decision = factory.SubFactory(DecisionFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "introduction"
    heading = "Introduction and background"


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "The DPC is a Tier 1 National Policing Programme."


class OfficerDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerDeclaration

    decision = factory.SubFactory(DecisionFactory)
    kind = "financial"
    position = 1
    label = "Financial Advice:"
    statement = "The Strategic Finance and Resource Management Team has been consulted on this proposal."
