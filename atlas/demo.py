# ruff: noqa: E501 - long Dutch sentences
"""Demo content of the atlas: the standard pages' text, news of the network and lessen en successen
from the report "Van Recht naar Reden", the Kennisland piece and the Zutphen guide, linked to the
themes, gebieden, wijken, organisations and deals of the core and deals demo.

``seed_atlas()`` is idempotent: pages are keyed on their slug under their section, and a page whose
fields already match is not saved again (no new revision)."""

import copy
import datetime

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from atlas.content import STANDARD_PAGES
from atlas.content_en import STANDARD_PAGES as ENGLISH_STANDARD_PAGES
from atlas.models import (
    HomePage,
    LessonIndexPage,
    LessonPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    original,
)
from atlas.permissions import grant_content_editors
from atlas.treebuild import ensure_site_tree
from deals.models import Deal
from reisgids.models import Area, Neighbourhood, Organisation, Theme

K = LessonPage.Kind
S = LessonPage.Source
P = LessonPage.Principle

NEWS = [
    {
        "slug": "reisgids-zorg-en-welzijn-online",
        "title": "De reisgids zorg en welzijn is online",
        "date": datetime.date(2026, 11, 2),
        "intro": "Vanaf nu vind je in één plek wie er in Rotterdam aan zorg en welzijn werkt, bij wie je bij de gemeente moet zijn en welke deals er lopen.",
        "body": "<p>Initiatiefnemers vertelden ons steeds hetzelfde: “Je moet weten wie je moet hebben.” De reisgids maakt de partijen, de aanspreekpunten van de gemeente en de beleidsinstrumenten vindbaar. Ook lessen en successen van initiatieven krijgen hier een plek, zodat niet elk initiatief het wiel opnieuw hoeft uit te vinden.</p>",
        "themes": ["zorg-en-welzijn-in-de-wijk"],
    },
    {
        "slug": "eerste-deal-in-delfshaven-gesloten",
        "title": "Eerste zorg- en welzijnsdeal in Delfshaven gesloten",
        "date": datetime.date(2026, 10, 20),
        "intro": "Logeerhuis De Buren, Humanitas en de gebiedsorganisatie Delfshaven sloten een deal over respijtzorg voor mantelzorgers.",
        "body": "<p>Begin klein, maar begin wel: dat advies uit het rapport Van Recht naar Reden volgden de partners in Delfshaven. Elke partner brengt in wat hij kan: het logeerhuis zijn bedden en vrijwilligers, Humanitas zijn netwerk van mantelzorgers en de gemeente regelruimte en een kleine bijdrage.</p>",
        "themes": ["mantelzorg"],
    },
    {
        "slug": "zorgzaam010-netwerkbijeenkomst-terugblik",
        "title": "Terugblik: netwerkbijeenkomst Zorgzaam010 over informele zorg",
        "date": datetime.date(2026, 10, 8),
        "intro": "Zestig initiatiefnemers, professionals en ambtenaren spraken over hoe informele zorg en formele zorg elkaar beter kunnen vinden.",
        "body": "<p>De belangrijkste les van de avond: verwijzers weten vaak niet wat initiatieven in de wijk doen. Wijkteams en huisartsen willen graag doorverwijzen, maar hebben een vast aanspreekpunt nodig. De deelnemers spraken af hun contactpersonen in de reisgids te zetten.</p>",
        "themes": ["mantelzorg", "zorg-en-welzijn-in-de-wijk"],
    },
    {
        "slug": "workshop-subsidie-aanvragen",
        "title": "Nieuw: workshop ‘subsidie aanvragen’ voor initiatieven",
        "date": datetime.date(2026, 9, 25),
        "intro": "Ervaren initiatiefnemers en ambtenaren van de gebiedsorganisatie leggen samen uit hoe een subsidieaanvraag loopt en waar je op let.",
        "body": "<p>De workshop hoort bij ‘samen ontwikkelen’: de gemeente leert van initiatieven en initiatieven leren hoe de gemeente werkt. Je gaat naar huis met een eigen stappenplan.</p>",
        "themes": ["participatie-en-werk"],
    },
]

