"""Demo data: a small but realistic Rotterdam network, taken from the report "Van Recht naar Reden"
(initiatives, networks, gemeente clusters, providers, instruments), plus one demo user per role.

Everything here is marked as demo (``is_demo=True``; demo users have an address at
``@demo.reisgids.example``; people in aanspreekpunten have clearly made-up names, @example.org
addresses and 010 000 … numbers). ``load()`` is idempotent: it is keyed on slugs and email addresses
and only writes a row when something differs, so a second run changes nothing.
"""

from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from reisgids.models import (
    Area,
    ContactPoint,
    Instrument,
    Membership,
    Neighbourhood,
    Organisation,
    Theme,
    User,
)
from reisgids.roles import (
    BOARD_GROUP,
    CIVIL_SERVANTS_GROUP,
    CONTENT_MANAGERS_GROUP,
    KOMPAS_EDITORS_GROUP,
    NETWORK_MANAGERS_GROUP,
)

DEMO_EMAIL_DOMAIN = "demo.reisgids.example"
# One password for every demo account, listed in the README. Demo installations only.
DEMO_PASSWORD = "Reisgids-demo-010"  # noqa: S105 - published demo credential

K = Organisation.Kind


@dataclass
class Org:
    slug: str
    name: str
    kind: str
    summary: str
    description: str = ""
    parent: str = ""
    areas: list[str] = field(default_factory=list)
    neighbourhoods: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    website: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    show_contact: bool = False


