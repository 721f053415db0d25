# ruff: noqa: E501 - long Dutch sentences
"""The text of the standard pages, in Dutch, as created by migration 0004 and kept by ``seed_atlas``.
Editors change it in /beheer/ afterwards; these are only the first versions."""


def _p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _h(text):
    return {"type": "heading", "value": text}


def _ul(*items):
    return {"type": "paragraph", "value": "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"}


ACCESSIBILITY = {
    "body": [
        {
            "type": "paragraph",
            "value": "<p>Websites van de overheid moeten voldoen aan de Europese norm EN 301 549. Daarin "
            "staan de richtlijnen van WCAG 2.1 op niveau A en AA. In deze verklaring lees je hoe ver "
            "we zijn, wat we al hebben gedaan en wat nog niet in orde is.</p>",
        },
        {"type": "heading", "value": "Over welke website deze verklaring gaat"},
        {
            "type": "paragraph",
            "value": "<p>Deze verklaring geldt voor Reisgids zorg en welzijn: de openbare pagina's, de "
            "pagina's van je account en de formulieren voor leden van organisaties. Ze geldt niet "
            "voor de beheeromgeving voor redacteuren en ambtenaren (/beheer/).</p>",
        },
        {"type": "heading", "value": "Hoe ver we zijn"},
        {
            "type": "paragraph",
            "value": "<p>Er is nog geen onafhankelijk toegankelijkheidsonderzoek van de hele website gedaan. "
            "Daarom staat hierboven de status die daarbij hoort. Hieronder lees je wat we al doen en wat "
            "nog niet in orde is.</p>",
        },
        {"type": "heading", "value": "Wat we al hebben gedaan"},
        {
            "type": "paragraph",
            "value": "<ul><li>We bouwen elke pagina met de componenten van NL Design System, het gezamenlijke "
            "ontwerpsysteem van de Nederlandse overheid, in de huisstijl van Rotterdam.</li><li>Voor "
            "elke nieuwe versie openen automatische tests elke openbare pagina in een echte browser, "
            "op een breed scherm en op een telefoonscherm van 360 pixels, en controleren die met "
            "axe-core op WCAG 2.1 niveau A en AA. Een versie met een overtreding gaat niet "
            "live.</li><li>Je kunt elke pagina alleen met een toetsenbord gebruiken. De eerste link "
            "op elke pagina brengt je direct naar de inhoud, en de toetsenbordfocus is altijd goed "
            "zichtbaar.</li><li>Tekst en knoppen hebben genoeg kleurcontrast, de pagina's werken als "
            "je de tekst vergroot, en op een klein scherm hoef je nergens horizontaal te "
            "scrollen.</li><li>Elk formulierveld heeft een label. Vul je iets niet goed in, dan "
            "staat er een duidelijke melding bij het veld en blijft bewaard wat je had "
            "getypt.</li><li>De website is in het Nederlands en kan worden omgezet naar het "
            "Engels.</li></ul>",
        },
        {"type": "heading", "value": "Wat nog niet in orde is"},
        {
            "type": "paragraph",
            "value": "<ul><li>Er is nog geen onafhankelijk onderzoek gedaan. Er kunnen dus problemen zijn die "
            "automatische tests niet vinden, zoals onduidelijke teksten of een verwarrende volgorde "
            "van de inhoud.</li><li>Organisaties schrijven hun eigen beschrijvingen en zetten zelf "
            "logo's en documenten op de website. We kunnen niet vooraf controleren of al die inhoud "
            "duidelijk en toegankelijk is, bijvoorbeeld of een pdf kan worden "
            "voorgelezen.</li><li>De beheeromgeving (/beheer/) is een standaardproduct dat we nog "
            "niet zelf hebben getest.</li></ul><p>We laten een onafhankelijk onderzoek doen en "
            "zetten de uitkomsten en ons verbeterplan op deze pagina.</p>",
        },
        {"type": "heading", "value": "Werkt iets niet? Laat het ons weten"},
        {
            "type": "paragraph",
            "value": "<p>Kun je een pagina of een deel ervan niet gebruiken, of heb je informatie in een "
            "andere vorm nodig? Laat het ons weten via het contact bovenaan deze pagina. Vertel op welke "
            "pagina het gaat en wat er misgaat. Daar staat ook binnen hoeveel werkdagen je antwoord "
            "krijgt.</p><p>Ben je niet tevreden met het antwoord? Dan kun je een klacht indienen "
            "bij de ombudsman van je gemeente of bij de Nationale ombudsman.</p>",
        },
        {"type": "heading", "value": "Over deze verklaring"},
        {
            "type": "paragraph",
            "value": "<ul><li><b>Methode</b>: Eigen automatische "
            "tests met axe-core op elke openbare pagina (WCAG 2.1 niveau A en "
            "AA)</li><li><b>Volgende controle</b>: Na het onafhankelijke onderzoek, en minstens één "
            "keer per jaar</li></ul>",
        },
    ],
    "intro": "We willen dat iedereen Reisgids zorg en welzijn kan gebruiken: met een schermlezer, alleen met "
    "een toetsenbord, op een klein scherm of met vergrote tekst.",
    "slug": "toegankelijkheid",
    "title": "Toegankelijkheidsverklaring",
}