LESSONS = [
    {
        "slug": "werk-met-kleine-percelen",
        "title": "Kleine initiatieven passen niet in grote aanbestedingen — werk met kleine percelen",
        "kind": K.SYSTEM,
        "source": S.COLLEGE_TOUR,
        "is_success": False,
        "intro": "Tussen een kleine participatiesubsidie en een grote aanbesteding zit een gat. Kleine percelen in een aanbesteding of flexibele budgetten voor samenwerking overbruggen het.",
        "body": "<p>Grote aanbestedingen vragen omzet, certificeringen en een administratie die een klein initiatief niet heeft. Kortdurende, kleine subsidies zijn weer te klein om een stabiele organisatie op te bouwen. Initiatieven vallen zo tussen wal en schip.</p><p>Wat werkt: kleine percelen in de aanbesteding, onderaannemerschap bij een grotere aanbieder, of een flexibel budget voor samenwerking dat qua omvang en eisen past bij initiatieven.</p>",
        "themes": ["mantelzorg", "zorg-en-welzijn-in-de-wijk"],
        "areas": ["delfshaven"],
        "neighbourhoods": ["bospolder"],
        "partner_kinds": ["initiatief", "gemeente", "zorgaanbieder"],
        "principles": [P.VALUE, P.BETTER],
        "organisations": [
            "logeerhuis-de-buren",
            "cluster-maatschappelijke-ontwikkeling",
            "humanitas-rotterdam",
        ],
        "deals": ["respijt-voor-mantelzorgers-in-delfshaven"],
    },
    {
        "slug": "begin-klein-maar-begin-wel",
        "title": "Begin klein, maar begin wel",
        "kind": K.COLLABORATION,
        "source": S.OTHER,
        "is_success": True,
        "intro": "Probeer een nieuwe werkwijze eerst uit met een paar initiatieven of in één gebied. Zo blijven de risico's klein en leer je snel.",
        "body": "<p>Wie wacht tot alles tot in de puntjes is geregeld, begint nooit. Zet een eerste deal op in één gebied, of houd een schouw bij een paar initiatieven. Zie het als rapid prototyping: je leert van wat er gebeurt en past de aanpak aan.</p>",
        "themes": ["zorg-en-welzijn-in-de-wijk"],
        "areas": ["delfshaven"],
        "neighbourhoods": [],
        "partner_kinds": ["initiatief", "gemeente"],
        "principles": [P.TRUST, P.DIRECTION],
        "organisations": ["gebiedsorganisatie-delfshaven", "zorgvrijstaat-west"],
        "deals": [],
    },
    {
        "slug": "de-gemeente-is-niet-de-gemeente",
        "title": "‘De gemeente’ bestaat niet: zoek de juiste persoon",
        "kind": K.SYSTEM,
        "source": S.PEER_REVIEW,
        "is_success": False,
        "intro": "Initiatieven willen contact met ‘de gemeente’, maar de gemeente is een verzameling clusters en gebieden met elk hun eigen opdracht. Een vast aanspreekpunt maakt het verschil.",
        "body": "<p>Zonder een duidelijk beeld van wie je waarom wilt bereiken, kom je niet bij de juiste persoon en maak je geen concrete afspraken. Sleutelpersonen binnen afdelingen die samenwerking een warm hart toedragen, helpen enorm. Maak ze vindbaar.</p>",
        "themes": ["zorg-en-welzijn-in-de-wijk"],
        "areas": [],
        "neighbourhoods": [],
        "partner_kinds": ["initiatief", "gemeente"],
        "principles": [P.OUTSIDE_IN, P.EQUAL],
        "organisations": ["gebiedsorganisatie"],
        "deals": [],
    },
    {
        "slug": "initiatieven-zoeken-meer-dan-geld",
        "title": "Initiatieven zoeken meer dan geld",
        "kind": K.COLLABORATION,
        "source": S.COLLEGE_TOUR,
        "is_success": False,
        "intro": "Het idee dat initiatieven alleen geld willen, blokkeert het gesprek. Ze zoeken ook kennis, een netwerk, ruimte en erkenning.",
        "body": "<p>Ambtenaren voelen zich soms ongemakkelijk omdat ze geen budget kunnen bieden, en gaan het gesprek daarom niet aan. Maar een ruimte, een introductie bij een woningcorporatie of regelruimte kan meer waard zijn dan een kleine subsidie.</p>",
        "themes": ["participatie-en-werk", "eenzaamheid"],
        "areas": ["feijenoord"],
        "neighbourhoods": [],
        "partner_kinds": ["initiatief", "gemeente", "woningcorporatie"],
        "principles": [P.VALUE, P.EQUAL],
        "organisations": ["doordewijks"],
        "deals": [],
    },
    {
        "slug": "verwijzers-moeten-je-kennen",
        "title": "Respijtzorg werkt pas als verwijzers je kennen",
        "kind": K.CONTENT,
        "source": S.SCHOUW,
        "is_success": True,
        "intro": "Logeerhuis De Buren kreeg pas verwijzingen van ziekenhuizen en wijkteams toen er per ziekenhuis één vast aanspreekpunt was.",
        "body": "<p>Mantelzorgers die een adempauze nodig hebben, vinden het logeerhuis zelden zelf. Ze komen via de transferverpleegkundige van het ziekenhuis of via het wijkteam. Een vaste contactpersoon aan beide kanten en een korte kennismaking per halfjaar bleken genoeg.</p>",
        "themes": ["mantelzorg", "ouderen-en-langer-thuis-wonen"],
        "areas": [],
        "neighbourhoods": ["bospolder", "delfshaven"],
        "partner_kinds": ["initiatief", "zorgaanbieder"],
        "principles": [P.OUTSIDE_IN, P.TRUST],
        "organisations": ["logeerhuis-de-buren", "zorgzaam010"],
        "deals": ["respijt-voor-mantelzorgers-in-delfshaven"],
    },
    {
        "slug": "ruimte-voor-blunders-en-bonje",
        "title": "Maak ruimte voor blunders en bonje",
        "kind": K.COLLABORATION,
        "source": S.PEER_REVIEW,
        "is_success": False,
        "intro": "Een systeem dat is ingericht op presteren laat geen ruimte om te leren. Zonder wrijving geen glans.",
        "body": "<p>Prestatieafspraken, beoordelingen en verantwoording laten geen ruimte voor dingen die in elke samenwerking gebeuren. Partners die zich kwetsbaar durven op te stellen en fouten als ‘part of the deal’ zien, komen verder dan partners die bij het eerste probleem escaleren naar de wethouder.</p>",
        "themes": ["zorg-en-welzijn-in-de-wijk"],
        "areas": ["noord"],
        "neighbourhoods": [],
        "partner_kinds": ["initiatief", "gemeente", "welzijnsaanbieder"],
        "principles": [P.TRUST],
        "organisations": ["gebiedsorganisatie-noord"],
        "deals": [],
    },
]