ORGANISATIONS = [
    # The gemeente: the municipality, its four clusters and the gebiedsorganisatie with a few gebieden.
    Org(
        "gemeente-rotterdam",
        "Gemeente Rotterdam",
        K.GEMEENTE,
        "De gemeente Rotterdam: de clusters en de gebiedsorganisatie werken samen met initiatieven.",
        "De gemeente is geen loket maar een verzameling mensen met elk hun eigen opdracht. In deze "
        "reisgids vind je per cluster en per gebied wie je kunt benaderen.",
        website="https://www.rotterdam.nl",
    ),
    Org(
        "cluster-maatschappelijke-ontwikkeling",
        "Cluster Maatschappelijke Ontwikkeling",
        K.GEMEENTE,
        "Beleid en inkoop voor zorg, welzijn, jeugd, onderwijs, sport en cultuur.",
        "Het cluster Maatschappelijke Ontwikkeling maakt het beleid voor maatschappelijke ondersteuning en "
        "jeugdhulp (het beleidskader Heel de stad) en koopt zorg en welzijn in. Hier werken onder meer de "
        "beleidsadviseurs mantelzorg, eenzaamheid en informele zorg.",
        parent="gemeente-rotterdam",
        themes=["mantelzorg", "eenzaamheid", "jeugd-en-gezin", "zorg-en-welzijn-in-de-wijk"],
    ),
    Org(
        "cluster-stadsbeheer",
        "Cluster Stadsbeheer",
        K.GEMEENTE,
        "Beheer en onderhoud van de openbare ruimte: straten, groen, speelplekken en afval.",
        "Het cluster Stadsbeheer zorgt voor een schone, hele en veilige stad. Initiatieven die groen "
        "adopteren, een speelplek beheren of een buurttuin beginnen, hebben vaak met Stadsbeheer te maken.",
        parent="gemeente-rotterdam",
        themes=["gezondheid-en-bewegen"],
    ),
    Org(
        "cluster-dienstverlening",
        "Cluster Dienstverlening",
        K.GEMEENTE,
        "Publieksdienstverlening: vragen, aanvragen en vergunningen van Rotterdammers.",
        "Het cluster Dienstverlening is het eerste contact van veel Rotterdammers met de gemeente: "
        "de wijkloketten, de publiekszaken en de klantcontacten.",
        parent="gemeente-rotterdam",
        themes=["armoede-en-schulden", "taal-en-digitale-vaardigheden"],
    ),
    Org(
        "cluster-stadsontwikkeling",
        "Cluster Stadsontwikkeling",
        K.GEMEENTE,
        "Ruimtelijke ontwikkeling, wonen en vastgoed van de stad.",
        "Het cluster Stadsontwikkeling werkt aan wonen, ruimtelijke plannen en gemeentelijk vastgoed. "
        "Voor initiatieven die ruimte zoeken of wonen en zorg willen combineren, is dit een belangrijke "
        "partij.",
        parent="gemeente-rotterdam",
        themes=["wonen-en-zorg"],
    ),
    Org(
        "gebiedsorganisatie",
        "Gebiedsorganisatie",
        K.GEMEENTE,
        "De gemeente in de wijk: wijkregisseurs, gebiedsnetwerkers en wijkmanagers per gebied.",
        "De gebiedsorganisatie kent de wijken en de mensen die er actief zijn. Zij heeft ruime ervaring "
        "met het ondersteunen van initiatieven en verbindt hen met de clusters.",
        parent="gemeente-rotterdam",
        themes=["zorg-en-welzijn-in-de-wijk"],
    ),
    Org(
        "gebiedsorganisatie-delfshaven",
        "Gebiedsorganisatie Delfshaven",
        K.GEMEENTE,
        "Het gebiedsteam van Delfshaven: van Spangen tot Schiemond.",
        parent="gebiedsorganisatie",
        areas=["delfshaven"],
        themes=["zorg-en-welzijn-in-de-wijk", "mantelzorg"],
    ),
    Org(
        "gebiedsorganisatie-feijenoord",
        "Gebiedsorganisatie Feijenoord",
        K.GEMEENTE,
        "Het gebiedsteam van Feijenoord: Afrikaanderwijk, Bloemhof, Hillesluis en meer.",
        parent="gebiedsorganisatie",
        areas=["feijenoord"],
        themes=["zorg-en-welzijn-in-de-wijk", "armoede-en-schulden"],
    ),
    Org(
        "gebiedsorganisatie-noord",
        "Gebiedsorganisatie Noord",
        K.GEMEENTE,
        "Het gebiedsteam van Noord: Oude Noorden, Agniesebuurt, Blijdorp en meer.",
        parent="gebiedsorganisatie",
        areas=["noord"],
        themes=["zorg-en-welzijn-in-de-wijk", "eenzaamheid"],
    ),
    # Initiatives from the co-creation trajectory of "Van Recht naar Reden".
    Org(
        "logeerhuis-de-buren",
        "Logeerhuis De Buren",
        K.INITIATIEF,
        "Een logeerhuis voor wie zorg nodig heeft, zodat mantelzorgers even op adem kunnen komen.",
        "Logeerhuis De Buren is een voorziening voor mensen die tijdens of na een ziekte of "
        "ziekenhuisopname niet kunnen terugvallen op hun eigen netwerk van familie, buren of vrienden, "
        "maar nog niet zelfstandig kunnen wonen. Daarnaast biedt het logeerhuis respijtzorg: een tijdelijk "
        "verblijf geeft mantelzorgers een adempauze. Het logeerhuis werkt samen met ziekenhuizen en levert "
        "zorg als onderaannemer van Humanitas.",
        areas=["delfshaven"],
        neighbourhoods=["delfshaven", "bospolder"],
        themes=["mantelzorg", "ouderen-en-langer-thuis-wonen", "zorg-en-welzijn-in-de-wijk"],
        contact_email="logeerhuis@example.org",
        contact_phone="010 000 01 01",
        show_contact=True,
    ),
    Org(
        "doordewijks",
        "DoorDeWijks",
        K.INITIATIEF,
        "Betaalbare hulp van wijkbewoners voor wijkbewoners.",
        "DoorDeWijks is een platform voor betaalbare hulp binnen de wijk. Wijkbewoners bieden tegen een "
        "vast, laag tarief hun diensten aan en zijn hun eigen baas. Zo ontstaat werk voor de hulpbieders "
        "en krijgen buurtgenoten ondersteuning of gezelschap, ook zonder indicatie. Omdat de hulp uit de "
        "eigen wijk komt, versterkt het platform de sociale samenhang en helpt het mensen langer "
        "zelfstandig thuis te wonen.",
        areas=["feijenoord", "charlois"],
        themes=["ouderen-en-langer-thuis-wonen", "participatie-en-werk", "eenzaamheid"],
    ),
    Org(
        "zorgvrijstaat-west",
        "ZorgVrijstaat West",
        K.INITIATIEF,
        "Bewoners van Rotterdam-West organiseren samen de zorg voor elkaar.",
        "De ZorgVrijstaat wil bewoners van Rotterdam-West organiseren in het zorgen voor elkaar en werkt "
        "aan een zorgzame buurt, waarin bewoners zeggenschap hebben en eigenaarschap voelen voor hun eigen "
        "zorg en welzijn. Samen met bewoners bouwt de ZorgVrijstaat aan nieuwe netwerken en voorzieningen, "
        "zoals een klussendienst en aanschuifmaaltijden.",
        areas=["delfshaven"],
        neighbourhoods=["spangen", "tussendijken", "bospolder"],
        themes=["zorg-en-welzijn-in-de-wijk", "eenzaamheid", "mantelzorg"],
    ),
    Org(
        "de-roffabriek",
        "De Roffabriek",
        K.INITIATIEF,
        "Sociale ondernemingen bundelen hun krachten voor eerlijk en inclusief werk.",
        "De Roffabriek is een platform waarin Rotterdamse sociale ondernemingen hun krachten bundelen en "
        "als innovatieve aanbieders een plek op het speelveld willen innemen. Het gaat om kleinschalige "
        "productie, waarbij ook Rotterdammers met een afstand tot de arbeidsmarkt of een Wmo-indicatie "
        "welkom zijn. Samen met vakkrachten en vrijwilligers ontstaan zo inclusieve werkplekken.",
        themes=["participatie-en-werk", "psychische-gezondheid"],
    ),
    Org(
        "mooimooiermiddelland",
        "MooiMooierMiddelland",
        K.INITIATIEF,
        "Bewoners en ondernemers bepalen samen de koers van de wijk Middelland.",
        "MooiMooierMiddelland is een participatieproject dat werkt aan een betere wijk Middelland. "
        "Ondernemers en bewoners trekken samen de kar en bepalen de koers; de gemeente ondersteunt. "
        "In verschillende projecten wordt gewerkt aan leefbaarheid, veiligheid, duurzaamheid en de "
        "positie van jongeren in de wijk.",
        areas=["delfshaven"],
        neighbourhoods=["middelland"],
        themes=["zorg-en-welzijn-in-de-wijk", "jeugd-en-gezin"],
    ),
    # Networks.
    Org(
        "gezond010",
        "Gezond010",
        K.NETWERK,
        "Netwerk voor de gezondheid en vitaliteit van alle Rotterdammers, met aandacht voor preventie.",
        "Gezond010 is een netwerk van ondernemers, professionals, maatschappelijke organisaties en de "
        "gemeente die zich in satellieten samen inzetten voor thema's als de vitale werkvloer, mentale "
        "gezondheid en gezond consumentengedrag. De ambities staan in het Gezond010-akkoord.",
        themes=["gezondheid-en-bewegen", "psychische-gezondheid"],
    ),
    Org(
        "zorgzaam010",
        "Zorgzaam010",
        K.NETWERK,
        "Netwerk van alle Rotterdamse partijen in informele zorg en ondersteuning.",
        "Zorgzaam010 brengt de partijen samen die zich bezighouden met informele zorg en ondersteuning, en "
        "wil het zelforganiserend vermogen van Rotterdammers versterken. Met een stedelijke "
        "uitvoeringsagenda werkt het netwerk onder meer aan een mantelzorgsteunpunt, een online platform "
        "voor vraag en aanbod van informele zorg, en trainingen voor (vrijwilligers)organisaties.",
        themes=["mantelzorg", "eenzaamheid", "zorg-en-welzijn-in-de-wijk"],
    ),
    # Providers and supporters.
    Org(
        "humanitas-rotterdam",
        "Humanitas",
        K.WELZIJNSAANBIEDER,
        "Vrijwilligersorganisatie voor welzijn en mantelzorgondersteuning.",
        "Humanitas ondersteunt mensen met vrijwillige hulp, onder meer bij eenzaamheid, thuisadministratie "
        "en mantelzorg. Logeerhuis De Buren levert zorg als onderaannemer van Humanitas.",
        website="https://www.humanitas.nl",
        themes=["mantelzorg", "eenzaamheid", "armoede-en-schulden"],
    ),
    Org(
        "wmo-radar",
        "WMO Radar",
        K.WELZIJNSAANBIEDER,
        "Gevestigde welzijnsaanbieder met ervaring in samenwerken met initiatiefnemers.",
        "WMO Radar is een welzijnsaanbieder die ervaring heeft met samenwerking met initiatiefnemers en "
        "sociaal ondernemers in de wijk.",
        themes=["zorg-en-welzijn-in-de-wijk", "participatie-en-werk"],
    ),
    Org(
        "voorgoed-agency",
        "VoorGoed Agency",
        K.NETWERK,
        "Stichting die sociaal ondernemers ondersteunt en verbindt met partijen in de stad.",
        "VoorGoed Agency is een stichting die sociaal ondernemers ondersteunt en nieuwe verbindingen zoekt "
        "met partijen in de stad die hen kunnen en willen helpen.",
        themes=["participatie-en-werk"],
    ),
]


