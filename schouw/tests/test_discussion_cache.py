"""The bespreking is kept per schouw (issue 11): a warm request of a participant (a member of a
partner, or an ambtenaar through the group the cached user carries) runs at most two queries, the
same with 2 partners and 5 participants as with 20 and 100; someone who does not take part never gets
it, whoever warmed the cache first; not signed in goes to sign in; a write (a lesson, the bespreking,
a revised agreement, an appraisal, a phase change) shows at once; every form carries the viewer's own
CSRF token. A cold bespreking (after a write) runs as many queries at both sizes, and shows its
appraisal texts fifty a page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reisgids.caching import bump
from reisgids.tests.factories import MembershipFactory, OrganisationFactory
from schouw import services
from schouw.apps import PAGES_NAMESPACE
from schouw.models import Appraisal, Criterion, Lesson, Schouw
from schouw.tests.factories import civil_servant, first_members, schouw_in
from schouw.tests.test_query_bounds import build

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase
WARM_QUERIES = 2
CONCLUSION = "Goed samengewerkt"  # written in the bespreking by schouw_in


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def url(schouw):
    return reverse("schouw:discussion", args=[schouw.pk])


def page(client, schouw):
    response = client.get(url(schouw))
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html
    return html


def warm_queries(client, schouw):
    page(client, schouw)
    with CaptureQueriesContext(connection) as captured:
        page(client, schouw)
    return len(captured)


@pytest.mark.parametrize("who", ["partner", "ambtenaar"])
def test_a_warm_bespreking_runs_at_most_two_queries_at_both_sizes(who):
    counts = []
    ambtenaar = civil_servant()
    for partners, participants in ((2, 5), (20, 100)):
        schouw, viewer, _token = build(partners, participants, f"w{partners}")
        Schouw.objects.filter(pk=schouw.pk).update(phase=Ph.DISCUSSION)
        counts.append(warm_queries(signed_in(viewer if who == "partner" else ambtenaar), schouw))
    assert counts[0] == counts[1] <= WARM_QUERIES, counts


@pytest.mark.parametrize("first", ["participant", "stranger"])
def test_someone_who_does_not_take_part_never_gets_the_bespreking(first):
    schouw, _actor, _deal, members = schouw_in(Ph.DISCUSSION)
    participant = signed_in(first_members(members)[0])
    stranger = signed_in(MembershipFactory(organisation=OrganisationFactory()).user)
    for _round in range(2):
        for who in (first, "stranger" if first == "participant" else "participant"):
            if who == "participant":
                assert CONCLUSION in page(participant, schouw)
            else:
                assert stranger.get(url(schouw)).status_code == 404
    response = Client().get(url(schouw))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_every_form_carries_a_token_that_the_viewers_own_post_passes_with():
    schouw, _actor, _deal, members = schouw_in(Ph.DISCUSSION)
    for number, user in enumerate(first_members(members)[:2]):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = page(client, schouw)
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
        assert len(tokens) >= 3 and all(re.fullmatch("[A-Za-z0-9]{64}", t) for t in tokens)
        title = f"Les {number}"
        response = client.post(
            reverse("schouw:lesson", args=[schouw.pk]),
            {
                "csrfmiddlewaretoken": tokens[-1],
                "title": title,
                "text": "Uitleg.",
                "kind": Lesson.Kind.values[0],
            },
        )
        assert response.status_code == 302, response.status_code
        assert title in page(client, schouw)


def test_writes_show_at_once():
    schouw, _actor, _deal, members = schouw_in(Ph.DISCUSSION)
    person = first_members(members)[0]
    client = signed_in(person)
    page(client, schouw)  # warm
    services.lesson_add(
        schouw=schouw, actor=person, title="Korte lijnen werken", text="Uitleg.", kind=Lesson.Kind.values[0]
    )
    assert "Korte lijnen werken" in page(client, schouw)
    response = client.post(
        url(schouw), {"goes_well": "Nieuwe conclusie van de bespreking", "can_improve": ""}
    )
    assert response.status_code == 302
    assert "Nieuwe conclusie van de bespreking" in page(client, schouw)
    services.agreement_revise(schouw=schouw, actor=person, agreements="Elke week overleg.", reason="Beter.")
    assert "Elke week overleg." in page(client, schouw)


def test_a_participant_whose_schouw_partnership_goes_loses_the_page_at_once():
    schouw, _actor, _deal, members = schouw_in(Ph.DISCUSSION)
    person = first_members(members)[0]
    client = signed_in(person)
    page(client, schouw)
    schouw.partners.filter(organisation__memberships__user=person).delete()
    assert client.get(url(schouw)).status_code == 404


def cold_queries(client, schouw, **params):
    """The queries of a request with the bespreking's kept parts outdated (what a write causes)."""
    page(client, schouw)
    bump(PAGES_NAMESPACE)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(schouw), params).status_code == 200
    return len(captured)


