"""Demo residency (run by ``seed_demo`` after ``deals.demo``): in the deal "Respijt voor mantelzorgers
in Delfshaven" an initiatiefnemer of ZorgVrijstaat West is partner in residence at Gebiedsorganisatie
Delfshaven, with a dozen log entries, one closed concern, one open knelpunt and a public workshop.
Idempotent: keyed on the deal, the person, the dates and titles; writes only what is missing."""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from deals.models import Deal
from reisgids.caching import bump_for
from reisgids.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from reisgids.models import Membership, Organisation, User
from residence.models import Activity, Concern, LogEntry, Residency

DEAL = "respijt-voor-mantelzorgers-in-delfshaven"
HOME, HOST = "zorgvrijstaat-west", "gebiedsorganisatie-delfshaven"
RESIDENT_EMAIL = f"resident@{DEMO_EMAIL_DOMAIN}"

ENTRIES = [
    ("werkbezoek", "Kennismaking met het wijkteam Bospolder; afspraak over een vaste werkplek op dinsdag."),
    ("overleg", "Overleg met de gebiedsadviseur over het gebruik van het buurthuis op zondag."),
    ("observatie", "Mantelzorgers weten de respijtdagen nog niet te vinden via de huisarts."),
    ("advies", "Advies: de aanmelding via één formulier bij het wijkteam laten lopen."),
    ("hand-en-spandienst", "Geholpen bij het uitdelen van flyers op de markt aan de Schiedamseweg."),
    ("overleg", "Afstemming met Humanitas over de training van vrijwilligers."),
    ("observatie", "Toestemming voor het buurthuis duurt drie weken; dat remt de planning."),
    ("werkbezoek", "Meegelopen met de wijkverpleging in Tussendijken."),
    ("advies", "Voorstel: vaste contactpersoon bij de gemeente voor de zondagopenstelling."),
    ("observatie", "De eerste respijtdag had 14 deelnemers; de helft kwam via het wijkteam."),
    ("overleg", "Evaluatie van de eerste maand met alle partners."),
    ("hand-en-spandienst", "Koffie en inloop geregeld bij de tweede respijtdag."),
]


def _resident(home):
    user = User.objects.filter(email=RESIDENT_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=RESIDENT_EMAIL, password=DEMO_PASSWORD, first_name="Rachid", last_name="Resident"
        )
        EmailAddress.objects.create(user=user, email=RESIDENT_EMAIL, verified=True, primary=True)
    Membership.objects.get_or_create(user=user, organisation=home, defaults={"role": Membership.Role.LID})
    return user


@transaction.atomic
def seed_residence():
    """Create what is missing of the demo residency. Returns the number of log entries."""
    deal = Deal.objects.get(slug=DEAL)
    home, host = Organisation.objects.get(slug=HOME), Organisation.objects.get(slug=HOST)
    person = _resident(home)
    today, now = timezone.localdate(), timezone.now()
    residency, _ = Residency.objects.get_or_create(
        deal=deal,
        person=person,
        home_partner=home,
        host_partner=host,
        defaults={
            "starts_on": today - datetime.timedelta(days=90),
            "ends_on": today + datetime.timedelta(days=270),
            "time_amount": 2,
            "time_unit": "dagen",
            "functions": ["signaleren", "faciliteren", "bemiddelen"],
            "openness": (
                "Ziet de wijkplanning en de agenda van het wijkteam; deelt niets over individuele bewoners."
            ),
            "name_public": True,
            "status": Residency.Status.ACTIVE,
            "home_confirmed_at": now,
            "host_confirmed_at": now,
        },
    )
    for index, (kind, text) in enumerate(ENTRIES):
        LogEntry.objects.get_or_create(
            residency=residency,
            text=text,
            defaults={
                "author": person,
                "kind": kind,
                "date": today - datetime.timedelta(days=85 - 7 * index),
                "visibility": LogEntry.Visibility.PAIR if index in (2, 6) else LogEntry.Visibility.ALL,
            },
        )
    Concern.objects.get_or_create(
        residency=residency,
        title="Aanmelding via de huisarts loopt niet",
        defaults={
            "deal": deal,
            "severity": Concern.Severity.PROBLEM,
            "owner": home,
            "raised_by": person,
            "raised_at": now - datetime.timedelta(days=60),
            "actions": "Folder voor de huisartsen; aanmelding via het wijkteam.",
            "status": Concern.Status.CLOSED,
            "resolution": "Aanmelding loopt nu via het wijkteam; huisartsen verwijzen daarnaar.",
            "home_confirmed_at": now - datetime.timedelta(days=30),
            "host_confirmed_at": now - datetime.timedelta(days=30),
            "closed_at": now - datetime.timedelta(days=30),
        },
    )
    Concern.objects.get_or_create(
        residency=residency,
        title="Toestemming voor het buurthuis op zondag duurt te lang",
        defaults={
            "deal": deal,
            "severity": Concern.Severity.PROBLEM,
            "owner": host,
            "raised_by": person,
            "raised_at": now - datetime.timedelta(days=20),
            "actions": "Gebiedsorganisatie regelt een vaste vergunning voor het hele jaar.",
            "due_on": today + datetime.timedelta(days=14),
        },
    )
    activity, created = Activity.objects.get_or_create(
        residency=residency,
        title="Workshop: samen de respijtdag ontwikkelen",
        defaults={
            "kind": Activity.Kind.WORKSHOP,
            "starts_at": now + datetime.timedelta(days=21),
            "place": "Buurthuis De Put, Delfshaven",
            "description": (
                "Mantelzorgers, wijkteam en vrijwilligers ontwerpen samen de volgende respijtdagen."
            ),
            "is_public": True,
            "created_by": person,
        },
    )
    if created:
        activity.partners.set([home, host])
    bump_for(Residency, Activity)
    return len(ENTRIES)