PRIVACY = {
    "body": [
        {"type": "heading", "value": "Wie is verantwoordelijk"},
        {
            "type": "paragraph",
            "value": "<p>De organisatie die dit platform beheert, is verantwoordelijk voor je "
            "persoonsgegevens (de verwerkingsverantwoordelijke volgens de Algemene verordening "
            "gegevensbescherming, de AVG). In Rotterdam is dat de gemeente Rotterdam. De "
            "functionaris gegevensbescherming van die organisatie houdt toezicht op hoe we met je "
            "gegevens omgaan.</p>",
        },
        {"type": "heading", "value": "Zonder account"},
        {
            "type": "paragraph",
            "value": "<p>Alles wat openbaar is, kun je lezen zonder account. We bewaren dan niets over jou, "
            "behalve de cookies hieronder die de website laten werken.</p>",
        },
        {"type": "heading", "value": "Wat we bewaren als je een account hebt, en waarom"},
        {
            "type": "paragraph",
            "value": "<ul><li><b>E-mailadres</b>: Om in te loggen, om te controleren dat het adres van jou is "
            "en om je meldingen te sturen. Niet openbaar.</li><li><b>Naam</b>: Zodat medeleden en "
            "beheerders van je organisaties weten wie je bent.</li><li><b>Wachtwoord</b>: Alleen "
            "versleuteld opgeslagen (als hash): niemand kan het lezen, ook de beheerders "
            "niet.</li><li><b>Tweestapsverificatie</b>: Als je het aanzet (voor de beheeromgeving is "
            "het verplicht): de geheime sleutel van je authenticator-app en je "
            "herstelcodes.</li><li><b>Voorkeur voor meldingen</b>: Of je een e-mail per melding "
            "wilt, één overzicht per dag of geen e-mail. Je meldingen op de website bewaren we zodat "
            "je ze kunt teruglezen.</li><li><b>Lidmaatschappen</b>: Bij welke organisaties je hoort "
            "en of je lid of beheerder bent. Dat bepaalt wat je mag wijzigen. Beheerders van de "
            "organisatie kunnen dit zien.</li><li><b>Aanvragen om lid te worden</b>: Je aanvraag, "
            "het bericht dat je erbij schreef en het besluit, zodat de beheerders van de organisatie "
            "erover kunnen beslissen.</li><li><b>Gegevens als aanspreekpunt</b>: Alleen als je "
            "aanspreekpunt bent: je naam, functie, waarvoor mensen je kunnen benaderen, thema's, "
            "gebieden, en het e-mailadres, telefoonnummer en de bereikbaarheid die je invult. Die "
            "zijn bewust openbaar: daar is een aanspreekpunt voor.</li><li><b>Logboek van "
            "wijzigingen</b>: Welk account welke belangrijke wijziging deed en wanneer, bijvoorbeeld "
            "het goedkeuren van een lid. Zo zijn wijzigingen na te gaan en gaan we misbruik tegen. "
            "Alleen beheerders van het platform kunnen dit zien.</li></ul><p>Om te voorkomen dat "
            "iemand wachtwoorden raadt, tellen we een paar minuten lang de inlogpogingen per "
            "IP-adres. Die tellingen bewaren we niet langer.</p><p>We verwerken deze gegevens omdat "
            "je een account hebt gemaakt om mee te doen op het platform (artikel 6 lid 1 sub b AVG) "
            "en omdat het ondersteunen van samenwerking in zorg en welzijn een publieke taak van de "
            "gemeente is (artikel 6 lid 1 sub e AVG).</p>",
        },
        {"type": "heading", "value": "Cookies"},
        {
            "type": "paragraph",
            "value": "<p>We gebruiken alleen cookies die nodig zijn om de website te laten werken. We "
            "gebruiken geen trackingcookies, geen statistieken, geen advertenties en geen knoppen "
            "van sociale media, en we laden geen lettertypen of scripts van andere websites. Daarom "
            "vragen we je niet om toestemming.</p><ul><li><b>sessionid</b>: Houdt je ingelogd. "
            "Verdwijnt als je uitlogt, en uiterlijk na twee weken.</li><li><b>csrftoken</b>: "
            "Beschermt formulieren tegen misbruik vanaf andere websites. Blijft een jaar "
            "bewaard.</li></ul><p>Voor je taalkeuze is geen cookie nodig: de Engelse pagina's hebben "
            "een eigen adres, dat begint met /en/.</p>",
        },
        {"type": "heading", "value": "Wie je gegevens kan zien"},
        {
            "type": "paragraph",
            "value": "<p>Profielen van organisaties en aanspreekpunten zijn openbaar. Het e-mailadres en "
            "telefoonnummer van een organisatie zie je alleen als de organisatie heeft gekozen om ze "
            "te tonen. Je e-mailadres en lidmaatschappen zijn niet openbaar. Beheerders van het "
            "platform kunnen alle gegevens zien als dat nodig is voor hun werk. We verkopen je "
            "gegevens niet en geven ze aan niemand anders. E-mails gaan via een maildienst die in "
            "onze opdracht werkt, met een verwerkersovereenkomst.</p>",
        },
        {"type": "heading", "value": "Hoe lang we je gegevens bewaren"},
        {
            "type": "paragraph",
            "value": "<p>We bewaren je accountgegevens zolang je een account hebt. Verwijder je je account, "
            "dan wissen we je naam, e-mailadres, wachtwoord, lidmaatschappen, aanvragen en "
            "meldingen. In het logboek blijft de wijziging zelf staan, maar niet meer gekoppeld aan "
            "jouw naam. Een aanspreekpunt hoort bij een organisatie: het blijft staan tot die "
            "organisatie het aanpast of verwijdert. Wil je dat het weggaat, vraag het dan aan de "
            "beheerders van de organisatie of aan ons.</p><p>Daarnaast ruimen we elke nacht "
            "automatisch op:</p><ul><li><b>Meldingen</b>: een gelezen melding na 90 dagen, elke "
            "andere melding na een jaar. Welke dagelijkse overzichten we je mailden, bewaren we ook "
            "een jaar.</li><li><b>Logboek van wijzigingen</b>: na twee jaar.</li><li><b>Sessies</b>: "
            "zodra ze verlopen zijn, uiterlijk twee weken nadat je inlogde.</li></ul>",
        },
        {"type": "heading", "value": "Jouw rechten"},
        {
            "type": "paragraph",
            "value": "<ul><li><strong>Je gegevens inzien:</strong> kies op je <a "
            'href="/accounts/profiel/">profielpagina</a> voor ‘Download mijn gegevens’. Je krijgt '
            "dan alles wat we over jou bewaren in één bestand.</li><li><strong>Je gegevens "
            "verbeteren:</strong> pas je naam, e-mailadres en voorkeur voor meldingen aan op je "
            "profielpagina.</li><li><strong>Je gegevens laten verwijderen:</strong> kies op je "
            "profielpagina voor ‘Verwijder mijn account’.</li><li><strong>Bezwaar maken of iets "
            "anders vragen:</strong> neem contact op met de organisatie die dit platform beheert, "
            'via een van de <a href="/aanspreekpunten/">aanspreekpunten</a>. We reageren binnen een '
            "maand.</li><li><strong>Een klacht indienen:</strong> vind je dat we niet goed met je "
            "gegevens omgaan? Dan kun je een klacht indienen bij de Autoriteit "
            "Persoonsgegevens.</li></ul>",
        },
        {"type": "heading", "value": "Hoe we je gegevens beveiligen"},
        {
            "type": "paragraph",
            "value": "<p>De website werkt alleen via een beveiligde verbinding. Wachtwoorden slaan we op als "
            "hash. Accounts met toegang tot de beheeromgeving moeten tweestapsverificatie gebruiken. "
            "Leden kunnen alleen de organisaties wijzigen waar ze bij horen.</p>",
        },
        {"type": "heading", "value": "Wijzigingen"},
        {
            "type": "paragraph",
            "value": "<p>Gaat het platform iets nieuws bewaren, dan passen we eerst deze verklaring aan. Deze "
            "versie is van 30 november 2026.</p>",
        },
    ],
    "intro": "Op Reisgids zorg en welzijn bewaren we zo weinig mogelijk over jou. Op deze pagina lees je "
    "precies wat we bewaren, waarom, wie het kan zien, hoe lang we het bewaren en welke rechten je "
    "hebt.",
    "slug": "privacy",
    "title": "Privacyverklaring",
}

