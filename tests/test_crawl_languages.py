"""Every public page in both languages (issue 16): a crawl from ``/`` and from ``/en/`` that follows
each page's links in its own language, and on every page it reaches checks the status, the ``lang``
of the page, the ``hreflang`` pair in the head and the language switch, and on English pages that
no Dutch interface text (a text of the Dutch catalogue) is left outside a part marked ``lang="nl"``
(content without an English version is marked so and is not counted)."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings

from agenda.tests.factories import make_event
from atlas.demo import seed_english_pages
from atlas.tests.factories import lesson_page, news_page
from deals.tests.factories import DealFactory
from kompas.models import Proposal
from kompas.tests import factories as kompas_factories
from marktplaats.tests.factories import ListingFactory
from reisgids import languages
from reisgids.tests.factories import ContactPointFactory, InstrumentFactory, OrganisationFactory, ThemeFactory
from residence.tests.factories import ResidencyFactory
from schouw.models import Schouw
from schouw.tests.factories import running_deal, schouw_in
from stories.tests.factories import CommentFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

MAX_PAGES = 120  # per language
# Not pages of the site in a language: the admin, files, feeds and what signing in or out does.
SKIPPED = re.compile(
    r"^/(en/)?(beheer|api|media|documenten|static|accounts/logout|accounts/3rdparty|i18n)/"
    r"|\.(xml|ics|csv|xlsx|json|jsonld|zip|pdf|txt)$|/(feed|atom)/$"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The links of a page and its visible text outside any part marked ``lang="nl"``."""

    def __init__(self):
        super().__init__()
        self.links, self.text, self.stack, self.lang, self.hreflang = [], [], [], None, {}
        self.title = ""
        self.marked = []  # the text inside parts marked lang="nl"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.hreflang[attrs["hreflang"]] = attrs["href"]
        if tag not in VOID:
            # <head>: the <title> names the page as its content does, and cannot carry a lang; a
            # <textarea> holds what the person typed, to edit it, in the language they wrote it in
            dutch = attrs.get("lang") == "nl" or tag in ("head", "script", "style", "textarea")
            self.stack.append((tag, dutch or bool(self.stack and self.stack[-1][1])))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not data.strip():
            return
        if self.stack and self.stack[-1][0] == "title":
            self.title += " ".join(data.split())
        if not (self.stack and self.stack[-1][1]):
            self.text.append(" ".join(data.split()))
        else:
            self.marked.append(" ".join(data.split()))

    def marked_text(self):
        return "\n".join(self.marked)


