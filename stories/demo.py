"""Demo stories under /verhalen/, from the source report ("Van Recht naar Reden"): Logeerhuis De
Buren on how hospitals and insurers came to refer guests, a video by DoorDeWijks and a podcast by
Zorgzaam010 (both with a transcript), and a few comments by the demo users. ``seed_stories()`` is
idempotent (keyed on slugs and on comment text); call it after ``reisgids.demo.load()``.

The demo stories are published directly (no review): they are the editors' own demo content."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from reisgids.models import Organisation, Theme, User
from stories.models import Comment, StoryIndexPage, StoryPage
from stories.selectors import comment_count_key

DEMO_DOMAIN = "demo.reisgids.example"

# slug, title, kind, organisation slug, author (demo local part), intro, body, embed url, transcript, themes
STORIES = [
    (
        "verwijzingen-uit-het-ziekenhuis",
        "Hoe ziekenhuizen en verzekeraars naar ons logeerhuis verwijzen",
        StoryPage.Kind.BLOG,
        "logeerhuis-de-buren",
        "initiatiefnemer",
        "Logeerhuis De Buren vangt mensen op die na een ziekenhuisopname niet op eigen familie of buren "
        "kunnen terugvallen. Zo kregen we de ziekenhuizen en de zorgverzekeraars mee.",
        "<p>Ons logeerhuis is er voor mensen die tijdens of na een ziekte of ziekenhuisopname niet "
        "kunnen terugvallen op familie, buren, vrienden of kennissen, maar ook nog niet zelfstandig "
        "kunnen wonen. Daarnaast bieden we respijtzorg: een tijdelijk verblijf dat mantelzorgers een "
        "adempauze geeft.</p>"
        "<h2>Zelf de ziekenhuizen langs</h2>"
        "<p>In het begin kende niemand ons. We zijn daarom zelf de ziekenhuizen langsgegaan en hebben "
        "transferverpleegkundigen en afdelingen uitgelegd wat het logeerhuis doet, zodat zij patiënten "
        "voor wie het past naar ons kunnen doorverwijzen.</p>"
        "<h2>De gemeente als bemiddelaar</h2>"
        "<p>De grote zorgverzekeraars waren eerst terughoudend. De gemeente heeft bemiddeld, en nu "
        "vergoeden zij in bepaalde omstandigheden de zorg die we leveren, als onderaannemer van "
        "Humanitas. Dat is een belangrijke inkomstenbron geworden.</p>"
        "<h2>Onze tip</h2>"
        "<p>Wacht niet tot het netwerk jou vindt: ga zelf in gesprek, en vraag de gemeente om een deur "
        "te openen waar je zelf niet binnenkomt.</p>",
        "",
        "",
        ["mantelzorg", "ouderen-en-langer-thuis-wonen"],
    ),
    (
        "doordewijkers-in-beeld",
        "DoorDeWijkers in beeld: betaalbare hulp uit je eigen wijk",
        StoryPage.Kind.VIDEO,
        "doordewijks",
        "partner",
        "Een korte film over wijkbewoners die voor een vast, laag tarief hulp bieden aan hun buren, en "
        "over wat dat doet voor de wijk.",
        "<p>Bij DoorDeWijks bieden wijkbewoners hun diensten aan voor een vast tarief van €12 per uur. "
        "Ze zijn hun eigen baas en helpen buren die ondersteuning of gezelschap zoeken, ook zonder "
        "indicatie.</p>",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "[Muziek]\n\nVerteller: In Feijenoord helpen buren elkaar, voor een eerlijk tarief.\n\n"
        "Doordewijker Fatima: Ik doe boodschappen voor meneer De Vries en we drinken daarna samen koffie. "
        "Voor hem is het hulp, voor mij is het werk dat ik zelf kan indelen.\n\n"
        "Meneer De Vries: Sinds mijn vrouw is overleden is het stil in huis. Nu komt er twee keer in de "
        "week iemand die ik ken uit de buurt.\n\n"
        "Verteller: DoorDeWijks coördineert de inzet, zorgt voor naamsbekendheid en brengt een eigen "
        "krantje uit.",
        ["zorg-en-welzijn-in-de-wijk", "participatie-en-werk"],
    ),
    (
        "podcast-zorgzaam010-samen-sterker",
        "Podcast: waarom initiatieven samen sterker staan",
        StoryPage.Kind.PODCAST,
        "zorgzaam010",
        "netwerkmanager",
        "In deze aflevering praten initiatiefnemers uit het netwerk Zorgzaam010 over samenwerken met "
        "elkaar, met gevestigde aanbieders en met de gemeente.",
        "",
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        "Gastvrouw: Welkom bij de podcast van Zorgzaam010. Vandaag aan tafel: twee initiatiefnemers.\n\n"
        "Initiatiefnemer 1: Samen hebben we een stem richting de gemeente die we alleen nooit zouden "
        "hebben.\n\n"
        "Initiatiefnemer 2: En we delen kennis: hoe schrijf je een subsidieaanvraag, hoe kom je aan "
        "een ruimte, wie moet je bij de gemeente hebben.\n\n"
        "Gastvrouw: Wat vraag je van grote aanbieders?\n\n"
        "Initiatiefnemer 1: Dat ze ons niet als concurrent zien maar als partner in de wijk.",
        ["zorg-en-welzijn-in-de-wijk"],
    ),
]

# story slug, author (demo local part), text, reply to (text of the top comment) or None
COMMENTS = [
    (
        "verwijzingen-uit-het-ziekenhuis",
        "ambtenaar",
        "Mooi om te lezen! Wij verwijzen vanuit het wijkteam Delfshaven ook graag naar jullie.",
        None,
    ),
    (
        "verwijzingen-uit-het-ziekenhuis",
        "partner",
        "Hoe lang duurde het voordat de eerste verzekeraar ja zei?",
        None,
    ),
    (
        "verwijzingen-uit-het-ziekenhuis",
        "initiatiefnemer",
        "Ruim een jaar, en zonder de gemeente was het niet gelukt.",
        "Hoe lang duurde het voordat de eerste verzekeraar ja zei?",
    ),
    (
        "doordewijkers-in-beeld",
        "initiatiefnemer",
        "Wat een warme film. Onze gasten zouden na hun verblijf goed een doordewijker kunnen gebruiken.",
        None,
    ),
]


def _user(local):
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


@transaction.atomic
def seed_stories():
    """Create or update the demo stories and comments. Returns the number of stories."""
    index = StoryIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is None:
        return 0
    count = 0
    now = timezone.now()
    for slug, title, kind, org_slug, author, intro, body, embed_url, transcript, themes in STORIES:
        organisation = Organisation.objects.filter(slug=org_slug).first()
        values = {
            "title": title,
            "kind": kind,
            "intro": intro,
            "body": body,
            "embed_url": embed_url,
            "transcript": transcript,
            "organisation": organisation,
            "author": _user(author),
        }
        story = StoryPage.objects.filter(slug=slug).first()
        if story is None:
            story = StoryPage(slug=slug, live=True, first_published_at=now, last_published_at=now, **values)
            index.add_child(instance=story)
        else:
            if story.last_published_at is None:  # seeded by an earlier version without it
                values["last_published_at"] = story.first_published_at or now
            changed = [name for name, value in values.items() if getattr(story, name) != value]
            for name in changed:
                setattr(story, name, values[name])
            if changed:
                story.draft_title = story.title
                story.save()
        wanted = set(Theme.objects.filter(slug__in=themes).values_list("pk", flat=True))
        if set(story.themes.values_list("pk", flat=True)) != wanted:
            story.themes.set(wanted)
            story.save()
        count += 1
    for slug, author_local, text, reply_to in COMMENTS:
        story = StoryPage.objects.filter(slug=slug).first()
        author = _user(author_local)
        if story is None or author is None:
            continue
        parent = Comment.objects.filter(page=story, text=reply_to, parent=None).first() if reply_to else None
        Comment.objects.get_or_create(page=story, author=author, text=text, defaults={"parent": parent})
        cache.delete(comment_count_key(story.pk))
    return count
