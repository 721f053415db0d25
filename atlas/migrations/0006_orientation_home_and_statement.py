# ruff: noqa: E501 - long Dutch sentences
"""Orientation (issue 16). The home page's introduction says in two sentences what the platform is for
and for whom (the title above it is now a translated headline). The accessibility statement takes its
facts (status with its own wording, organisation, date, signatory, contact, time to answer, register)
from the environment (atlas.statement), so its body no longer repeats a status and a date of its own.
Only pages that still have the text they were created with are changed; a page an editor changed, or
that has a draft waiting, is left alone. Old texts are known by their SHA-256, new ones frozen here."""

import hashlib
import json

from django.db import migrations

OLD_HOME_INTRO = "De reisgids zorg en welzijn brengt de gemeente Rotterdam en initiatieven in zorg en welzijn bij elkaar: vind partijen en aanspreekpunten, sluit een zorg- en welzijnsdeal, leer van elkaars lessen en successen en vraag of bied hulp op de marktplaats."
NEW_HOME_INTRO = "Op dit platform vinden de gemeente Rotterdam, bewonersinitiatieven, zorg- en welzijnsaanbieders en andere partners elkaar. Samen spreken ze een doel af, brengt ieder iets in en leren ze van wat werkt."
OLD_STATEMENT_SHA256 = "3083a627a7e2258fb11a87817b6162eebf4353705c8b596e441389bdd434029f"
NEW_STATEMENT_BODY = [
    [
        "paragraph",
        "<p>Websites van de overheid moeten voldoen aan de Europese norm EN 301 549. Daarin staan de richtlijnen "
        "van WCAG 2.1 op niveau A en AA. In deze verklaring lees je hoe ver we zijn, wat we al hebben gedaan en "
        "wat nog niet in orde is.</p>",
    ],
    ["heading", "Over welke website deze verklaring gaat"],
    [
        "paragraph",
        "<p>Deze verklaring geldt voor Reisgids zorg en welzijn: de openbare pagina's, de pagina's van je account "
        "en de formulieren voor leden van organisaties. Ze geldt niet voor de beheeromgeving voor redacteuren en "
        "ambtenaren (/beheer/).</p>",
    ],
    ["heading", "Hoe ver we zijn"],
    [
        "paragraph",
        "<p>Er is nog geen onafhankelijk toegankelijkheidsonderzoek van de hele website gedaan. Daarom staat "
        "hierboven de status die daarbij hoort. Hieronder lees je wat we al doen en wat nog niet in orde is.</p>",
    ],
    ["heading", "Wat we al hebben gedaan"],
    [
        "paragraph",
        "<ul><li>We bouwen elke pagina met de componenten van NL Design System, het gezamenlijke ontwerpsysteem "
        "van de Nederlandse overheid, in de huisstijl van Rotterdam.</li><li>Voor elke nieuwe versie openen "
        "automatische tests elke openbare pagina in een echte browser, op een breed scherm en op een "
        "telefoonscherm van 360 pixels, en controleren die met axe-core op WCAG 2.1 niveau A en AA. Een versie met "
        "een overtreding gaat niet live.</li><li>Je kunt elke pagina alleen met een toetsenbord gebruiken. De "
        "eerste link op elke pagina brengt je direct naar de inhoud, en de toetsenbordfocus is altijd goed "
        "zichtbaar.</li><li>Tekst en knoppen hebben genoeg kleurcontrast, de pagina's werken als je de tekst "
        "vergroot, en op een klein scherm hoef je nergens horizontaal te scrollen.</li><li>Elk formulierveld heeft "
        "een label. Vul je iets niet goed in, dan staat er een duidelijke melding bij het veld en blijft bewaard "
        "wat je had getypt.</li><li>De website is in het Nederlands en kan worden omgezet naar het "
        "Engels.</li></ul>",
    ],
    ["heading", "Wat nog niet in orde is"],
    [
        "paragraph",
        "<ul><li>Er is nog geen onafhankelijk onderzoek gedaan. Er kunnen dus problemen zijn die automatische "
        "tests niet vinden, zoals onduidelijke teksten of een verwarrende volgorde van de "
        "inhoud.</li><li>Organisaties schrijven hun eigen beschrijvingen en zetten zelf logo's en documenten op de "
        "website. We kunnen niet vooraf controleren of al die inhoud duidelijk en toegankelijk is, bijvoorbeeld of "
        "een pdf kan worden voorgelezen.</li><li>De beheeromgeving (/beheer/) is een standaardproduct dat we nog "
        "niet zelf hebben getest.</li></ul><p>We laten een onafhankelijk onderzoek doen en zetten de uitkomsten en "
        "ons verbeterplan op deze pagina.</p>",
    ],
    ["heading", "Werkt iets niet? Laat het ons weten"],
    [
        "paragraph",
        "<p>Kun je een pagina of een deel ervan niet gebruiken, of heb je informatie in een andere vorm nodig? "
        "Laat het ons weten via het contact bovenaan deze pagina. Vertel op welke pagina het gaat en wat er "
        "misgaat. Daar staat ook binnen hoeveel werkdagen je antwoord krijgt.</p><p>Ben je niet tevreden met het "
        "antwoord? Dan kun je een klacht indienen bij de ombudsman van je gemeente of bij de Nationale "
        "ombudsman.</p>",
    ],
    ["heading", "Over deze verklaring"],
    [
        "paragraph",
        "<ul><li><b>Methode</b>: Eigen automatische tests met axe-core op elke openbare pagina (WCAG 2.1 niveau A "
        "en AA)</li><li><b>Volgende controle</b>: Na het onafhankelijke onderzoek, en minstens één keer per "
        "jaar</li></ul>",
    ],
]


def _is_old_statement(raw_body):
    blocks = [[block["type"], block["value"]] for block in raw_body]
    return hashlib.sha256(json.dumps(blocks, ensure_ascii=False).encode()).hexdigest() == OLD_STATEMENT_SHA256


def _new_statement():
    return [{"type": kind, "value": value} for kind, value in NEW_STATEMENT_BODY]


def _latest_revision(apps, page):
    Revision = apps.get_model("wagtailcore", "Revision")
    return Revision.objects.filter(pk=page.latest_revision_id).first()


def update_home(apps):
    HomePage = apps.get_model("atlas", "HomePage")
    for page in HomePage.objects.filter(intro=OLD_HOME_INTRO, has_unpublished_changes=False):
        page.intro = NEW_HOME_INTRO
        page.save(update_fields=["intro"])
        revision = _latest_revision(apps, page)
        if revision is not None and revision.content.get("intro") == OLD_HOME_INTRO:
            revision.content["intro"] = NEW_HOME_INTRO
            revision.save(update_fields=["content"])


def update_statement(apps):
    StandardPage = apps.get_model("atlas", "StandardPage")
    for page in StandardPage.objects.filter(slug="toegankelijkheid", has_unpublished_changes=False):
        if not _is_old_statement([dict(block) for block in page.body.raw_data]):
            continue
        page.body = _new_statement()
        page.save(update_fields=["body"])
        # The admin edits the latest revision: it must not bring the old text back.
        revision = _latest_revision(apps, page)
        if revision is not None and isinstance(revision.content.get("body"), str):
            if _is_old_statement(json.loads(revision.content["body"])):
                revision.content["body"] = json.dumps(_new_statement())
                revision.save(update_fields=["content"])


def orientation(apps, schema_editor):
    update_home(apps)
    update_statement(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("atlas", "0005_privacy_retention"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [migrations.RunPython(orientation, migrations.RunPython.noop)]
