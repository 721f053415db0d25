"""Demo events: network meetings of Zorgzaam010 and Gezond010, a workshop "Subsidie aanvragen" by
the gemeente, a training by an experienced initiative, a deal kick-off and a few past events. Dates
are relative to today, so the demo agenda always has upcoming events. ``seed_agenda()`` is idempotent
(keyed on slug) and moves the dates along when run again."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agenda.models import EventIndexPage, EventPage
from reisgids.models import Area, Organisation, Theme

K = EventPage.Kind
G = EventPage.GivenBy

# slug, title, kind, given by, days from today, start (h, m), hours, place, online link, organiser slug,
# organiser name, audience, registration link, intro, body, thema's, gebieden
EVENTS = [
    (
        "netwerkbijeenkomst-zorgzaam010",
        "Netwerkbijeenkomst Zorgzaam010: mantelzorg in de wijk",
        K.NETWORK,
        "",
        12,
        (15, 0),
        2.5,
        "Wijkcentrum De Larenkamp, Pieter de Raadtstraat 28, Rotterdam",
        "",
        "zorgzaam010",
        "",
        "Initiatieven, vrijwilligersorganisaties, professionals en ambtenaren in informele zorg",
        "https://www.zorgzaam010.nl/agenda",
        "Zorgzaam010 brengt iedereen samen die in Rotterdam werkt aan informele zorg en ondersteuning. "
        "Deze keer: hoe vinden mantelzorgers in de wijk de weg naar respijt?",
        "<p>Zorgzaam010 richt zich op alle partijen in Rotterdam die zich bezighouden met informele zorg en "
        "ondersteuning, en wil het zelforganiserend vermogen van Rotterdammers versterken.</p>"
        "<h2>Programma</h2><ul><li>Welkom en kennismaking</li><li>Logeerhuis De Buren vertelt over "
        "respijtzorg voor mantelzorgers</li><li>Tafelgesprekken per wijk: wie moet ik hebben?</li>"
        "<li>Borrel</li></ul>",
        ["mantelzorg", "zorg-en-welzijn-in-de-wijk"],
        ["delfshaven", "noord"],
    ),
    (
        "gezond010-bijeenkomst-vitale-wijk",
        "Gezond010-bijeenkomst: samen werken aan een vitale wijk",
        K.NETWORK,
        "",
        26,
        (16, 0),
        2,
        "Gezond010-satelliet, Zuidplein 150, Rotterdam",
        "",
        "gezond010",
        "",
        "Ondernemers, professionals, maatschappelijke organisaties en de gemeente",
        "",
        "Gezond010 zet in op de gezondheid en vitaliteit van alle Rotterdammers, met speciaal oog voor "
        "preventie. Kom kennismaken met de satellieten en hun plannen.",
        "<p>In de satellieten van Gezond010 werken partijen samen rond thema's als de vitale werkvloer, "
        "mentale gezondheid en gezond consumentengedrag. De ambities staan in het Gezond010-akkoord.</p>",
        ["zorg-en-welzijn-in-de-wijk"],
        ["feijenoord", "charlois"],
    ),
    (
        "workshop-subsidie-aanvragen",
        "Workshop Subsidie aanvragen: van idee tot aanvraag",
        K.WORKSHOP,
        G.GEMEENTE,
        19,
        (19, 30),
        1.5,
        "",
        "https://meet.rotterdam.nl/workshop-subsidie",
        "cluster-maatschappelijke-ontwikkeling",
        "Afdeling subsidies, gemeente Rotterdam",
        "Initiatiefnemers die voor het eerst subsidie aanvragen",
        "https://www.rotterdam.nl/subsidies",
        "Welke subsidie past bij jouw initiatief, en hoe schrijf je een aanvraag die de gemeente begrijpt? "
        "Een online workshop van de gemeente, met ruimte voor je eigen vragen.",
        "<p>Samen ontwikkelen: de gemeente legt uit hoe de subsidieregelingen werken en wat een "
        "beoordelaar wil lezen. Neem je idee mee; we werken het samen uit tot een eerste opzet.</p>"
        "<ul><li>Welke regeling past: Heel de Stad, Right to Challenge of een wijkbudget</li>"
        "<li>Begroting en verantwoording</li><li>Veelgemaakte fouten</li></ul>",
        ["zorg-en-welzijn-in-de-wijk"],
        [],
    ),
    (
        "training-vrijwilligers-werven-en-houden",
        "Training Vrijwilligers werven en houden",
        K.TRAINING,
        G.INITIATIVE,
        33,
        (10, 0),
        3,
        "Logeerhuis De Buren, Schiedamseweg 100, Rotterdam",
        "",
        "logeerhuis-de-buren",
        "",
        "Kleine initiatieven die draaien op vrijwilligers",
        "https://www.logeerhuisdeburen.nl/training",
        "Logeerhuis De Buren draait al jaren op vrijwilligers. In deze training delen zij wat werkt om "
        "vrijwilligers te vinden, te begeleiden en te behouden.",
        "<p>Een training door een ervaren initiatief: praktisch, eerlijk over wat misging, en met "
        "voorbeelden die je morgen kunt gebruiken. Begin klein, maar begin wel.</p>",
        ["mantelzorg", "eenzaamheid"],
        ["delfshaven"],
    ),
    (
        "kick-off-respijt-voor-mantelzorgers",
        "Kick-off deal Respijt voor mantelzorgers in Delfshaven",
        K.KICKOFF,
        "",
        40,
        (14, 0),
        2,
        "Huis van de Wijk Bospolder, Rotterdam",
        "",
        "zorgvrijstaat-west",
        "",
        "Partners van de deal en iedereen die wil aansluiten",
        "",
        "De partners van de deal Respijt voor mantelzorgers zetten hun handtekening en vertellen wat ze "
        "het komende jaar samen gaan doen.",
        "<p>Met ZorgVrijstaat West, de gebiedsorganisatie Delfshaven en Humanitas.</p>",
        ["mantelzorg"],
        ["delfshaven"],
    ),
    (
        "netwerkbijeenkomst-zorgzaam010-voorjaar",
        "Netwerkbijeenkomst Zorgzaam010: eenzaamheid samen aanpakken",
        K.NETWORK,
        "",
        -35,
        (15, 0),
        2,
        "Stadhuis Rotterdam, Coolsingel 40",
        "",
        "zorgzaam010",
        "",
        "Initiatieven en professionals in informele zorg",
        "",
        "Een middag over eenzaamheid: wat initiatieven in de wijk doen en wat ze van de gemeente nodig "
        "hebben.",
        "<p>Verslag en presentaties volgen op de nieuwspagina.</p>",
        ["eenzaamheid"],
        [],
    ),
    (
        "workshop-samen-ontwikkelen-wmo-radar",
        "Workshop samen ontwikkelen: de Wmo-indicatie uitgelegd",
        K.WORKSHOP,
        G.PROFESSIONAL,
        -14,
        (19, 0),
        2,
        "",
        "https://meet.wmoradar.nl/workshop",
        "wmo-radar",
        "",
        "Initiatiefnemers en vrijwilligers die bewoners helpen met zorgvragen",
        "",
        "Professionals van WMO Radar leggen uit hoe een Wmo-indicatie werkt en waar initiatieven bewoners "
        "bij kunnen helpen.",
        "<p>Een workshop door professionals, met voorbeelden uit de praktijk.</p>",
        ["ouderen-en-langer-thuis-wonen"],
        ["noord"],
    ),
]


def _at(days, hour_minute):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(*hour_minute), tzinfo=ZoneInfo(settings.TIME_ZONE))


@transaction.atomic
def seed_agenda():
    """Create or update the demo events. Returns the number of events."""
    index = EventIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is None:
        return 0
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in={e[9] for e in EVENTS})}
    themes = {t.slug: t for t in Theme.objects.all()}
    areas = {a.slug: a for a in Area.objects.all()}
    existing = {e.slug: e for e in EventPage.objects.child_of(index)}
    for row in EVENTS:
        (slug, title, kind, given_by, days, hour_minute, hours, place, online, organiser, organiser_name) = (
            row[:11]
        )
        audience, registration, intro, body, theme_slugs, area_slugs = row[11:]
        start = _at(days, hour_minute)
        values = {
            "title": title,
            "kind": kind,
            "given_by": given_by,
            "start": start,
            "end": start + datetime.timedelta(hours=hours),
            "place": place,
            "online_url": online,
            "organiser": organisations.get(organiser),
            "organiser_name": organiser_name,
            "audience": audience,
            "registration_url": registration,
            "intro": intro,
            "body": body,
        }
        event = existing.get(slug)
        if event is None:
            event = EventPage(slug=slug, **values)
            index.add_child(instance=event)
        else:
            for name, value in values.items():
                setattr(event, name, value)
        event.themes.set([themes[s] for s in theme_slugs if s in themes])
        event.areas.set([areas[s] for s in area_slugs if s in areas])
        event.save_revision().publish()
    return len(EVENTS)
