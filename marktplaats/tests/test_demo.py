"""seed_demo loads the marktplaats demo listings, idempotently, and the DoorDeWijks vraag matches
VoorGoed Agency's aanbod."""

import pytest
from django.core.management import call_command

from marktplaats import selectors
from marktplaats.models import Listing

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_listings_of_the_issue_once(demo_data):
    call_command("seed_demo", verbosity=0)
    titles = set(Listing.objects.values_list("title", flat=True))
    assert titles == {
        "Hulp gezocht bij onze subsidieaanvraag",
        "Coaching bij je businessplan",
        "Vergaderruimte voor tien personen",
        "Voucher: een ambtenaar naar keuze",
        "Woningcorporatie gezocht voor Wonen en zorg onder één dak",
    }
    assert Listing.objects.get(title__startswith="Voucher").vouchers_total == 5
    assert (
        Listing.objects.get(title__startswith="Woningcorporatie").deal.slug == "wonen-en-zorg-onder-een-dak"
    )
    vraag = Listing.objects.get(title="Hulp gezocht bij onze subsidieaanvraag")
    assert vraag.organisation.slug == "doordewijks"
    matches = selectors.matches_for(vraag)
    assert matches[0].title == "Coaching bij je businessplan"
    assert "zelfde wijk" in [str(r) for r in matches[0].match_reasons]
