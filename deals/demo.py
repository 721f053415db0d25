"""Demo deals among the demo organisations of ``reisgids.demo``: one in every step, among them a
deal in Delfshaven between ZorgVrijstaat West, the gebiedsorganisatie and Humanitas, a deal in
the making that looks for a housing corporation, and a deal that invites Gebiedsorganisatie Delfshaven
(answered by its aanspreekpunt, the demo ambtenaar). ``seed_deals()`` is idempotent (keyed on slug);
call it after ``reisgids.demo.load()``."""

import datetime

from django.db import transaction
from django.utils import timezone

from deals.models import (
    Contribution,
    Deal,
    DealEvent,
    DealPartner,
    ExpectedResult,
    KickoffMoment,
    Milestone,
    Risk,
)
from reisgids.models import Neighbourhood, Organisation, Theme

S = Deal.Status
K = Contribution.Kind
TREKKER, PARTNER, FACILITATOR = (
    DealPartner.Role.TREKKER,
    DealPartner.Role.PARTNER,
    DealPartner.Role.FACILITATOR,
)

# slug, title, status, goal, themes, wijken, partners [(org slug, role, [(kind, description, amount, hours)])]
DEALS = [
    (
        "respijt-voor-mantelzorgers-in-delfshaven",
        "Respijt voor mantelzorgers in Delfshaven",
        S.RUNNING,
        "Mantelzorgers in Delfshaven krijgen elke maand een dag voor zichzelf, zonder zorgen.",
        ["mantelzorg"],
        ["bospolder", "tussendijken"],
        [
            ("zorgvrijstaat-west", TREKKER, [(K.PEOPLE, "Coördinatie en werving van buren", None, 320)]),
            (
                "gebiedsorganisatie-delfshaven",
                PARTNER,
                [
                    (K.LEEWAY, "Snellere toestemming voor gebruik van het buurthuis op zondag", None, None),
                    (K.NETWORK, "Contact met wijkteams en huisartsen", None, None),
                ],
            ),
            (
                "humanitas-rotterdam",
                PARTNER,
                [(K.KNOWLEDGE, "Training van vrijwilligers in respijtzorg", None, None)],
            ),
        ],
    ),
    (
        "wonen-en-zorg-onder-een-dak",
        "Wonen en zorg onder één dak",
        S.IDEA,
        "Ouderen in Feijenoord blijven langer thuis wonen in een woongroep met zorg in de buurt.",
        ["wonen-en-zorg"],
        [],
        [("doordewijks", TREKKER, [(K.KNOWLEDGE, "Ervaring met buurtnetwerken van ouderen", None, None)])],
    ),
    (
        "buurtkoken-tegen-eenzaamheid",
        "Buurtkoken tegen eenzaamheid",
        S.EXPLORING,
        "Minder eenzaamheid onder alleenstaanden in Middelland door samen te koken en te eten.",
        [],
        ["middelland"],
        [("mooimooiermiddelland", TREKKER, []), ("gebiedsorganisatie-delfshaven", PARTNER, [])],
    ),
    (
        "laagdrempelige-wmo-hulp",
        "Laagdrempelige Wmo-hulp via de buurt",
        S.TESTING,
        "Bewoners vinden sneller de weg naar Wmo-ondersteuning via mensen die ze al kennen.",
        [],
        [],
        [
            ("wmo-radar", TREKKER, [(K.KNOWLEDGE, "Kennis van de Wmo-route", None, None)]),
            ("cluster-maatschappelijke-ontwikkeling", FACILITATOR, []),
        ],
    ),
    (
        "logeren-bij-de-buren",
        "Logeren bij de buren",
        S.PLANNING,
        "Mensen met dementie kunnen een paar dagen logeren in de wijk, zodat hun mantelzorger op adem komt.",
        ["mantelzorg"],
        [],
        [
            ("logeerhuis-de-buren", TREKKER, [(K.SPACE, "Het logeerhuis en de begeleiding", None, None)]),
            (
                "humanitas-rotterdam",
                PARTNER,
                [(K.MONEY, "Bijdrage uit het fonds voor respijtzorg", "7500.00", None)],
            ),
        ],
    ),
    (
        "samen-gezond-in-noord",
        "Samen gezond in Noord",
        S.CLOSED,
        "Meer bewoners van Noord bewegen wekelijks en eten gezonder.",
        [],
        [],
        [
            ("gezond010", TREKKER, [(K.NETWORK, "Het netwerk van Gezond010", None, None)]),
            (
                "gebiedsorganisatie-noord",
                PARTNER,
                [(K.PEOPLE, "Wijknetwerker twee dagen per week", None, 400)],
            ),
        ],
    ),
    (
        "zorgzame-straten",
        "Zorgzame straten",
        S.KICKOFF,
        "In tien straten in Feijenoord kijken buren naar elkaar om.",
        [],
        [],
        [
            ("zorgzaam010", TREKKER, [(K.NETWORK, "Verbinding met zorgzame initiatieven", None, None)]),
            (
                "gebiedsorganisatie-feijenoord",
                PARTNER,
                [(K.LEEWAY, "Vergunning voor straatactiviteiten in één loket", None, None)],
            ),
        ],
    ),
    (
        "ontwerp-voor-de-wijk",
        "Ontwerp voor de wijk",
        S.FINISHED,
        "Jongeren ontwerpen samen met ouderen een ontmoetingsplek.",
        [],
        [],
        [
            ("voorgoed-agency", TREKKER, [(K.KNOWLEDGE, "Ontwerpmethoden", None, None)]),
            ("de-roffabriek", PARTNER, [(K.SPACE, "Werkplaats en materialen", None, None)]),
        ],
    ),
    (
        "digitale-buurtkaart",
        "Digitale buurtkaart",
        S.STOPPED,
        "Een kaart van alle hulp in de buurt.",
        [],
        [],
        [("de-roffabriek", TREKKER, [])],
    ),
]