@dataclass
class Contact:
    key: str  # the email address: unique per demo contact point
    name: str
    function: str
    organisation: str
    approach_for: str
    phone: str
    availability: str
    themes: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    user: str = ""  # a demo user's email address, when this aanspreekpunt has an account
    citywide: bool = False  # works for the whole city: shown under every gebied and wijk


CONTACT_POINTS = [
    Contact(
        "noor.voorbeeld@example.org",
        "Noor Voorbeeld",
        "Wijkregisseur Delfshaven",
        "gebiedsorganisatie-delfshaven",
        "Initiatieven in Delfshaven die de weg zoeken in de gemeente. Ik breng je in contact met de juiste "
        "afdeling, denk mee over ruimte en budget in de wijk en sluit aan bij het wijkoverleg.",
        "010 000 02 01",
        "Ma–do, 9.00–17.00 uur",
        themes=["zorg-en-welzijn-in-de-wijk", "mantelzorg", "eenzaamheid"],
        areas=["delfshaven"],
        user=f"ambtenaar@{DEMO_EMAIL_DOMAIN}",
    ),
    Contact(
        "karim.deproef@example.org",
        "Karim de Proef",
        "Beleidsadviseur mantelzorg",
        "cluster-maatschappelijke-ontwikkeling",
        "Vragen over mantelzorgondersteuning en respijtzorg, zoals logeeropvang en dagopvang; samenwerking "
        "met Zorgzaam010 en het mantelzorgsteunpunt; hoe een initiatief voor mantelzorgers financiering "
        "kan vinden.",
        "010 000 02 02",
        "Di–vr, bij voorkeur per e-mail",
        themes=["mantelzorg", "dementie", "ouderen-en-langer-thuis-wonen"],
        citywide=True,
    ),
    Contact(
        "marieke.fictief@example.org",
        "Marieke Fictief",
        "Gebiedsnetwerker Feijenoord",
        "gebiedsorganisatie-feijenoord",
        "Kennismaken met partijen in Feijenoord: wie doet wat in de wijk, bij wie kun je aansluiten en "
        "waar vind je een ruimte voor je activiteit.",
        "010 000 02 03",
        "Ma, wo en do, 9.00–16.00 uur",
        themes=["eenzaamheid", "armoede-en-schulden", "zorg-en-welzijn-in-de-wijk"],
        areas=["feijenoord"],
    ),
    Contact(
        "sem.demotra@example.org",
        "Sem Demotra",
        "Accountmanager initiatieven",
        "cluster-maatschappelijke-ontwikkeling",
        "Je eerste aanspreekpunt als initiatief of sociaal ondernemer: welke regeling past bij je plan "
        "(Citylab010, Bewonersinitiatief, Right to Challenge), hoe je aanvraagt en wie erover beslist.",
        "010 000 02 04",
        "Ma–vr, 9.00–17.00 uur",
        themes=["participatie-en-werk", "zorg-en-welzijn-in-de-wijk"],
    ),
    Contact(
        "aylin.oefening@example.org",
        "Aylin Oefening",
        "Beleidsadviseur Heel de stad",
        "cluster-maatschappelijke-ontwikkeling",
        "Samenwerken met de gemeente als initiatief via het Right to Cooperate, en de ambities van Heel de "
        "stad voor maatschappelijke ondersteuning en jeugdhulp.",
        "010 000 02 05",
        "Di en do, 9.00–17.00 uur",
        themes=["zorg-en-welzijn-in-de-wijk", "jeugd-en-gezin", "psychische-gezondheid"],
    ),
    Contact(
        "ruud.verzonnen@example.org",
        "Ruud Verzonnen",
        "Projectleider buitenruimte",
        "cluster-stadsbeheer",
        "Initiatieven die iets willen doen met groen, speelplekken of beheer van de openbare ruimte, "
        "zoals een buurttuin of een beweegroute voor ouderen.",
        "010 000 02 06",
        "Ma–do, 8.30–16.30 uur",
        themes=["gezondheid-en-bewegen"],
        areas=["delfshaven", "noord"],
    ),
    Contact(
        "ilse.proefmans@example.org",
        "Ilse Proefmans",
        "Programmamanager wonen en zorg",
        "cluster-stadsontwikkeling",
        "Woonvormen met zorg, zoals een logeerhuis of een woongroep, en vragen over gemeentelijk vastgoed "
        "voor maatschappelijke initiatieven.",
        "010 000 02 07",
        "Wo–vr, 9.00–17.00 uur",
        themes=["wonen-en-zorg", "ouderen-en-langer-thuis-wonen"],
    ),
    Contact(
        "daan.denkbeeld@example.org",
        "Daan Denkbeeld",
        "Wijkregisseur Oude Noorden",
        "gebiedsorganisatie-noord",
        "Bewonersinitiatieven in Noord: aanvragen voor het Bewonersinitiatief, contact met de wijkraad "
        "en samenwerking met welzijnsorganisaties in de wijk.",
        "010 000 02 08",
        "Ma–do, 9.00–17.00 uur",
        themes=["eenzaamheid", "zorg-en-welzijn-in-de-wijk"],
        areas=["noord"],
    ),
]


