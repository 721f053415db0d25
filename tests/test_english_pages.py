"""English content (issue 16): Wagtail translations under /en/, Dutch content marked lang="nl"
where it has no English version, each page listed once per language."""

import io
import re

import pytest
from wagtail.models import Locale

from atlas.demo import seed_english_pages
from atlas.models import HomePage, NewsIndexPage, NewsPage, original
from atlas.tests.factories import news_page
from atlas.tests.helpers import html

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    seed_english_pages()
    return Locale.objects.get(language_code="en")


def translate(page, english, **fields):
    translation = page.copy_for_translation(english).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def test_the_home_page_and_the_sections_have_an_english_version(client, english):
    page = html(client, "/en/")
    assert '<html lang="en"' in page
    assert '<h1 class="utrecht-heading-1">Working together on care and welfare in Rotterdam</h1>' in page
    assert "find each other. Together they agree on a goal" in page  # the Dutch intro's English
    assert "This page has no English version yet" not in page
    assert '<h1 class="utrecht-heading-1">News</h1>' in html(client, "/en/nieuws/")
    assert '<h1 class="utrecht-heading-1">Lessons and successes</h1>' in html(client, "/en/lessen/")
    assert '<h1 class="utrecht-heading-1">Nieuws</h1>' in html(client, "/nieuws/")  # Dutch unchanged
    assert HomePage.objects.count() == 2 and original(HomePage).locale.language_code == "nl"


def test_seeding_again_keeps_an_editors_english_text(english):
    index = original(NewsIndexPage).get_translation(english).specific
    index.title = "Network news"
    index.save_revision().publish()
    seed_english_pages()
    index.refresh_from_db()
    assert index.title == "Network news"


def test_a_page_without_english_version_is_shown_in_dutch_marked_so(client, english):
    news = news_page(title="Bericht uit de wijk", slug="bericht-uit-de-wijk", intro="Een korte inleiding.")
    page = html(client, "/en/nieuws/bericht-uit-de-wijk/")
    assert '<html lang="en"' in page
    assert "This page has no English version yet: it is shown in Dutch." in page
    assert '<h1 class="utrecht-heading-1" lang="nl">Bericht uit de wijk</h1>' in page
    lead = r'<div lang="nl">\s*<p class="utrecht-paragraph utrecht-paragraph--lead">Een korte'
    assert re.search(lead, page)
    # in the English list: once, its English address, its Dutch title and intro marked
    listing = html(client, "/en/nieuws/")
    assert listing.count("Bericht uit de wijk") == 1
    assert re.search(r'lang="nl"><a class="utrecht-link" href="/en/nieuws/bericht-uit-de-wijk/">', listing)
    assert '<p class="utrecht-paragraph" lang="nl">Een korte inleiding.</p>' in listing
    # the Dutch page itself carries no marks
    dutch = html(client, news.url)
    assert 'lang="nl">Bericht' not in dutch and "no English version" not in dutch


def test_a_translated_page_is_shown_in_english_and_listed_once_in_each_language(client, english):
    news = news_page(title="Bericht uit de wijk", slug="bericht-uit-de-wijk")
    translate(news, english, title="News from the neighbourhood", intro="A short introduction.")
    page = html(client, "/en/nieuws/bericht-uit-de-wijk/")
    assert '<h1 class="utrecht-heading-1">News from the neighbourhood</h1>' in page
    assert "no English version" not in page
    english_list, dutch_list = html(client, "/en/nieuws/"), html(client, "/nieuws/")
    assert "News from the neighbourhood" in english_list and "Bericht uit de wijk" not in english_list
    assert "Bericht uit de wijk" in dutch_list and "News from the neighbourhood" not in dutch_list
    assert NewsPage.objects.count() == 2


def test_a_standard_page_without_english_version(client, english):
    from atlas.models import StandardPage

    colofon = StandardPage(title="Colofon", slug="colofon", intro="Wie maakt dit.")
    original(HomePage).add_child(instance=colofon)
    page = html(client, "/en/colofon/")
    assert "This page has no English version yet" in page
    assert re.search(r'<article class="reisgids-prose reisgids-statement" lang="nl">', page)
    assert '<html lang="en"' in page


