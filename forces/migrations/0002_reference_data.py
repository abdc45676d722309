"""The 43 territorial police forces of England and Wales and the national Digital Public Contact services.

Policing bodies as they stand after the May 2024 elections: police and crime commissioners (PCC),
police, fire and crime commissioners (PFCC), the mayors who hold PCC functions (London, Greater
Manchester, West Yorkshire, South Yorkshire, York and North Yorkshire) and the City of London's police
authority (the Court of Common Council). Later changes to governance are edited in the back office.
"""

from django.db import migrations
from django.utils.text import slugify

CHIEF_CONSTABLE = "Chief Constable"

# name, country, policing body kind, policing body, chief officer title
FORCES = [
    (
        "Avon and Somerset Constabulary",
        "england",
        "pcc",
        "Police and Crime Commissioner for Avon and Somerset",
        CHIEF_CONSTABLE,
    ),
    ("Bedfordshire Police", "england", "pcc", "Police and Crime Commissioner for Bedfordshire", CHIEF_CONSTABLE),
    (
        "Cambridgeshire Constabulary",
        "england",
        "pcc",
        "Police and Crime Commissioner for Cambridgeshire and Peterborough",
        CHIEF_CONSTABLE,
    ),
    ("Cheshire Constabulary", "england", "pcc", "Police and Crime Commissioner for Cheshire", CHIEF_CONSTABLE),
    (
        "City of London Police",
        "england",
        "police_authority",
        "Court of Common Council of the City of London (police authority)",
        "Commissioner",
    ),
    ("Cleveland Police", "england", "pcc", "Police and Crime Commissioner for Cleveland", CHIEF_CONSTABLE),
    ("Cumbria Constabulary", "england", "pfcc", "Police, Fire and Crime Commissioner for Cumbria", CHIEF_CONSTABLE),
    ("Derbyshire Constabulary", "england", "pcc", "Police and Crime Commissioner for Derbyshire", CHIEF_CONSTABLE),
    (
        "Devon and Cornwall Police",
        "england",
        "pcc",
        "Police and Crime Commissioner for Devon, Cornwall and the Isles of Scilly",
        CHIEF_CONSTABLE,
    ),
    ("Dorset Police", "england", "pcc", "Police and Crime Commissioner for Dorset", CHIEF_CONSTABLE),
    ("Durham Constabulary", "england", "pcc", "Police and Crime Commissioner for Durham", CHIEF_CONSTABLE),
    ("Dyfed-Powys Police", "wales", "pcc", "Police and Crime Commissioner for Dyfed-Powys", CHIEF_CONSTABLE),
    ("Essex Police", "england", "pfcc", "Police, Fire and Crime Commissioner for Essex", CHIEF_CONSTABLE),
    (
        "Gloucestershire Constabulary",
        "england",
        "pcc",
        "Police and Crime Commissioner for Gloucestershire",
        CHIEF_CONSTABLE,
    ),
    ("Greater Manchester Police", "england", "mayor", "Mayor of Greater Manchester", CHIEF_CONSTABLE),
    ("Gwent Police", "wales", "pcc", "Police and Crime Commissioner for Gwent", CHIEF_CONSTABLE),
    (
        "Hampshire and Isle of Wight Constabulary",
        "england",
        "pcc",
        "Police and Crime Commissioner for Hampshire and the Isle of Wight",
        CHIEF_CONSTABLE,
    ),
    (
        "Hertfordshire Constabulary",
        "england",
        "pcc",
        "Police and Crime Commissioner for Hertfordshire",
        CHIEF_CONSTABLE,
    ),
    ("Humberside Police", "england", "pcc", "Police and Crime Commissioner for Humberside", CHIEF_CONSTABLE),
    ("Kent Police", "england", "pcc", "Police and Crime Commissioner for Kent", CHIEF_CONSTABLE),
    ("Lancashire Constabulary", "england", "pcc", "Police and Crime Commissioner for Lancashire", CHIEF_CONSTABLE),
    (
        "Leicestershire Police",
        "england",
        "pcc",
        "Police and Crime Commissioner for Leicester, Leicestershire and Rutland",
        CHIEF_CONSTABLE,
    ),
    ("Lincolnshire Police", "england", "pcc", "Police and Crime Commissioner for Lincolnshire", CHIEF_CONSTABLE),
    ("Merseyside Police", "england", "pcc", "Police and Crime Commissioner for Merseyside", CHIEF_CONSTABLE),
    (
        "Metropolitan Police Service",
        "england",
        "mayor",
        "Mayor of London (Mayor's Office for Policing and Crime)",
        "Commissioner of Police of the Metropolis",
    ),
    ("Norfolk Constabulary", "england", "pcc", "Police and Crime Commissioner for Norfolk", CHIEF_CONSTABLE),
    ("North Wales Police", "wales", "pcc", "Police and Crime Commissioner for North Wales", CHIEF_CONSTABLE),
    ("North Yorkshire Police", "england", "mayor", "Mayor of York and North Yorkshire", CHIEF_CONSTABLE),
    (
        "Northamptonshire Police",
        "england",
        "pfcc",
        "Police, Fire and Crime Commissioner for Northamptonshire",
        CHIEF_CONSTABLE,
    ),
    ("Northumbria Police", "england", "pcc", "Police and Crime Commissioner for Northumbria", CHIEF_CONSTABLE),
    ("Nottinghamshire Police", "england", "pcc", "Police and Crime Commissioner for Nottinghamshire", CHIEF_CONSTABLE),
    ("South Wales Police", "wales", "pcc", "Police and Crime Commissioner for South Wales", CHIEF_CONSTABLE),
    ("South Yorkshire Police", "england", "mayor", "Mayor of South Yorkshire", CHIEF_CONSTABLE),
    (
        "Staffordshire Police",
        "england",
        "pfcc",
        "Police, Fire and Crime Commissioner for Staffordshire",
        CHIEF_CONSTABLE,
    ),
    ("Suffolk Constabulary", "england", "pcc", "Police and Crime Commissioner for Suffolk", CHIEF_CONSTABLE),
    ("Surrey Police", "england", "pcc", "Police and Crime Commissioner for Surrey", CHIEF_CONSTABLE),
    ("Sussex Police", "england", "pcc", "Police and Crime Commissioner for Sussex", CHIEF_CONSTABLE),
    ("Thames Valley Police", "england", "pcc", "Police and Crime Commissioner for Thames Valley", CHIEF_CONSTABLE),
    ("Warwickshire Police", "england", "pcc", "Police and Crime Commissioner for Warwickshire", CHIEF_CONSTABLE),
    ("West Mercia Police", "england", "pcc", "Police and Crime Commissioner for West Mercia", CHIEF_CONSTABLE),
    ("West Midlands Police", "england", "pcc", "Police and Crime Commissioner for the West Midlands", CHIEF_CONSTABLE),
    ("West Yorkshire Police", "england", "mayor", "Mayor of West Yorkshire", CHIEF_CONSTABLE),
    ("Wiltshire Police", "england", "pcc", "Police and Crime Commissioner for Wiltshire", CHIEF_CONSTABLE),
]