def test_a_cold_bespreking_runs_as_many_queries_at_both_sizes():
    ambtenaar = civil_servant()
    counts = []
    for partners, participants in ((2, 5), (20, 100)):
        schouw, viewer, _token = build(partners, participants, f"c{partners}")
        Schouw.objects.filter(pk=schouw.pk).update(phase=Ph.DISCUSSION)
        counts.append([cold_queries(signed_in(who), schouw) for who in (viewer, ambtenaar)])
        counts[-1].append(cold_queries(signed_in(viewer), schouw, page=3))
    assert counts[0] == counts[1], counts


def texts(html):
    return re.findall(r"Toelichting (\d+)\b", html)


def test_the_appraisal_texts_are_paged_and_every_page_is_bounded():
    schouw, viewer, _token = build(2, 30, "pages")  # 2 partners x 2 criteria x 30 = 120 appraisals
    Schouw.objects.filter(pk=schouw.pk).update(phase=Ph.DISCUSSION)
    for number, appraisal in enumerate(Appraisal.objects.filter(criterion__partner__schouw=schouw)):
        appraisal.text = f"Toelichting {number}"
        appraisal.save(update_fields=["text"])
    client = signed_in(viewer)
    seen = []
    for number in (1, 2, 3):
        html = client.get(url(schouw), {"page": number}).content.decode()
        assert len(texts(html)) == (50 if number < 3 else 20)
        seen += texts(html)
    assert sorted(seen, key=int) == [str(n) for n in range(120)]
    assert texts(page(client, schouw)) == texts(client.get(url(schouw), {"page": "1"}).content.decode())
    for wrong in ("999999", "abc", "-3"):  # a page of the texts, not an error or a new cache entry
        html = client.get(url(schouw), {"page": wrong}).content.decode()
        assert len(texts(html)) in (50, 20)
    # the page links of a kept page carry nothing of the query string of whoever warmed it
    bump(PAGES_NAMESPACE)
    html = client.get(url(schouw), {"page": "2", "x": "<script>"}).content.decode()
    texts_part = html.split('id="texts-heading"')[1].split("</section>")[0]
    assert "?page=3" in texts_part and "x=" not in texts_part and "script" not in texts_part


def test_a_phase_change_and_a_new_appraisal_show_at_once():
    schouw, actor, _deal, members = schouw_in(Ph.DISCUSSION)
    participant, ambtenaar = signed_in(first_members(members)[0]), signed_in(actor)
    for client in (participant, ambtenaar):
        assert "Bespreking opslaan" in page(client, schouw)
    criterion = Criterion.objects.filter(partner__schouw=schouw).first()
    Appraisal.objects.create(criterion=criterion, author=actor, text="Een late waardering", score=2)
    assert "Een late waardering" in "".join(
        page(participant, schouw) + participant.get(url(schouw), {"page": n}).content.decode()
        for n in range(2, 5)
    )
    services.schouw_to_report(schouw=schouw, actor=actor)
    for client in (participant, ambtenaar):
        html = page(client, schouw)
        assert "Bespreking opslaan" not in html and CONCLUSION in html