@pytest.mark.parametrize(
    ("path", "title", "intro", "dutch_title"),
    [
        ("/en/privacy/", "Privacy statement", "we keep as little about you as possible", "Privacyverklaring"),
        (
            "/en/toegankelijkheid/",
            "Accessibility statement",
            "We want everyone to be able to use",
            "Toegankelijkheidsverklaring",
        ),
        (
            "/en/hoe-werkt-de-gemeente/",
            "How does the municipality work?",
            "does not exist: it is a collection of people",
            "Hoe werkt de gemeente?",
        ),
        ("/en/verhalen/", "Stories", "Stories of initiatives, providers and the municipality", "Verhalen"),
        ("/en/agenda/", "Events", "Network meetings, trainings, workshops", "Agenda"),
    ],
)
def test_the_standard_pages_and_the_other_indexes_have_an_english_version(
    client, english, path, title, intro, dutch_title
):
    page = html(client, path)
    assert '<html lang="en"' in page
    assert re.search(rf'<h1 class="utrecht-heading-1">{re.escape(title)}</h1>', page), path
    assert intro in page
    assert "This page has no English version yet" not in page
    assert 'lang="nl"' not in page.split("<main", 1)[1].split("</main>", 1)[0] or path in ("/en/agenda/",)
    assert f">{dutch_title}</h1>" in html(client, path.removeprefix("/en"))  # Dutch unchanged


def test_the_english_accessibility_statement_is_english_throughout(client, english, settings):
    settings.ACCESSIBILITY_SIGNATORY = "Directeur Stadsbeheer"  # the environment's value, shown as is
    page = html(client, "/en/toegankelijkheid/")
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    for english_text in (
        "The statement in brief",
        "Responsible organisation",
        "Compliance status",
        "C – first measures taken",
        "There is no complete study of the site yet",
        "Date of this statement",
        "Signed by",
        "Contact about accessibility",
        "working days",
        "The register of accessibility statements",
        "What is not in order yet",
        "Does something not work? Let us know",
        "About this statement",
    ):
        assert english_text in main, english_text
    for dutch_text in ("Hoe ver we zijn", "Wat nog niet in orde is", "Verklaring in het kort", "werkdagen"):
        assert dutch_text not in main, dutch_text
    assert 'href="/en/aanspreekpunten/"' in main  # the contact, in English too


def test_the_english_agenda_lists_the_dutch_events(client, english):
    from agenda.tests.factories import make_event

    make_event(title="Netwerkavond in Delfshaven")
    page = html(client, "/en/agenda/")
    assert "Netwerkavond in Delfshaven" in page
    assert "Netwerkavond in Delfshaven" in html(client, "/agenda/")


def test_an_unknown_english_address_is_404(client, english):
    assert client.get("/en/nieuws/bestaat-niet/").status_code == 404
    assert client.get("/bestaat-niet/").status_code == 404


def test_without_any_english_page_the_dutch_tree_serves_en(client):
    assert '<html lang="en"' in html(client, "/en/nieuws/")
    assert "This page has no English version yet" in html(client, "/en/nieuws/")