def dutch_interface_texts():
    """The Dutch of every catalogue entry of three words or more that differs from its English."""
    texts = set()
    for entry in polib.pofile(str(settings.BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po")):
        text = entry.msgstr
        if not text or text == entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if "%" in text or "{" in text or "<" in text or len(text.split()) < 3:
            continue
        texts.add(" ".join(text.split()))
    return texts


@pytest.fixture
def network():
    theme = ThemeFactory(name="Buurtsport", name_en="Neighbourhood sport", deals_welcome=True)
    organisation = OrganisationFactory(
        name="Buurtkracht Feijenoord", themes=[theme], with_public_contact=True
    )
    ContactPointFactory(organisation=organisation, name="Fatima el Amrani", themes=[theme])
    InstrumentFactory(name="Right to Challenge", owner=organisation, themes=[theme])
    DealFactory(title="Respijt voor mantelzorgers", running=True)
    news_page(title="Bericht uit de wijk", themes=[theme])
    lesson_page(title="Begin klein, maar begin wel", themes=[theme])
    story = StoryPageFactory(title="Samen koken in de buurt", intro="Hoe een buurtkeuken mensen samenbrengt.")
    CommentFactory(page=story, text="Wat een mooi initiatief in onze wijk")
    ListingFactory(title="Gezocht: vrijwilligers voor de buurtkeuken", organisation=organisation)
    make_event(title="Netwerkavond in Delfshaven", intro="Kom kennismaken met de partners in de wijk.")
    # the later quadrants' public side: a deal with a partner in residence and a published schouw
    # report, and a kompas proposal the bestuur decided on
    deal, members = running_deal(title="Buurtzorg samen in Charlois")
    schouw_in(Schouw.Phase.PUBLISHED, deal=deal, members=members, title="Schouw van de buurtzorg")
    ResidencyFactory(deal=deal, name_public=True)
    kompas_factories.proposal(state=Proposal.Status.ADOPTED, title="Kleine percelen in de aanbesteding")
    seed_english_pages()


# Content written in Dutch by users and editors (the ``network`` fixture): on an English page it is
# shown as written and must sit inside a part marked ``lang="nl"``.
DUTCH_CONTENT = (
    "Respijt voor mantelzorgers",
    "Bericht uit de wijk",
    "Begin klein, maar begin wel",
    "Samen koken in de buurt",
    "Hoe een buurtkeuken mensen samenbrengt.",
    "Wat een mooi initiatief in onze wijk",
    "Gezocht: vrijwilligers voor de buurtkeuken",
    "Netwerkavond in Delfshaven",
    "Kom kennismaken met de partners in de wijk.",
    "Buurtzorg samen in Charlois",
    "Een rijk beeld van de samenwerking.",  # the schouw report's summary
    "Kleine percelen in de aanbesteding",
    "Grote percelen sluiten kleine aanbieders uit.",  # the proposal's problem
)


def assert_meaningful_title(page, path):
    """The title names the page first, then the site: not the site's name alone, nor "Home"."""
    name, _bar, site_name = page.title.rpartition(" | ")
    assert site_name == settings.WAGTAIL_SITE_NAME, (path, page.title)
    assert name and name.removeprefix("Fout: ") not in (site_name, "Home"), (path, page.title)


def crawl(client, start):
    """{path: parsed page} of every page reachable from ``start`` in its language (no query)."""
    language = "en" if start.startswith("/en/") else "nl"
    seen, queue, pages = {start}, [start], {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        response = client.get(path)
        assert response.status_code in (200, 302), f"{path}: {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(response.content.decode())
        pages[path] = page
        for href in page.links:
            link = href.split("#")[0].split("?")[0]
            if not link.startswith("/") or link.startswith("//") or SKIPPED.search(link) or link in seen:
                continue
            if languages.path_in(link, language) != link or not languages.alternates(link):
                continue  # the other language (the switch) or an address without languages
            seen.add(link)
            queue.append(link)
    return pages


@pytest.mark.parametrize("start", ["/", "/en/"])
def test_every_page_in_both_languages(client, network, start):
    language = "en" if start == "/en/" else "nl"
    other = "nl" if language == "en" else "en"
    pages = crawl(client, start)
    print(f"{start}: {len(pages)} pages")  # noqa: T201 - the figure, with pytest -s
    assert len(pages) >= 15, sorted(pages)
    dutch_texts = (dutch_interface_texts() | set(DUTCH_CONTENT)) if language == "en" else set()
    found = set()
    for path, page in pages.items():
        assert page.lang == language, path
        assert_meaningful_title(page, path)
        site = settings.SITE_URL
        assert page.hreflang == {
            "nl": site + languages.path_in(path, "nl"),
            "en": site + languages.path_in(path, "en"),
            "x-default": site + languages.path_in(path, "nl"),
        }, path
        assert languages.path_in(path, other) in page.links, f"{path}: no switch to {other}"
        text = "\n".join(page.text)
        left = sorted(dutch for dutch in dutch_texts if dutch in text)
        assert not left, f"{path}: Dutch text outside lang=nl on an English page: {left}"
        found.update(content for content in DUTCH_CONTENT if content in page.marked_text())
    if language == "en":  # the crawl did reach the content, marked
        assert found == set(DUTCH_CONTENT), set(DUTCH_CONTENT) - found
