"""Listings and reports in /beheer/ are read-only for everyone, superusers included (issue 10,
item 6): a listing changes only through ``marktplaats.services`` on the site."""

import pytest
from django.urls import reverse

from marktplaats.models import Listing
from marktplaats.tests.factories import ListingFactory
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client

pytestmark = pytest.mark.django_db


def url(view, pk=None):
    return reverse(f"wagtailsnippets_marktplaats_listing:{view}", args=[pk] if pk else [])


@pytest.mark.parametrize("superuser", [False, True], ids=["network manager", "superuser"])
def test_a_listing_is_seen_but_not_changed_added_or_deleted_in_beheer(client, superuser):
    staff_client(client, "marktplaats.view_listing", group=NETWORK_MANAGERS_GROUP, superuser=superuser)
    listing = ListingFactory(title="Hulp gezocht bij de moestuin")

    assert client.get(url("inspect", listing.pk)).status_code == 200
    data = {"title": "Anders", "kind": "aanbod", "status": "verborgen", "description": "X"}
    for address in (url("edit", listing.pk), url("add"), url("delete", listing.pk)):
        response = client.post(address, data)
        assert response.status_code in (302, 403), address
        assert response.status_code == 403 or "/beheer/snippets/" not in response["Location"], address

    assert list(Listing.objects.values_list("title", "status")) == [(listing.title, listing.status)]
