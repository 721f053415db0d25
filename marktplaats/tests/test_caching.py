"""The marktplaats' fragment cache: the list and the listing pages come from the cache, and every
change that shows on them (a new or changed listing, a voucher claim, a hidden listing, a new match)
is visible on the next request. Matching scores a bounded set of candidates."""

import pytest
from django.utils import timezone

from marktplaats import selectors, services
from marktplaats.models import Listing
from marktplaats.tests.factories import ListingFactory, member_of
from reisgids.tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = "/marktplaats/"


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_list_shows_new_and_changed_listings_after_it_was_cached(client, django_assert_num_queries):
    first = ListingFactory(title="Eerste vraag")
    assert "Eerste vraag" in html(client, LIST)
    with django_assert_num_queries(0):  # served from the cache
        assert "Eerste vraag" in html(client, LIST)
    ListingFactory(title="Tweede vraag")
    assert "Tweede vraag" in html(client, LIST)
    services.listing_withdraw(actor=member_of(first.organisation), listing=first)
    assert "Eerste vraag" not in html(client, LIST)


def test_anonymous_listing_page_follows_claims_new_matches_and_hiding(client, django_assert_num_queries):
    theme = ThemeFactory(name="Armoede")
    vraag = ListingFactory(themes=[theme])
    aanbod = ListingFactory(aanbod=True, vouchers_total=2, themes=[theme], title="Twee vouchers")
    assert "Nog 2 van de 2 vouchers over" in html(client, aanbod.get_absolute_url())
    with django_assert_num_queries(0):
        assert "Nog 2 van de 2 vouchers over" in html(client, aanbod.get_absolute_url())
    claimer = OrganisationFactory()
    services.voucher_claim(actor=member_of(claimer), listing=aanbod, organisation=claimer)
    assert "Nog 1 van de 2 voucher over" in html(client, aanbod.get_absolute_url())

    assert "Twee vouchers" in html(client, vraag.get_absolute_url())
    assert "Nieuw aanbod" not in html(client, vraag.get_absolute_url())
    ListingFactory(aanbod=True, themes=[theme], title="Nieuw aanbod")
    assert "Nieuw aanbod" in html(client, vraag.get_absolute_url())

    aanbod.hidden_at = timezone.now()
    aanbod.save(update_fields=["hidden_at"])
    assert client.get(aanbod.get_absolute_url()).status_code == 404
    assert "Twee vouchers" not in html(client, vraag.get_absolute_url())


def test_signed_in_member_gets_its_own_page_not_the_visitors_one(client):
    listing = ListingFactory()
    assert "Vraag of aanbod bewerken" not in html(client, listing.get_absolute_url())
    client.force_login(member_of(listing.organisation))
    assert "Vraag of aanbod bewerken" in html(client, listing.get_absolute_url())


def test_matching_scores_the_newest_candidates_of_each_reason(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(selectors, "CANDIDATES_PER_REASON", 2)
    theme = ThemeFactory(name="Armoede")
    wijk = NeighbourhoodFactory(name="Bloemhof")
    vraag = ListingFactory(themes=[theme], neighbourhoods=[wijk])
    old_best = ListingFactory(
        aanbod=True, category=Listing.Category.RUIMTE, neighbourhoods=[wijk], themes=[theme]
    )
    old_category = ListingFactory(aanbod=True)  # same category, but two newer ones are candidates
    newer = [ListingFactory(aanbod=True) for _ in range(2)]
    vraag = Listing.objects.prefetch_related("themes", "areas", "neighbourhoods").get(pk=vraag.pk)
    with django_assert_num_queries(1):
        matches = selectors.matches_for(vraag)
    assert matches[0] == old_best  # wijk and theme: 5 points, found through the wijk's newest
    assert set(matches[1:]) == set(newer)
    assert old_category not in matches
