"""Rotterdam's fourteen gebieden with their wijken, and a starting set of care and welfare
themes, shipped as data so no installer types them in by hand."""

from django.db import migrations
from django.utils.text import slugify

AREAS = {
    "Centrum": ["Stadsdriehoek", "Cool", "CS-kwartier", "Nieuwe Werk", "Dijkzigt", "Oude Westen"],
    "Charlois": [
        "Carnisse", "Heijplaat", "Oud-Charlois", "Pendrecht", "Tarwewijk", "Wielewaal", "Zuiderpark", "Zuidplein",
        "Zuidwijk",
    ],
    "Delfshaven": [
        "Bospolder", "Delfshaven", "Middelland", "Nieuwe Westen", "Schiemond", "Spangen", "Tussendijken", "Witte Dorp",
    ],
    "Feijenoord": [
        "Afrikaanderwijk", "Bloemhof", "Feijenoord", "Hillesluis", "Katendrecht", "Kop van Zuid",
        "Kop van Zuid-Entrepot", "Noordereiland", "Vreewijk",
    ],
    "Hillegersberg-Schiebroek": [
        "Hillegersberg-Noord", "Hillegersberg-Zuid", "Molenlaankwartier", "Schiebroek", "Terbregge",
    ],
    "Hoek van Holland": ["Hoek van Holland"],
    "Hoogvliet": ["Hoogvliet-Noord", "Hoogvliet-Zuid"],
    "IJsselmonde": ["Beverwaard", "Groot-IJsselmonde", "Lombardijen", "Oud-IJsselmonde"],
    "Kralingen-Crooswijk": [
        "De Esch", "Kralingen-Oost", "Kralingen-West", "Kralingse Bos", "Nieuw-Crooswijk", "Oud-Crooswijk", "Rubroek",
        "Struisenburg",
    ],
    "Noord": [
        "Agniesebuurt", "Bergpolder", "Blijdorp", "Blijdorpsepolder", "Liskwartier", "Oude Noorden", "Provenierswijk",
    ],
    "Overschie": ["Kleinpolder", "Landzicht", "Noord-Kethel", "Overschie", "Schieveen", "Zestienhoven"],
    "Pernis": ["Pernis"],
    "Prins Alexander": [
        "Het Lage Land", "Kralingseveer", "Nesselande", "Ommoord", "Oosterflank", "Prinsenland", "'s-Gravenland",
        "Zevenkamp",
    ],
    "Rozenburg": ["Rozenburg"],
}

THEMES = [
    ("Mantelzorg", "Ondersteuning van mantelzorgers: respijtzorg, logeeropvang, informatie en lotgenotencontact.", True),
    ("Eenzaamheid", "Ontmoeting en verbinding voor wie er alleen voor staat.", True),
    ("Ouderen en langer thuis wonen", "Zelfstandig thuis wonen met zorg en hulp uit de buurt.", False),
    ("Jeugd en gezin", "Opvoeden en opgroeien, preventie en steun voor gezinnen.", False),
    ("Armoede en schulden", "Schuldhulp, vroegsignalering en bestaanszekerheid.", True),
    ("Gezondheid en bewegen", "Gezonde leefstijl, sport en bewegen in de wijk.", False),
    ("Psychische gezondheid", "Mentale weerbaarheid, herstel en opvang dichtbij.", False),
    ("Zorg en welzijn in de wijk", "Wijkgerichte samenwerking tussen initiatieven en professionals.", False),
    ("Participatie en werk", "Meedoen, vrijwilligerswerk, dagbesteding en werk.", False),
    ("Wonen en zorg", "Wonen met zorg, woonvormen en samenwerking met corporaties.", False),
    ("Taal en digitale vaardigheden", "Laaggeletterdheid, taal en digitaal meedoen.", False),
    ("Dementie", "Dementievriendelijke wijk en steun voor mensen met dementie en hun naasten.", False),
]


def load(apps, schema_editor):
    Area = apps.get_model("reisgids", "Area")
    Neighbourhood = apps.get_model("reisgids", "Neighbourhood")
    Theme = apps.get_model("reisgids", "Theme")
    for area_name, neighbourhoods in AREAS.items():
        area, _ = Area.objects.get_or_create(slug=slugify(area_name), defaults={"name": area_name})
        for name in neighbourhoods:
            slug = slugify(name)
            if Neighbourhood.objects.filter(slug=slug).exclude(area=area).exists():
                slug = f"{slug}-{area.slug}"
            Neighbourhood.objects.get_or_create(slug=slug, defaults={"name": name, "area": area})
    for name, description, welcome in THEMES:
        Theme.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "description": description, "deals_welcome": welcome}
        )


def unload(apps, schema_editor):
    apps.get_model("reisgids", "Neighbourhood").objects.all().delete()
    apps.get_model("reisgids", "Area").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reisgids", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
