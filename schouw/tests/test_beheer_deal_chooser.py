"""The deal of a new schouw in /beheer/ is chosen by typing its title (``reisgids.forms.ChooserField``),
not from a select of every running deal: the plan form and the edit form of a schouw run the same
number of queries with 5 and with 500 running deals and list none of them; only running deals can be
chosen; only ambtenaren can use the form, other staff and members are refused and nothing is saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deals.models import Deal
from reisgids.roles import CIVIL_SERVANTS_GROUP, CONTENT_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import UserFactory
from schouw.models import Schouw
from schouw.tests.factories import running_deal, schouw_in

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase
CREATE = "/beheer/schouw/nieuw/"
RUNNING = (Deal.Status.CLOSED, Deal.Status.KICKOFF, Deal.Status.RUNNING)


def more_deals(count, *, start=0, status=Deal.Status.RUNNING, title="Buurtdeal"):
    return Deal.objects.bulk_create(
        Deal(
            title=f"{title} {i:04d}",
            slug=f"{title.lower()}-{i:04d}",
            goal="Samen zorgen",
            idea="Een idee",
            status=RUNNING[i % 3] if status is None else status,
        )
        for i in range(start, start + count)
    )


def ambtenaar(client):
    return staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def test_the_plan_and_edit_forms_list_no_deals_and_run_the_same_queries_at_5_and_500_deals(client):
    deal, _members = running_deal(partners=2, title="Respijt voor mantelzorgers")
    schouw, *_ = schouw_in(Ph.PLANNED, deal=deal, members=_members)
    ambtenaar(client)
    urls = [
        CREATE,
        f"{CREATE}?deal={deal.pk}",
        reverse("wagtailsnippets_schouw_schouw:edit", args=[schouw.pk]),
    ]
    more_deals(4, status=None)
    for url in urls:
        client.get(url)  # warm: sessions, content types, Wagtail's own caches
    small = {url: queries_of(client, url) for url in urls}
    more_deals(495, start=4, status=None)
    large = {url: queries_of(client, url) for url in urls}
    assert Deal.objects.filter(status__in=RUNNING).count() == 500
    for url in urls:
        assert large[url][0] == small[url][0], url
        assert "Buurtdeal" not in large[url][1], url
        assert large[url][1].count("<option") < 50, url
    # The deal asked for in the address is filled in as its shown choice.
    assert f'value="Respijt voor mantelzorgers (#{deal.pk})"' in large[f"{CREATE}?deal={deal.pk}"][1]


def test_an_ambtenaar_chooses_a_running_deal_by_its_title(client):
    deal, _members = running_deal(partners=2, title="Respijt voor mantelzorgers")
    more_deals(30)
    user = ambtenaar(client)
    data = {"kind": "schouw", "title": "Schouw voorjaar", "planned_for": "2026-12-15"}
    response = client.post(CREATE, {**data, "deal": "respijt voor mantelzorgers"})
    assert response.status_code == 302, response.content.decode()[:2000]
    schouw = Schouw.objects.get()
    assert (schouw.deal, schouw.coordinator) == (deal, user)
    assert set(schouw.partners.values_list("organisation", flat=True)) == set(_members)


def test_an_ambiguous_unknown_or_not_running_deal_is_refused_in_dutch_and_nothing_is_saved(client):
    more_deals(30)
    stopped = more_deals(1, start=100, status=Deal.Status.STOPPED, title="Gestopte")[0]
    ambtenaar(client)
    data = {"kind": "schouw", "title": "Schouw voorjaar", "planned_for": "2026-12-15"}

    response = client.post(CREATE, {**data, "deal": "Buurtdeal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Meerdere passen bij “Buurtdeal”: kies er een uit de suggesties." in html
    assert 'value="Buurtdeal"' in html  # what was typed is kept
    assert html.count('<option value="Buurtdeal ') == 20  # at most 20 suggestions

    for typed in (f"Gestopte 0100 (#{stopped.pk})", str(stopped.pk), "Onbekende deal"):
        response = client.post(CREATE, {**data, "deal": typed})
        assert response.status_code == 200 and "Niets gevonden voor" in response.content.decode(), typed
    assert not Schouw.objects.exists()


@pytest.mark.parametrize("who", ["content manager", "member", "anonymous"])
def test_who_is_not_an_ambtenaar_cannot_open_or_use_the_plan_form(client, who):
    deal, _members = running_deal(partners=2, title="Respijt voor mantelzorgers")
    if who == "content manager":
        staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CONTENT_MANAGERS_GROUP)
    elif who == "member":
        client.force_login(next(iter(_members.values()))[0])
    else:
        UserFactory()
    response = client.get(f"{CREATE}?deal={deal.pk}")
    # Wagtail turns a refusal into a redirect (to the dashboard or to the login page).
    assert response.status_code in (302, 403) and response.get("Location", "") != CREATE
    assert "Respijt voor mantelzorgers" not in response.content.decode()
    data = {
        "kind": "schouw",
        "title": "Schouw",
        "deal": "Respijt voor mantelzorgers",
        "planned_for": "2026-12-15",
    }
    response = client.post(CREATE, data)
    assert response.status_code in (302, 403)
    assert not Schouw.objects.exists()