# code, name, short name, mandated, description
SERVICES = [
    ("soh", "Single Online Home", "SOH", False, "The national online contact platform for police forces."),
    ("police-uk", "Police.uk", "Police.uk", True, "The national police website, incorporated into SOH."),
    ("ihub", "Strategic Integration Hub", "iHub", False, "Integration between SOH and forces' own systems."),
    ("livechat", "LiveChat", "LiveChat", False, "Web chat with force contact centres."),
    (
        "ai-operator-assist",
        "AI Operator Assist",
        "AI Operator Assist",
        False,
        "Assistance for contact-centre operators.",
    ),
    ("mypolice-portal", "MyPolice Portal", "MyPolice Portal", False, "A personal portal for members of the public."),
    (
        "named-contactable-officers",
        "Named Contactable Officers",
        "NCO",
        False,
        "Neighbourhood Guarantee: a named, contactable officer for every neighbourhood.",
    ),
]


def load(apps, schema_editor):
    Force = apps.get_model("forces", "Force")
    Service = apps.get_model("forces", "Service")
    for name, country, body_kind, body, chief in FORCES:
        Force.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": "territorial",
                "country": country,
                "policing_body_kind": body_kind,
                "policing_body_name": body,
                "chief_officer_title": chief,
            },
        )
    for code, name, short_name, mandated, description in SERVICES:
        Service.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short_name, "is_mandated": mandated, "description": description},
        )


def unload(apps, schema_editor):
    apps.get_model("forces", "Force").objects.filter(slug__in=[slugify(f[0]) for f in FORCES]).delete()
    apps.get_model("forces", "Service").objects.filter(code__in=[s[0] for s in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("forces", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
