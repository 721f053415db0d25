"""The directory listings come from the fragment cache, and every change to the directory is
visible on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reisgids.management.commands.seed_bulk import seed_bulk
from reisgids.models import Organisation
from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    InstrumentFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def page(client, path):
    return client.get(path).content.decode()


def test_a_repeated_request_is_served_without_directory_queries(client):
    OrganisationFactory.create_batch(3)
    page(client, "/partijen/?kind=initiatief")
    with CaptureQueriesContext(connection) as queries:
        assert "Organisatie" in page(client, "/partijen/?kind=initiatief")
    assert len(queries) == 0


@pytest.mark.parametrize("path", ["/partijen/", "/aanspreekpunten/", "/instrumenten/"])
def test_new_and_changed_entries_show_on_the_next_request(client, path):
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    if path == "/partijen/":
        make = lambda name: OrganisationFactory(name=name)  # noqa: E731
    elif path == "/aanspreekpunten/":
        make = lambda name: ContactPointFactory(name=name)  # noqa: E731
    else:
        make = lambda name: InstrumentFactory(name=name)  # noqa: E731
    first = make("Eerste vermelding")
    assert "Eerste vermelding" in page(client, path)
    make("Tweede vermelding")
    assert "Tweede vermelding" in page(client, path)
    first.name = "Hernoemde vermelding"
    first.save()
    html = page(client, path)
    assert "Hernoemde vermelding" in html and "Eerste vermelding" not in html
    assert "Hernoemde vermelding" not in page(client, f"{path}?theme=mantelzorg")
    first.themes.add(theme)
    assert "Hernoemde vermelding" in page(client, f"{path}?theme=mantelzorg")
    first.delete()
    assert "Hernoemde vermelding" not in page(client, path)


def test_a_new_area_appears_in_the_filter_options(client):
    page(client, "/partijen/")
    AreaFactory(name="Nieuw Gebied", slug="nieuw-gebied")
    assert "Nieuw Gebied" in page(client, "/partijen/")


def test_bulk_seeding_is_visible_although_it_sends_no_signals(client, django_capture_on_commit_callbacks):
    ThemeFactory(slug="mantelzorg", name="Mantelzorg")
    AreaFactory(slug="delfshaven", name="Delfshaven")
    before = page(client, "/partijen/")
    with django_capture_on_commit_callbacks(execute=True):
        seed_bulk(scale=5)
    assert Organisation.objects.count() == 5
    assert page(client, "/partijen/") != before


def test_each_language_and_query_string_has_its_own_entry(client):
    OrganisationFactory(name="Buurtkracht", kind=Organisation.Kind.INITIATIEF)
    assert "Bewonersinitiatief" in page(client, "/partijen/")
    assert "Citizen initiative" in page(client, "/en/partijen/")
    assert "Bewonersinitiatief" in page(client, "/partijen/")
    assert "Buurtkracht" not in page(client, "/partijen/?kind=fonds")


def test_an_organisation_page_is_kept_for_anonymous_visitors_and_shows_every_change(client):
    from django.test import Client

    from reisgids.tests.factories import MembershipFactory

    organisation = OrganisationFactory(name="Buurtkamer De Linde", summary="Koffie en een luisterend oor.")
    url = organisation.get_absolute_url()
    assert "Koffie en een luisterend oor." in page(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert "Buurtkamer De Linde" in page(client, url)
    assert len(queries) == 0

    Organisation.objects.filter(pk=organisation.pk).update(summary="Zonder signaal")  # no signal
    assert "Koffie en een luisterend oor." in page(client, url)  # so still the kept page
    organisation.summary = "Elke dinsdag open."
    organisation.save()
    assert "Elke dinsdag open." in page(client, url)
    ContactPointFactory(organisation=organisation, name="Fatima El Amrani")
    assert "Fatima El Amrani" in page(client, url)

    # A member gets their own page with their buttons; anonymous visitors never see those.
    member = Client()
    member.force_login(MembershipFactory(organisation=organisation).user)
    assert "Profiel bewerken" in page(member, url)
    assert "Profiel bewerken" not in page(client, url)
    assert client.get("/partijen/bestaat-niet/").status_code == 404


def test_clearing_the_cache_leaves_other_keys_on_the_server_alone():
    """Clearing deletes this installation's keys only: the shared Redis also holds Celery's queue (a
    task waiting there is a mail not yet sent) and the keys of other installations and test runs.
    Django's own clear flushed the whole database, so a test that cleared its cache emptied the
    page cache of the test process beside it."""
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    outside = f"celery-probe-{cache.key_prefix}"
    client.rpush(outside, "a task")
    try:
        cache.set("kept-page", "html")
        cache.set("kept-version", 3, version=2)
        assert cache.clear() is True
        assert cache.get("kept-page") is None
        assert cache.get("kept-version", version=2) is None
        assert client.lrange(outside, 0, -1) == [b"a task"]
    finally:
        client.delete(outside)