@dataclass
class Inst:
    slug: str
    name: str
    owner: str
    summary: str
    description: str
    audience: str
    amount: str
    deadlines: str
    money: bool = False
    knowledge: bool = False
    space: bool = False
    procedure: bool = False
    themes: list[str] = field(default_factory=list)
    url: str = ""


INSTRUMENTS = [
    Inst(
        "citylab010",
        "Citylab010",
        "cluster-maatschappelijke-ontwikkeling",
        "Geld en begeleiding voor ideeën van Rotterdammers die de stad beter maken.",
        "Met Citylab010 ondersteunt de gemeente Rotterdam vernieuwende plannen van bewoners, ondernemers "
        "en organisaties. Plannen worden ingediend in een jaarlijkse ronde; wie wordt gekozen krijgt naast "
        "een financiële bijdrage ook begeleiding en toegang tot het netwerk van de gemeente.",
        "Rotterdammers, sociaal ondernemers en organisaties met een plan voor de stad",
        "Zie de regeling; het bedrag verschilt per plan en per ronde",
        "Eén inschrijfronde per jaar; zie de regeling voor de data",
        money=True,
        knowledge=True,
        themes=["zorg-en-welzijn-in-de-wijk", "participatie-en-werk", "gezondheid-en-bewegen"],
        url="https://www.citylab010.nl",
    ),
    Inst(
        "bewonersinitiatief",
        "Bewonersinitiatief",
        "gebiedsorganisatie",
        "Een bijdrage voor activiteiten die bewoners zelf organiseren in hun straat of wijk.",
        "Met het Bewonersinitiatief kunnen bewoners een bijdrage aanvragen voor een activiteit in hun "
        "buurt, zoals een straatfeest, een buurtmaaltijd of een opknapactie. De gebiedsorganisatie "
        "beoordeelt de aanvraag en denkt mee.",
        "Bewoners en bewonersgroepen in Rotterdam",
        "Indicatief: enkele honderden tot enkele duizenden euro's; zie de regeling",
        "Doorlopend; vraag ruim voor de start van de activiteit aan",
        money=True,
        themes=["eenzaamheid", "zorg-en-welzijn-in-de-wijk"],
    ),
    Inst(
        "couleur-locale",
        "Couleur Locale",
        "cluster-maatschappelijke-ontwikkeling",
        "Ondersteuning voor projecten die ontmoeting en meedoen in de buurt versterken.",
        "Couleur Locale ondersteunt bewoners en organisaties die met een project bijdragen aan ontmoeting, "
        "meedoen en de eigen kleur van hun buurt. Naast een bijdrage helpt de gemeente met advies over "
        "de opzet en uitvoering.",
        "Bewoners, bewonersorganisaties en kleine maatschappelijke organisaties",
        "Zie de regeling",
        "Zie de regeling",
        money=True,
        knowledge=True,
        themes=["eenzaamheid", "participatie-en-werk"],
    ),
    Inst(
        "right-to-challenge",
        "Right to Challenge",
        "gebiedsorganisatie",
        "Neem een taak van de gemeente over als je die als bewoners beter of slimmer kunt doen.",
        "Met het Right to Challenge dagen bewoners en initiatieven de gemeente uit: zij nemen een taak over, "
        "zoals het onderhoud van groen of een welzijnsactiviteit, als zij die beter, goedkoper of "
        "passender voor de buurt kunnen uitvoeren. Het budget dat de gemeente aan die taak besteedt, gaat "
        "dan (deels) mee. Een initiatiefplan beschrijft wat je wilt doen, voor wie en met welke middelen.",
        "Bewonersgroepen en initiatieven die een gemeentelijke taak willen overnemen",
        "Het budget dat de gemeente nu aan de taak besteedt; zie de regeling",
        "Doorlopend; start met een gesprek met de gebiedsorganisatie",
        money=True,
        procedure=True,
        themes=["zorg-en-welzijn-in-de-wijk", "gezondheid-en-bewegen"],
    ),
    Inst(
        "heel-de-stad-budget",
        "Heel de Stad-budget",
        "cluster-maatschappelijke-ontwikkeling",
        "Ruimte in het beleidskader Heel de stad voor samenwerking tussen initiatieven, aanbieders en "
        "gemeente.",
        "Heel de stad is het beleidskader voor maatschappelijke ondersteuning en jeugdhulp (2021–2026). "
        "Daarin staat het Right to Cooperate: de ambitie om met initiatieven een gelijkwaardige en "
        "bestendige samenwerking aan te gaan. Voor zorg- en welzijnsdeals kan uit dit kader budget, "
        "kennis en regelruimte worden ingebracht.",
        "Initiatieven en aanbieders die samen met de gemeente een zorg- of welzijnsdeal sluiten",
        "Zie de regeling; per deal af te spreken",
        "Zie de regeling",
        money=True,
        knowledge=True,
        procedure=True,
        themes=["mantelzorg", "jeugd-en-gezin", "psychische-gezondheid", "zorg-en-welzijn-in-de-wijk"],
    ),
]


