"""The residency page is kept per residency, audience and page of the log (issue 11): a warm
signed-in request runs at most two queries, the same at 10 and 1,000 log entries, for the resident,
a member of the host partner and a member of another partner of the deal; a partner who may not read
the entries for home and host only never gets them, whichever audience warmed the cache first; a
visitor who is not signed in is sent to sign in and a member of no partner gets a 404; and a write
(a log entry, a knelpunt, a handrem, a closed concern, the end of the residency) shows at once. A
cold page (after a write) runs as many queries at both sizes; the page shows the first concerns (a
handrem first), the residency's list of concerns all of them, twenty a page, for the partners only."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.tests.factories import DealPartnerFactory
from reisgids.caching import bump, bump_for
from reisgids.tests.factories import MembershipFactory, OrganisationFactory
from residence import services
from residence.apps import PAGES_NAMESPACE
from residence.models import Concern, LogEntry
from residence.selectors import CONCERNS_ON_PAGE
from residence.tests.factories import ConcernFactory, LogEntryFactory, ResidencyFactory
from residence.tests.test_query_bounds import seed

pytestmark = pytest.mark.django_db

PRIVATE = "Alleen voor thuis en gastpartner: de wachtlijst loopt op."
PUBLIC = "Voor alle partners: het wijkcafé draait goed."
WARM_QUERIES = 2


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def residency():
    residency = ResidencyFactory()
    LogEntryFactory(residency=residency, text=PRIVATE, pair_only=True)
    LogEntryFactory(residency=residency, text=PUBLIC)
    return residency


def viewers(residency):
    other = DealPartnerFactory(deal=residency.deal, organisation=OrganisationFactory()).organisation
    return {
        "resident": residency.person,
        "host": MembershipFactory(organisation=residency.host_partner).user,
        "partner": MembershipFactory(organisation=other).user,
        "stranger": MembershipFactory(organisation=OrganisationFactory()).user,
    }


def page(client, residency, **params):
    response = client.get(residency.get_absolute_url(), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html  # every personal part (slot) is filled
    return html


def warm_queries(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["resident", "host", "partner"])
def test_a_warm_page_runs_at_most_two_queries_at_10_and_1000_entries(who):
    residency = ResidencyFactory()
    client = signed_in(viewers(residency)[who])
    url = residency.get_absolute_url()
    seed(residency, entries=10, concerns=1)
    small = warm_queries(client, url)
    seed(residency, entries=1000, concerns=20)
    large = warm_queries(client, url)
    assert small == large <= WARM_QUERIES, (small, large)
    assert warm_queries(client, url + "?page=7") == small


def test_not_signed_in_is_sent_to_sign_in_and_a_stranger_gets_404(residency):
    people = viewers(residency)
    page(signed_in(people["host"]), residency)  # warm
    response = Client().get(residency.get_absolute_url())
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert signed_in(people["stranger"]).get(residency.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("first", ["host", "partner"])
def test_entries_for_home_and_host_never_reach_another_partner_whoever_warmed_the_cache(residency, first):
    people = viewers(residency)
    order = [first, "partner" if first == "host" else "host"]
    for _round in range(2):
        for who in order:
            html = page(signed_in(people[who]), residency)
            assert PUBLIC in html
            assert (PRIVATE in html) is (who == "host")


def test_only_the_resident_gets_the_resident_buttons_and_only_the_author_the_change_link(residency):
    people = viewers(residency)
    for _round in range(2):
        resident = page(signed_in(people["resident"]), residency)
        host = page(signed_in(people["host"]), residency)
        assert "logboek/nieuw/" in resident and "logboek/nieuw/" not in host
        assert "/bewerken/" in resident and "/bewerken/" not in host


def test_a_planned_residency_shows_the_confirm_form_with_the_viewers_own_token():
    residency = ResidencyFactory(planned=True)
    beheerder = MembershipFactory(organisation=residency.host_partner, beheerder=True).user
    member = MembershipFactory(organisation=residency.host_partner).user
    for _round in range(2):
        client = signed_in(beheerder)
        html = page(client, residency)
        assert "bevestigen/" in html
        token = client.cookies["csrftoken"].value
        assert 'name="csrfmiddlewaretoken"' in html and token
        assert "bevestigen/" not in page(signed_in(member), residency)


def test_writes_show_at_once(residency):
    people = viewers(residency)
    resident, partner = signed_in(people["resident"]), signed_in(people["partner"])
    page(resident, residency), page(partner, residency)  # warm both audiences
    services.entry_create(
        residency=residency,
        actor=people["resident"],
        date=timezone.localdate(),
        kind=LogEntry.Kind.OBSERVATION,
        text="Nieuwe logregel van vandaag.",
        visibility=LogEntry.Visibility.ALL,
    )
    assert "Nieuwe logregel van vandaag." in page(partner, residency)
    for severity, title in (
        (Concern.Severity.PROBLEM, "Knelpunt: geen ruimte"),
        (Concern.Severity.HANDREM, "Handrem: stop"),
    ):
        services.concern_raise(
            residency=residency,
            actor=people["partner"],
            title=title,
            severity=severity,
            owner=residency.host_partner,
        )
        assert title in page(resident, residency)
        assert title in page(partner, residency)


def test_a_partner_that_leaves_the_deal_loses_the_page_at_once(residency):
    people = viewers(residency)
    client = signed_in(people["partner"])
    page(client, residency)
    partnership = residency.deal.partners.get(organisation__memberships__user=people["partner"])
    partnership.status = partnership.Status.DECLINED
    partnership.save()
    assert client.get(residency.get_absolute_url()).status_code == 404


def test_a_page_number_out_of_range_or_not_a_number_gives_a_page_of_the_log(residency):
    client = signed_in(residency.person)
    for number in ("999999", "abc", "-3"):
        assert PUBLIC in page(client, residency, page=number)


def cold_queries(client, url):
    """The queries of a request with the residency's kept parts outdated (what a write causes)."""
    assert client.get(url).status_code == 200
    bump(PAGES_NAMESPACE)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["resident", "partner"])