HOW_THE_MUNICIPALITY_WORKS = {
    "slug": "hoe-werkt-de-gemeente",
    "title": "Hoe werkt de gemeente?",
    "intro": (
        "‘De gemeente’ bestaat niet: het is een verzameling mensen met elk hun eigen opdracht, budget en "
        "regels. Hier lees je wie wat doet, hoe subsidie en inkoop lopen en bij wie je met je initiatief "
        "aanklopt."
    ),
    "body": [
        _p(
            "Vraag je een initiatiefnemer met wie bij de gemeente ze contact zoeken, dan is het antwoord vaak: "
            "“Nou ja, met de gemeente.” Maar zonder een duidelijk beeld van wie je waarom wilt bereiken, is het "
            "lastig om bij de juiste persoon te komen en concrete afspraken te maken. Deze pagina helpt je op "
            "weg. Het mes snijdt aan twee kanten: de gemeente moet er ook voor zorgen dat je weet waar je moet "
            "aankloppen."
        ),
        _h("Wie moet ik hebben?"),
        _p(
            'Begin bij de <a href="/aanspreekpunten/">aanspreekpunten</a>: per thema en per gebied staat '
            "daar wie je kunt benaderen, waarvoor, en hoe je die persoon bereikt. Zoek je een partner buiten "
            'de gemeente, kijk dan bij de <a href="/partijen/">partijen</a>: initiatieven, zorg- en '
            "welzijnsaanbieders, woningcorporaties, fondsen en netwerken zoals Zorgzaam010 en Gezond010."
        ),
        _ul(
            "Gaat je vraag over jouw wijk of buurt? Begin bij de gebiedsorganisatie: de wijkregisseur of de "
            "gebiedsnetwerker van jouw gebied.",
            "Gaat je vraag over beleid of geld voor een thema in de hele stad, zoals mantelzorg of "
            "eenzaamheid? Dan zit je bij een cluster, meestal Maatschappelijke Ontwikkeling.",
            "Gaat het over de openbare ruimte, zoals groen, een speelplek of een buurttuin? Dan is het cluster "
            "Stadsbeheer je partner.",
            "Zoek je ruimte of wil je wonen en zorg combineren? Dan kom je bij het cluster Stadsontwikkeling.",
        ),
        _h("De gebiedsorganisatie: de gemeente in de wijk"),
        _p(
            "Rotterdam heeft veertien gebieden. In elk gebied werkt de gebiedsorganisatie met wijkregisseurs, "
            "gebiedsnetwerkers en wijkmanagers. Zij kennen de wijken en de mensen die er actief zijn, hebben "
            "ruime ervaring met initiatieven en verbinden je met de clusters. Hun eigen geld is beperkt: vooral "
            "eenmalige, kleinschalige subsidies, zoals voor een bewonersinitiatief."
        ),
        _h("De clusters: beleid en inkoop voor de hele stad"),
        _p(
            "De clusters sturen stadsbreed. Ze maken beleid en kopen zorg en welzijn in, en beheren daarvoor "
            "de inhoudelijke budgetten. Elk cluster heeft zijn eigen domein, kaders en procedures. Werkt jouw "
            "initiatief over domeinen heen, wat vaak zo is, dan krijg je met meer dan één cluster te maken. "
            "Vraag dan één aanspreekpunt om de anderen erbij te halen."
        ),
        _h("Wijkteams en wijknetwerken"),
        _p(
            "In de wijk werken professionals van de gemeente en van zorg- en welzijnsaanbieders samen om "
            "bewoners te ondersteunen, bijvoorbeeld in een wijkteam. Zij kunnen bewoners naar jouw initiatief "
            "verwijzen en omgekeerd. Leg dat contact vroeg: verwijzers moeten weten wat je doet en voor wie, "
            "anders komen de bewoners die je zoekt niet bij je terecht."
        ),
        _h("Hoe loopt subsidie?"),
        _p(
            "Voor ondernemende Rotterdammers zijn er subsidieregelingen zoals Bewonersinitiatief, Citylab010, "
            'Couleur Locale en het Right to Challenge. Bij de <a href="/instrumenten/">instrumenten</a> '
            "vind je per regeling wat die biedt: geld, kennis, ruimte of een procedure.",
            "Een subsidie begint met een aanvraag, daarna volgen een beoordeling, een beschikking en achteraf "
            "een verantwoording. Let op: contact dat alleen via een subsidieaanvraag loopt, maakt je "
            "afhankelijk van één besluit en leidt zelden tot echte samenwerking. Initiatieven zoeken ook meer "
            "dan geld: kennis, een netwerk, ruimte of erkenning.",
        ),
        _h("Aanbesteding en inkoop"),
        _p(
            "Zorg en welzijn die de gemeente voor de hele stad nodig heeft, koopt zij in via aanbestedingen. "
            "Die zijn vaak groot en zwaar, en passen slecht bij kleine initiatieven. Er zijn tussenvormen: "
            "kleine percelen in een aanbesteding, onderaannemerschap bij een grotere aanbieder, of een "
            "kleinschalige opdracht."
        ),
        _h("Samen in een deal"),
        _p(
            "Wil je met de gemeente en andere partijen samen iets bereiken? Sluit dan een "
            '<a href="/deals/">zorg- en welzijnsdeal</a>: partijen spreken een gezamenlijk doel af en ieder '
            "brengt in wat hij kan, zoals kennis, een netwerk, ruimte, regelruimte of geld. De gemeente hoeft "
            "daarin niet altijd de geldschieter te zijn."
        ),
    ],
}

STANDARD_PAGES = [HOW_THE_MUNICIPALITY_WORKS, ACCESSIBILITY, PRIVACY]