@dataclass
class DemoUser:
    role: str
    email: str
    first_name: str
    last_name: str
    groups: list[str] = field(default_factory=list)
    memberships: list[tuple[str, str]] = field(default_factory=list)  # (organisation slug, role)
    totp_secret: str = ""  # base32, for users who reach the Wagtail admin


def _demo_email(local):
    return f"{local}@{DEMO_EMAIL_DOMAIN}"


BEHEERDER, LID = Membership.Role.BEHEERDER, Membership.Role.LID

USERS = [
    DemoUser(
        "initiatiefnemer",
        _demo_email("initiatiefnemer"),
        "Ingrid",
        "Initiatief",
        memberships=[("logeerhuis-de-buren", BEHEERDER), ("zorgzaam010", LID)],
    ),
    DemoUser(
        "partner",
        _demo_email("partner"),
        "Pieter",
        "Partner",
        groups=[KOMPAS_EDITORS_GROUP],  # the kompas editor role is given per person
        memberships=[("wmo-radar", BEHEERDER)],
    ),
    DemoUser(
        "ambtenaar",
        _demo_email("ambtenaar"),
        "Noor",
        "Voorbeeld",
        groups=[CIVIL_SERVANTS_GROUP],
        memberships=[("gebiedsorganisatie-delfshaven", LID)],
        totp_secret="DEMOAMBTENAARREISGIDSZORGWELZIJN",
    ),
    DemoUser(
        "netwerkmanager",
        _demo_email("netwerkmanager"),
        "Nadia",
        "Netwerk",
        groups=[NETWORK_MANAGERS_GROUP],
        memberships=[("zorgzaam010", BEHEERDER)],
        totp_secret="DEMONETWERKMANAGERREISGIDSZORGWE",
    ),
    DemoUser(
        "contentbeheerder",
        _demo_email("contentbeheerder"),
        "Cor",
        "Content",
        groups=[CONTENT_MANAGERS_GROUP],
        memberships=[("gemeente-rotterdam", LID)],
        totp_secret="DEMOCONTENTBEHEERDERREISGIDSZORG",
    ),
    DemoUser(
        "bestuur",
        _demo_email("bestuur"),
        "Bram",
        "Bestuur",
        groups=[BOARD_GROUP],
        memberships=[("gemeente-rotterdam", LID)],
    ),
]