def _by_slug(model, slugs):
    return list(model.objects.filter(slug__in=slugs))


def _raw(stream):
    """A stream's blocks as [{"type", "value"}], without their ids, to compare with the demo's."""
    return [{"type": block["type"], "value": block["value"]} for block in stream.raw_data]


def _upsert_child(index, model, slug, fields, m2m=None):
    """Create the page under ``index`` or bring it up to date; publish only what changed."""
    page = model.objects.child_of(index).filter(slug=slug).first()
    created = page is None
    if created:
        page = model(slug=slug, **fields)
        index.add_child(instance=page)
    changed = created or any(getattr(page, name) != value for name, value in fields.items() if name != "body")
    if not created and "body" in fields and _raw(page.body) != fields["body"]:
        changed = True
    for name, value in fields.items():
        setattr(page, name, value)
    for name, objects in (m2m or {}).items():
        wanted = {obj.pk for obj in objects}
        if set(getattr(page, name).values_list("pk", flat=True)) != wanted:
            getattr(page, name).set(objects)
            changed = True
    if changed:
        page.save_revision().publish()
    return page


def _paragraph(html):
    return [{"type": "paragraph", "value": html}]


def seed_standard_pages(*, only_empty=False):
    """Write the first version of the standard pages; with ``only_empty``, only into pages that are
    missing or have neither intro nor body (as ``ensure_site_tree`` recreates them), never over an
    editor's text."""
    home = original(HomePage)
    for content in STANDARD_PAGES:
        if only_empty:
            page = StandardPage.objects.child_of(home).filter(slug=content["slug"]).first()
            if page is not None and (page.intro or page.body):
                continue
        # A copy: Wagtail adds block ids to the raw blocks it is given.
        fields = {
            "title": content["title"],
            "intro": content["intro"],
            "body": copy.deepcopy(content["body"]),
        }
        _upsert_child(home, StandardPage, content["slug"], fields)


