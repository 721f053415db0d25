"""Demo listings among the demo organisations of ``reisgids.demo`` (issue [4]): DoorDeWijks asks for
help with a subsidy application in Feijenoord, VoorGoed Agency offers business-plan coaching, De
Roffabriek offers a meeting room, the gebiedsorganisatie offers five vouchers "een ambtenaar naar
keuze", and the deal in the making "Wonen en zorg onder één dak" seeks a woningcorporatie.
``seed_marktplaats()`` is idempotent (keyed on organisation and title); call it after
``reisgids.demo.load()`` and ``deals.demo.seed_deals()`` (seed_demo does both, in that order)."""

import datetime

from django.db import transaction
from django.utils import timezone

from marktplaats.models import Listing
from reisgids.models import Area, Neighbourhood, Organisation, Theme

V, A = Listing.Kind.VRAAG, Listing.Kind.AANBOD
C = Listing.Category

# organisation slug, kind, category, title, description, themes, areas, wijken, vouchers, deal slug
LISTINGS = [
    (
        "doordewijks",
        V,
        C.SUBSIDIE,
        "Hulp gezocht bij onze subsidieaanvraag",
        "We willen ons platform voor betaalbare hulp in Feijenoord uitbreiden en vragen daarvoor subsidie "
        "aan. Wie helpt ons een uurtje met de begroting en het projectplan?",
        ["zorg-en-welzijn-in-de-wijk"],
        ["feijenoord"],
        ["afrikaanderwijk", "bloemhof"],
        0,
        None,
    ),
    (
        "voorgoed-agency",
        A,
        C.BUSINESSPLAN,
        "Coaching bij je businessplan",
        "Sociaal ondernemer of initiatief? Onze coaches denken twee sessies met je mee over je "
        "businessplan, verdienmodel en subsidieaanvragen. Kosteloos voor Rotterdamse initiatieven.",
        ["zorg-en-welzijn-in-de-wijk", "participatie-en-werk"],
        ["feijenoord"],
        ["afrikaanderwijk"],
        0,
        None,
    ),
    (
        "de-roffabriek",
        A,
        C.RUIMTE,
        "Vergaderruimte voor tien personen",
        "Onze vergaderruimte is op dinsdag en donderdag vrij voor initiatieven uit de wijk, met koffie "
        "en een scherm. Laat even weten wanneer je wilt komen.",
        ["participatie-en-werk"],
        [],
        [],
        0,
        None,
    ),
    (
        "gebiedsorganisatie",
        A,
        C.KENNIS,
        "Voucher: een ambtenaar naar keuze",
        "Met deze voucher komt een ambtenaar van jouw keuze een dagdeel meedenken of meewerken bij jouw "
        "initiatief. Zo leren we van elkaar en kort je de lijnen in met de gemeente.",
        ["zorg-en-welzijn-in-de-wijk"],
        [],
        [],
        5,
        None,
    ),
    (
        None,  # the trekker of the deal
        V,
        C.PARTNER,
        "Woningcorporatie gezocht voor Wonen en zorg onder één dak",
        "Voor onze deal zoeken we een woningcorporatie die woningen rond een gemeenschappelijke ruimte "
        "beschikbaar stelt. Kijk op de pagina van de deal wat we al hebben.",
        ["wonen-en-zorg"],
        [],
        [],
        0,
        "wonen-en-zorg-onder-een-dak",
    ),
]


def _deal_and_trekker(slug):
    if slug is None:
        return None, None
    try:
        from deals.models import Deal, DealPartner
    except ImportError:  # pragma: no cover - deals is always installed with the marktplaats
        return None, None
    deal = Deal.objects.filter(slug=slug).first()
    if deal is None:
        return None, None
    trekker = DealPartner.objects.filter(deal=deal, role=DealPartner.Role.TREKKER).first()
    return deal, trekker.organisation if trekker else None


@transaction.atomic
def seed_marktplaats():
    """Create or update the demo listings. Returns the number of listings."""
    valid_until = timezone.localdate() + datetime.timedelta(days=60)
    count = 0
    for org_slug, kind, category, title, description, themes, areas, wijken, vouchers, deal_slug in LISTINGS:
        deal, trekker = _deal_and_trekker(deal_slug)
        organisation = trekker if org_slug is None else Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            continue
        listing, _ = Listing.objects.update_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "kind": kind,
                "category": category,
                "description": description,
                "valid_until": valid_until,
                "vouchers_total": vouchers,
                "deal": deal,
                "is_demo": True,
            },
        )
        listing.themes.set(Theme.objects.filter(slug__in=themes))
        listing.areas.set(Area.objects.filter(slug__in=areas))
        listing.neighbourhoods.set(Neighbourhood.objects.filter(slug__in=wijken))
        count += 1
    return count