def totp_uri(user):
    """The otpauth:// URI an authenticator app reads (the README prints it for each admin user)."""
    issuer = settings.MFA_TOTP_ISSUER
    label = quote(f"{issuer}:{user.email}")
    return f"otpauth://totp/{label}?secret={user.totp_secret}&issuer={quote(issuer)}"


class Stats:
    """Counts what a run created and changed, so the command can say so (and tests can check)."""

    def __init__(self):
        self.created = 0
        self.updated = 0

    def __str__(self):
        return f"{self.created} created, {self.updated} updated"


def _upsert(stats, model, lookup, values):
    """Create the row for ``lookup``, or update only the fields that differ; no write when equal."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        stats.created += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=[*changed, *(["updated_at"] if hasattr(instance, "updated_at") else [])])
        stats.updated += 1
    return instance


def _set_m2m(stats, manager, objects):
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objects)
        stats.updated += 1


def _by_slug(model, slugs):
    found = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(found))
    if missing:
        raise LookupError(f"Demo data refers to unknown {model.__name__} slugs: {', '.join(missing)}")
    return [found[slug] for slug in slugs]


def _load_organisations(stats):
    organisations = {}
    for org in ORGANISATIONS:
        values = {
            "name": org.name,
            "kind": org.kind,
            "summary": org.summary,
            "description": org.description,
            "website": org.website,
            "parent": organisations[org.parent] if org.parent else None,
            "contact_email": org.contact_email,
            "contact_phone": org.contact_phone,
            "show_contact": org.show_contact,
            "is_demo": True,
        }
        instance = _upsert(stats, Organisation, {"slug": org.slug}, values)
        _set_m2m(stats, instance.areas, _by_slug(Area, org.areas))
        _set_m2m(stats, instance.neighbourhoods, _by_slug(Neighbourhood, org.neighbourhoods))
        _set_m2m(stats, instance.themes, _by_slug(Theme, org.themes))
        organisations[org.slug] = instance
    return organisations


def _load_users(stats, organisations):
    users = {}
    for demo in USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                email=demo.email, password=DEMO_PASSWORD, first_name=demo.first_name, last_name=demo.last_name
            )
            stats.created += 1
        else:
            _upsert(
                stats,
                User,
                {"pk": user.pk},
                {"first_name": demo.first_name, "last_name": demo.last_name, "is_active": True},
            )
        _upsert(stats, EmailAddress, {"user": user, "email": demo.email}, {"verified": True, "primary": True})
        _set_m2m(stats, user.groups, [Group.objects.get_or_create(name=name)[0] for name in demo.groups])
        for slug, role in demo.memberships:
            _upsert(stats, Membership, {"user": user, "organisation": organisations[slug]}, {"role": role})
        if demo.totp_secret:
            _upsert(
                stats,
                Authenticator,
                {"user": user, "type": Authenticator.Type.TOTP},
                {"data": {"secret": encrypt(demo.totp_secret)}},
            )
        users[demo.email] = user
    return users


def _load_contact_points(stats, organisations, users):
    for contact in CONTACT_POINTS:
        values = {
            "organisation": organisations[contact.organisation],
            "user": users[contact.user] if contact.user else None,
            "name": contact.name,
            "function": contact.function,
            "approach_for": contact.approach_for,
            "phone": contact.phone,
            "availability": contact.availability,
            "citywide": contact.citywide,
            "is_demo": True,
        }
        instance = _upsert(stats, ContactPoint, {"email": contact.key}, values)
        _set_m2m(stats, instance.themes, _by_slug(Theme, contact.themes))
        _set_m2m(stats, instance.areas, _by_slug(Area, contact.areas))


def _load_instruments(stats, organisations):
    for inst in INSTRUMENTS:
        values = {
            "name": inst.name,
            "owner": organisations[inst.owner],
            "summary": inst.summary,
            "description": inst.description,
            "audience": inst.audience,
            "amount": inst.amount,
            "deadlines": inst.deadlines,
            "offers_money": inst.money,
            "offers_knowledge": inst.knowledge,
            "offers_space": inst.space,
            "offers_procedure": inst.procedure,
            "url": inst.url,
            "is_demo": True,
        }
        instance = _upsert(stats, Instrument, {"slug": inst.slug}, values)
        _set_m2m(stats, instance.themes, _by_slug(Theme, inst.themes))


def _load_site(stats):
    """The Wagtail site: named after the platform, on SITE_URL's host, rooted at a home page."""
    url = urlsplit(settings.SITE_URL)
    hostname = url.hostname or "localhost"
    port = url.port or (443 if url.scheme == "https" else 80)
    root = Page.get_first_root_node()
    if root is None:
        raise LookupError("Wagtail has no root page; run migrate first")
    home = root.get_children().first()
    if home is None:
        home = root.add_child(instance=Page(title=settings.WAGTAIL_SITE_NAME, slug="home"))
        stats.created += 1
    elif home.title != settings.WAGTAIL_SITE_NAME:
        home.title = home.draft_title = settings.WAGTAIL_SITE_NAME
        home.save(update_fields=["title", "draft_title"])
        stats.updated += 1
    site = Site.objects.filter(is_default_site=True).first()
    values = {"hostname": hostname, "port": port, "site_name": settings.WAGTAIL_SITE_NAME, "root_page": home}
    if site is None:
        Site.objects.create(is_default_site=True, **values)
        stats.created += 1
    else:
        _upsert(stats, Site, {"pk": site.pk}, values)


@transaction.atomic
def load():
    """Load (or bring up to date) all demo data. Returns the Stats of this run."""
    stats = Stats()
    organisations = _load_organisations(stats)
    users = _load_users(stats, organisations)
    _load_contact_points(stats, organisations, users)
    _load_instruments(stats, organisations)
    _load_site(stats)
    return stats
