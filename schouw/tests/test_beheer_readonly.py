"""Observations and appraisals, also those of invited outsiders, are read-only in /beheer/: an
ambtenaar reads them, nobody (a superuser neither) adds, edits or deletes one there, and staff
without the right do not even read them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reisgids.roles import CIVIL_SERVANTS_GROUP, CONTENT_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from schouw.models import Appraisal, Criterion, Observation, Participant, Schouw
from schouw.tests.factories import schouw_in

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase
READ = ("schouw.view_observation", "schouw.view_appraisal", "schouw.view_schouw")


def outsiders_work():
    schouw, _actor, _deal, _members = schouw_in(Ph.APPRAISAL)
    peer = Participant.objects.create(
        schouw=schouw,
        kind=Participant.Kind.choices[0][0],
        name="Ayşe Peer",
        email="ayse@example.nl",
        token_hash="x" * 64,
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    observation = Observation.objects.create(
        schouw=schouw, text="Wat ik zag: de buurtkamer zat vol", tone="positief", expectation="verwacht"
    )
    criterion = Criterion.objects.filter(partner__schouw=schouw).first()
    appraisal = Appraisal.objects.create(criterion=criterion, participant=peer, text="Sterk werk", score=4)
    return observation, appraisal


def address(obj, view):
    meta = obj._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{view}", args=[obj.pk])


def list_address(model, view="list"):
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{view}")


@pytest.mark.parametrize("superuser", [False, True], ids=["ambtenaar", "superuser"])
def test_observations_and_appraisals_are_read_but_never_changed_in_beheer(client, superuser):
    staff_client(client, *READ, group=CIVIL_SERVANTS_GROUP, superuser=superuser)
    observation, appraisal = outsiders_work()
    for obj, text in ((observation, observation.text), (appraisal, appraisal.text)):
        assert client.get(list_address(type(obj))).status_code == 200
        inspect = client.get(address(obj, "inspect"))
        assert inspect.status_code == 200 and text in inspect.content.decode()
        for view, data in (("edit", {"text": "Veranderd"}), ("delete", {})):
            response = client.post(address(obj, view), data)
            assert response.status_code in (302, 403, 404)
            assert response.status_code != 302 or "/beheer/snippets/" not in response["Location"]
        response = client.post(list_address(type(obj), "add"), {"text": "Nieuw"})
        assert response.status_code in (302, 403, 404)
        obj.refresh_from_db()
        assert obj.text == text
    assert Observation.objects.count() == 1 and Appraisal.objects.count() == 1


def test_staff_without_the_right_do_not_read_them(client):
    staff_client(client, group=CONTENT_MANAGERS_GROUP)
    observation, appraisal = outsiders_work()
    for obj in (observation, appraisal):
        for url in (list_address(type(obj)), address(obj, "inspect")):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert response.get("Location", "") != url
            assert obj.text not in response.content.decode()