# The English versions of the home page, the atlas's section indexes and standard pages (Wagtail
# translations: same slug, so the same path under /en/); other apps register theirs the same way
# (``atlas.treebuild.register_english_version``). What has no English version is shown in Dutch there,
# marked so.
ENGLISH_PAGES = {
    ("atlas.HomePage", "home"): {
        "title": "Care and welfare travel guide",
        "intro": "On this platform the municipality of Rotterdam, residents' initiatives, care and welfare "
        "providers and other partners find each other. Together they agree on a goal, each contributes "
        "something, and they learn from what works.",
    },
    ("atlas.NewsIndexPage", "nieuws"): {
        "title": "News",
        "intro": "News from the care and welfare network in Rotterdam: new deals, meetings and what "
        "initiatives and the municipality achieve together.",
    },
    ("atlas.LessonIndexPage", "lessen"): {
        "title": "Lessons and successes",
        "intro": "What initiatives, the municipality and their partners learned from working together, "
        "so that nobody has to reinvent the wheel. Search by theme, neighbourhood, kind of lesson and "
        "key principle.",
    },
    **{("atlas.StandardPage", content["slug"]): content for content in ENGLISH_STANDARD_PAGES},
}


def english_versions():
    """{(model label, Dutch slug): English fields} of the atlas's pages and every registered one."""
    from atlas.treebuild import ENGLISH_VERSIONS

    return {**ENGLISH_PAGES, **ENGLISH_VERSIONS}


def seed_english_pages():
    """Give the home page, the section indexes and the standard pages their English version (parents
    first); a version an editor wrote (a live one) is kept."""
    from django.apps import apps

    english = Locale.objects.get_or_create(language_code="en")[0]
    dutch_pages = []
    for (model_label, slug), fields in english_versions().items():
        model = apps.get_model(model_label)
        dutch = model.objects.filter(locale__language_code=settings.LANGUAGE_CODE, slug=slug).first()
        if dutch is not None:
            dutch_pages.append((dutch, fields))
    for dutch, fields in sorted(dutch_pages, key=lambda row: row[0].depth):
        page = dutch.get_translation_or_none(english)
        if page is None:
            page = dutch.copy_for_translation(english)
        elif page.live:
            continue
        page = page.specific
        for name, value in fields.items():
            if name == "body":
                value = copy.deepcopy(value)  # Wagtail adds block ids to the raw blocks it is given
            if name != "slug":
                setattr(page, name, value)
        page.draft_title = fields["title"]
        page.save_revision().publish()
    grant_content_editors()  # the English home page's tree too


@transaction.atomic
def seed_atlas():
    from deals.demo import seed_deals

    seed_deals()  # idempotent; the lessons link to demo deals, and deals come after atlas in the apps
    ensure_site_tree()
    grant_content_editors()
    seed_standard_pages()
    news_index = original(NewsIndexPage)
    for item in reversed(NEWS):
        fields = {key: item[key] for key in ("title", "date", "intro")}
        fields["body"] = _paragraph(item["body"])
        _upsert_child(news_index, NewsPage, item["slug"], fields, {"themes": _by_slug(Theme, item["themes"])})
    lesson_index = original(LessonIndexPage)

    for item in reversed(LESSONS):  # the first one is published last: newest on the home page
        fields = {key: item[key] for key in ("title", "kind", "source", "is_success", "intro")}
        fields["partner_kinds"] = list(item["partner_kinds"])
        fields["principles"] = [str(p) for p in item["principles"]]
        fields["body"] = _paragraph(item["body"])
        m2m = {
            "themes": _by_slug(Theme, item["themes"]),
            "areas": _by_slug(Area, item["areas"]),
            "neighbourhoods": _by_slug(Neighbourhood, item["neighbourhoods"]),
            "organisations": _by_slug(Organisation, item["organisations"]),
            "deals": _by_slug(Deal, item["deals"]),
        }
        _upsert_child(lesson_index, LessonPage, item["slug"], fields, m2m)
    seed_english_pages()