def test_a_cold_page_and_list_of_concerns_run_as_many_queries_at_10_and_1000_entries(who):
    residency = ResidencyFactory()
    client = signed_in(viewers(residency)[who])
    urls = [residency.get_absolute_url(), residency.get_absolute_url() + "?page=3", concerns_url(residency)]
    seed(residency, entries=10, concerns=1)
    small = [cold_queries(client, url) for url in urls]
    seed(residency, entries=1000, concerns=50)
    large = [cold_queries(client, url) for url in urls]
    assert small == large, (small, large)


def concerns_url(residency):
    return reverse("residence:concerns", args=[residency.pk])


def concern_titles(html):
    return re.findall(r">(Knelpunt \d+|Handrem \d+)</a>", html)


def test_the_page_shows_the_first_concerns_a_handrem_first_and_the_list_has_them_all(residency):
    ConcernFactory.create_batch(24, residency=residency, old=True)
    ConcernFactory.create_batch(3, residency=residency, closed=True)
    ConcernFactory(residency=residency, handrem=True, title="Handrem 1")  # the newest
    client = signed_in(residency.person)
    html = page(client, residency)
    shown = concern_titles(html)
    assert len(shown) == CONCERNS_ON_PAGE and shown[0] == "Handrem 1"
    assert concerns_url(residency) in html and "Alle 28 knelpunten" in html
    listed = []
    for number in (1, 2):
        response = client.get(concerns_url(residency), {"page": number})
        assert response.status_code == 200 and "\x00" not in response.content.decode()
        listed += concern_titles(response.content.decode())
    assert len(listed) == len(set(listed)) == 28 and listed[:CONCERNS_ON_PAGE] == shown
    for wrong in ("999999", "abc", "-3"):
        assert concern_titles(client.get(concerns_url(residency), {"page": wrong}).content.decode())


@pytest.mark.parametrize("first", ["partner", "stranger"])
def test_the_list_of_concerns_is_for_the_partners_only_whoever_warmed_it(residency, first):
    ConcernFactory(residency=residency, title="Knelpunt 77")
    people = viewers(residency)
    order = [first, "stranger" if first == "partner" else "partner"]
    for _round in range(2):
        for who in order:
            response = signed_in(people[who]).get(concerns_url(residency))
            if who == "partner":
                assert response.status_code == 200 and "Knelpunt 77" in response.content.decode()
            else:
                assert response.status_code == 404
    response = Client().get(concerns_url(residency))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_ending_the_residency_and_closing_a_concern_show_at_once(residency):
    people = viewers(residency)
    concern = ConcernFactory(residency=residency, title="Knelpunt 88")
    resident, partner = signed_in(people["resident"]), signed_in(people["partner"])
    for client in (resident, partner):
        assert "Knelpunt 88" in page(client, residency)
        assert ", open, " in client.get(concerns_url(residency)).content.decode().lower()
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.CLOSED)
    bump_for(Concern)  # as the bulk writers do
    for client in (resident, partner):
        assert "Knelpunt 88</a> — Knelpunt, Gesloten" in client.get(concerns_url(residency)).content.decode()
    services.residency_end(residency=residency, actor=people["resident"], end_note="Klaar.")
    for client in (resident, partner):
        html = page(client, residency)
        assert "Beëindigd" in html and "Klaar." in html and "logboek/nieuw/" not in html


def test_the_resident_gets_the_change_links_and_buttons_in_the_language_of_the_page(residency):
    client = signed_in(residency.person)
    entry = residency.entries.get(text=PUBLIC)
    english_url = "/en" + residency.get_absolute_url()
    # the links are made once per process and language: Dutch twice, then English (which the site
    # then remembers for the user) twice
    for _round in range(2):
        dutch = page(client, residency)
        assert f'href="/residentie/logboek/{entry.pk}/bewerken/">Wijzigen<' in dutch
        assert "Nieuwe logboekregel" in dutch
    for _round in range(2):
        response = client.get(english_url)
        assert response.status_code == 200
        english = response.content.decode()
        assert f'href="/en/residentie/logboek/{entry.pk}/bewerken/">Change<' in english
        assert "New log entry" in english and "Wijzigen" not in english
