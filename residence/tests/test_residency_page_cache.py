"""The residency page is kept per residency, audience and page of the log (issue 11): a warm
signed-in request runs at most two queries, the same at 10 and 1,000 log entries, for the resident,
a member of the host partner and a member of another partner of the deal; a partner who may not read
the entries for home and host only never gets them, whichever audience warmed the cache first; a
visitor who is not signed in is sent to sign in and a member of no partner gets a 404; and a write
(a log entry, a knelpunt, a handrem, a side activity) shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deals.tests.factories import DealPartnerFactory
from reisgids.tests.factories import MembershipFactory, OrganisationFactory
from residence import services
from residence.models import Concern, LogEntry
from residence.tests.factories import LogEntryFactory, ResidencyFactory
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
