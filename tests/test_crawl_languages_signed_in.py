"""The English pages a signed-in partner reaches (issue 16): a crawl from ``/en/`` and from the pages
of the later quadrants that are for the partners only (the residency, its log and concerns, the
schouw in its open phase, an intake of theirs), following each page's links in English. On every page
no Dutch interface text is left outside a part marked ``lang="nl"``, and what members wrote in Dutch
(a log entry, a concern, an observation, an idea) is shown marked so."""

import pytest

from intake.tests.factories import IntakeFactory
from reisgids import languages
from reisgids.tests.factories import MembershipFactory
from residence.tests.factories import ConcernFactory, LogEntryFactory, ResidencyFactory
from schouw import services as schouw_services
from schouw.models import Observation, Schouw
from schouw.tests.factories import running_deal, schouw_in
from tests.test_crawl_languages import assert_meaningful_title, crawl, dutch_interface_texts

pytestmark = pytest.mark.django_db

DUTCH_CONTENT = (
    "Vandaag de wijkagenda doorgenomen met het gebiedsteam.",  # a log entry
    "Geen ruimte voor de inloop op woensdag",  # a concern
    "De buren kennen de huiskamer nu ook.",  # an observation of the schouw
    "Een huiskamer voor mantelzorgers",  # an idea (intake) of the partner
)


@pytest.fixture
def partner():
    deal, members = running_deal(title="Samen sterk in Bospolder")
    schouw, _actor, _deal, _members = schouw_in(Schouw.Phase.OPEN, deal=deal, members=members)
    user = next(iter(members.values()))[0]
    schouw_services.observation_add(
        schouw=schouw,
        actor=user,
        text="De buren kennen de huiskamer nu ook.",
        tone=Observation.Tone.POSITIVE,
        expectation=Observation.Expectation.UNEXPECTED,
    )
    residency = ResidencyFactory(deal=deal, person=user, name_public=True)
    LogEntryFactory(residency=residency, text="Vandaag de wijkagenda doorgenomen met het gebiedsteam.")
    ConcernFactory(residency=residency, title="Geen ruimte voor de inloop op woensdag")
    intake = IntakeFactory(initiator=user, title="Een huiskamer voor mantelzorgers")
    MembershipFactory(user=user)
    return user, [
        "/en/",
        languages.path_in(deal.get_absolute_url(), "en"),
        languages.path_in(residency.get_absolute_url(), "en"),
        languages.path_in(schouw.get_absolute_url(), "en"),
        languages.path_in(intake.get_absolute_url(), "en"),
    ]


def test_a_partners_english_pages_mark_every_dutch_text(client, partner):
    user, starts = partner
    client.force_login(user)
    pages = {}
    for start in starts:
        pages.update(crawl(client, start))
    assert len(pages) >= 20, sorted(pages)
    dutch_texts = dutch_interface_texts() | set(DUTCH_CONTENT)
    found, left = set(), {}
    for path, page in pages.items():
        assert page.lang == "en", path
        assert_meaningful_title(page, path)
        text = "\n".join(page.text)
        if unmarked := sorted(dutch for dutch in dutch_texts if dutch in text):
            left[path] = unmarked
        found.update(content for content in DUTCH_CONTENT if content in page.marked_text())
    assert not left, f"Dutch text outside lang=nl on English pages: {left}"
    assert found == set(DUTCH_CONTENT), set(DUTCH_CONTENT) - found