# (deal slug, organisation slug) of the invitations still open: the demo ambtenaar, aanspreekpunt of
# Gebiedsorganisatie Delfshaven, answers this one on the deal page.
INVITATIONS = {("buurtkoken-tegen-eenzaamheid", "gebiedsorganisatie-delfshaven")}

SEEKING = "Een woningcorporatie die woningen rond een gemeenschappelijke ruimte beschikbaar stelt."


def _organisations(slugs):
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(found))
    if missing:
        raise LookupError(f"Demo deals refer to unknown organisations: {', '.join(missing)}")
    return found


@transaction.atomic
def seed_deals():
    """Create or update the demo deals. Returns the number of deals."""
    organisations = _organisations({slug for deal in DEALS for slug, _r, _c in deal[6]})
    now = timezone.now()
    today = timezone.localdate()
    moment, _ = KickoffMoment.objects.update_or_create(
        title="Dealdag Rotterdam",
        defaults={
            "starts_at": now + datetime.timedelta(days=45),
            "place": "Stadhuis Rotterdam, Coolsingel 40",
            "description": "Alle deals van dit halfjaar worden in het zonnetje gezet.",
        },
    )
    for index, (slug, title, status, goal, themes, wijken, partners) in enumerate(DEALS):
        closed = status in Deal.PUBLIC_STATUSES
        deal, _ = Deal.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "goal": goal,
                "idea": "Partners bundelen hun krachten; ieder brengt in wat hij het beste kan.",
                "status": status,
                "is_demo": True,
                "closed_at": now - datetime.timedelta(days=30 * (index + 1)) if closed else None,
                "start_date": today - datetime.timedelta(days=60) if closed else None,
                "end_date": today + datetime.timedelta(days=300) if closed else None,
                "seeking_partners": slug == "wonen-en-zorg-onder-een-dak",
                "seeking_partner_kinds": ["woningcorporatie"]
                if slug == "wonen-en-zorg-onder-een-dak"
                else [],
                "seeking_contribution_kinds": ["ruimte"] if slug == "wonen-en-zorg-onder-een-dak" else [],
                "seeking_text": SEEKING if slug == "wonen-en-zorg-onder-een-dak" else "",
                "kickoff_at": now + datetime.timedelta(days=45) if status == S.CLOSED else None,
                "kickoff_place": "Stadhuis Rotterdam" if status == S.CLOSED else "",
                "kickoff_moment": moment if status == S.CLOSED else None,
                "test_method": Deal.TestMethod.EXPERTS if status == S.TESTING else "",
                "follow_up": "We schalen op naar Charlois." if status == S.FINISHED else "",
                "stop_reason": "Er bleek al een goede kaart te bestaan." if status == S.STOPPED else "",
                "coordination": "De trekker coördineert; elke partner heeft één vast aanspreekpunt.",
                "meeting_rhythm": "Eens per maand",
                "schouw_frequency": "Twee keer per jaar",
            },
        )
        deal.themes.set(Theme.objects.filter(slug__in=themes))
        deal.neighbourhoods.set(Neighbourhood.objects.filter(slug__in=wijken))
        deal.areas.set({n.area for n in deal.neighbourhoods.select_related("area")})
        for org_slug, role, contributions in partners:
            invited = (slug, org_slug) in INVITATIONS
            partner, _ = DealPartner.objects.update_or_create(
                deal=deal,
                organisation=organisations[org_slug],
                defaults={"role": role,
                          "status": DealPartner.Status.INVITED if invited else DealPartner.Status.ACCEPTED,
                          "invited_at": now if invited else None, "responder": None,
                          "decided_at": None if invited else now,
                          "confirmed_at": now if closed or status == S.PLANNING else None},
            )  # fmt: skip
            partner.contributions.all().delete()
            Contribution.objects.bulk_create(
                Contribution(partner=partner, kind=kind, description=text, amount_eur=amount, hours=hours)
                for kind, text, amount, hours in contributions
            )
        deal.results.all().delete()
        ExpectedResult.objects.create(
            deal=deal, description="Bewoners ervaren meer steun", indicator="Enquête na een jaar"
        )
        deal.risks.all().delete()
        Risk.objects.create(
            deal=deal, description="Vrijwilligers haken af", mitigation="Vaste coördinator", owner="Trekker"
        )
        deal.milestones.all().delete()
        Milestone.objects.create(
            deal=deal, title="Eerste bijeenkomst", due_date=today + datetime.timedelta(days=20)
        )
        if not deal.events.exists():
            DealEvent.objects.create(deal=deal, action="deals.deal.create")
    return len(DEALS)