def test_a_contentbeheerder_translates_a_news_item_in_beheer(client, english):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Permission

    from atlas.permissions import grant_content_editors
    from reisgids.tests.factories import UserFactory

    news = news_page(title="Bericht uit de wijk", slug="bericht-uit-de-wijk")
    group = grant_content_editors()
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert group.permissions.filter(codename="submit_translation").exists()
    editor = UserFactory(verified=True)
    editor.groups.add(group)
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    response = client.post(f"/beheer/translation/submit/page/{news.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302, response.status_code
    translation = NewsPage.objects.get(locale=english, translation_key=news.translation_key)
    translation.title = "News from the neighbourhood"
    translation.save_revision().publish()
    client.logout()
    assert "News from the neighbourhood" in html(client, "/en/nieuws/bericht-uit-de-wijk/")
    assert "News from the neighbourhood" in html(client, "/en/nieuws/")


def test_a_translation_keeps_the_dutch_address_when_the_editor_renames_its_slug(client, english):
    """Wagtail's editor gives an unpublished translation the slug of its new title
    (news-from-the-neighbourhood); the English page still lives at the Dutch path under /en/, as a
    draft and once published, and the language switch leads back to the Dutch page."""
    news = news_page(title="Bericht uit de wijk", slug="bericht-uit-de-wijk")
    translation = news.copy_for_translation(english)
    translation.title = "News from the neighbourhood"
    translation.slug = "news-from-the-neighbourhood"
    translation.save_revision()
    translation.refresh_from_db()
    assert translation.slug == "bericht-uit-de-wijk"
    revision = translation.latest_revision
    revision.as_object().save_revision().publish()
    translation.refresh_from_db()
    assert (translation.slug, translation.live) == ("bericht-uit-de-wijk", True)
    assert translation.url_path.endswith("/nieuws/bericht-uit-de-wijk/")
    page = html(client, "/en/nieuws/bericht-uit-de-wijk/")
    assert "News from the neighbourhood" in page
    assert 'hreflang="nl" href="http://testserver/nieuws/bericht-uit-de-wijk/"' in page or (
        'href="/nieuws/bericht-uit-de-wijk/"' in page
    )
    assert client.get("/en/nieuws/news-from-the-neighbourhood/").status_code == 404


def feed_links(page):
    """{type: [href, …]} of the feed links in the head."""
    head = page.split("</head>", 1)[0]
    links = {}
    for kind, href in re.findall(
        r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)"[^>]*href="([^"]+)"', head
    ):
        links.setdefault(kind, []).append(href)
    return links


def test_english_pages_advertise_the_english_feeds(client, english):
    for path, section in (
        ("/en/nieuws/", "nieuws"),
        ("/en/verhalen/", "verhalen"),
        ("/en/lessen/", "lessen"),
    ):
        links = feed_links(html(client, path))
        assert links["application/atom+xml"] == [f"/en/{section}/atom/"], path
        assert links["application/rss+xml"] == [f"/en/{section}/feed/"], path
        dutch = feed_links(html(client, path.removeprefix("/en")))
        assert dutch["application/atom+xml"] == [f"/{section}/atom/"], path
    home = feed_links(html(client, "/en/"))
    assert home["application/atom+xml"] and all(
        href.startswith("/en/") for href in home["application/atom+xml"]
    )
    assert all(href.startswith("/en/") for href in home["application/rss+xml"])
    # the visible link too, and the English feeds exist
    assert 'href="/en/verhalen/feed/"' in html(client, "/en/verhalen/")
    for href in (*home["application/atom+xml"], *home["application/rss+xml"]):
        response = client.get(href)
        assert response.status_code == 200, href


def test_user_content_is_marked_dutch_on_english_pages_only(client, english):
    from deals.tests.factories import DealFactory
    from stories.tests.factories import CommentFactory, StoryPageFactory

    deal = DealFactory(title="Respijt voor mantelzorgers", running=True)
    story = StoryPageFactory(title="Samen koken", slug="samen-koken")
    CommentFactory(page=story, text="Mooi initiatief")
    english_deal = html(client, f"/en/deals/{deal.slug}/")
    assert '<h1 class="utrecht-heading-1" lang="nl">Respijt voor mantelzorgers</h1>' in english_deal
    dutch_deal = html(client, f"/deals/{deal.slug}/")
    assert '<h1 class="utrecht-heading-1">Respijt voor mantelzorgers</h1>' in dutch_deal
    english_story = html(client, "/en/verhalen/samen-koken/")
    assert "This page has no English version yet" in english_story
    assert '<h1 class="utrecht-heading-1" lang="nl">Samen koken</h1>' in english_story
    assert re.search(r'<div class="reisgids-comment__text" lang="nl">\s*<p>Mooi initiatief', english_story)
    dutch_story = html(client, "/verhalen/samen-koken/")
    assert 'lang="nl"' not in dutch_story.split("<body", 1)[1]


def test_activities_of_other_apps_in_the_english_agenda_are_marked_dutch(client, english, monkeypatch):
    from django.utils import timezone

    from reisgids import registries

    item = registries.AgendaItem(
        title="Kick-off in de wijk",
        start=timezone.now() + timezone.timedelta(days=2),
        place="Buurthuis De Peper",
        url="/deals/kick-off/",
    )
    monkeypatch.setattr(registries, "AGENDA_SOURCES", {})
    registries.register_agenda_source("proef", items=lambda: [item])
    page = html(client, "/en/agenda/")
    title = r'<h3 class="utrecht-heading-3 reisgids-card__title" lang="nl"><a [^>]*>Kick-off in de wijk'
    assert re.search(title, page)
    assert '<dd lang="nl">Buurthuis De Peper</dd>' in page
    dutch = html(client, "/agenda/")
    assert "Kick-off in de wijk" in dutch and 'lang="nl"' not in dutch.split("<body", 1)[1]


def test_search_results_on_the_english_pages_mark_dutch_titles_and_snippets(client):
    """/en/zoeken/ shows what members wrote in Dutch: a screen reader reads title and snippet with
    Dutch pronunciation; the Dutch search page carries no marks."""
    from reisgids.tests.factories import OrganisationFactory

    OrganisationFactory(name="Steunpunt Mantelzorg Noord", summary="Wij ondersteunen mantelzorgers.")
    english = html(client, "/en/zoeken/?q=mantelzorg")
    title = r'lang="nl"><a class="utrecht-link" href="/[^"]*">Steunpunt Mantelzorg Noord</a>'
    assert re.search(title, english)
    assert re.search(r'reisgids-search-snippet" lang="nl">[^<]*<mark>[Mm]antelzorg', english)
    dutch = html(client, "/zoeken/?q=mantelzorg")
    assert "Steunpunt Mantelzorg Noord" in dutch and 'lang="nl"' not in dutch.split("<main", 1)[1]


def test_every_part_of_a_deal_members_wrote_is_marked_dutch_on_the_english_page(client, english):
    """Milestones, the kick-off, the plan's texts and (for partners) the risk analysis are Dutch text
    of members: marked lang="nl" on the English deal page, unmarked on the Dutch one."""
    import datetime

    from deals.tests.factories import DealFactory, MilestoneFactory, RiskFactory, ready_to_close
    from reisgids.tests.factories import UserFactory

    deal = DealFactory(
        title="Respijt",
        running=True,
        idea="Een logeerhuis in de wijk",
        follow_up="Uitbreiden naar Noord",
        kickoff_at=datetime.datetime(2026, 12, 10, 15, tzinfo=datetime.UTC),
        kickoff_place="Buurthuis De Hoek",
        kickoff_description="Met koffie en taart",
    )
    MilestoneFactory(deal=deal, title="Eerste logeerweekend")
    english_deal = html(client, f"/en/deals/{deal.slug}/")
    for text in ("Eerste logeerweekend", "Buurthuis De Hoek", "Met koffie en taart"):
        assert re.search(rf'lang="nl">{text}', english_deal), text
    for text in ("Een logeerhuis in de wijk", "Uitbreiden naar Noord"):
        assert re.search(rf'lang="nl">\s*<p>{text}', english_deal), text
    assert 'lang="nl"' not in html(client, f"/deals/{deal.slug}/").split("<body", 1)[1]
    # the partners' risk analysis
    partnered = ready_to_close(partners=2, title="Met risico's")
    RiskFactory(deal=partnered, description="Vrijwilligers haken af")
    beheerder = UserFactory()
    partner = partnered.partners.first()
    partner.organisation.memberships.create(user=beheerder, role="beheerder")
    client.force_login(beheerder)
    assert re.search(r'lang="nl">Vrijwilligers haken af', html(client, f"/en/deals/{partnered.slug}/"))


def test_a_fresh_installation_serves_english_after_seed_english(client):
    """Without demo data the English pages come from ``manage.py seed_english`` (the web service runs
    it after migrate): the home page and the standard pages in English, not Dutch with a notice."""
    from django.core.management import call_command

    assert "This page has no English version yet" in html(client, "/en/privacy/")
    call_command("seed_english", stdout=io.StringIO())
    home = html(client, "/en/")
    assert "Working together on care and welfare in Rotterdam" in home
    assert "This page has no English version yet" not in home
    assert "Privacy statement" in html(client, "/en/privacy/")
    call_command("seed_english", stdout=io.StringIO())  # a second run adds nothing
    assert HomePage.objects.count() == 2
