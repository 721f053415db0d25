"""/beheer/ shows residencies, concerns, log entries and side activities read-only: staff with every
Django permission, superusers included, can view them and can add, change or delete none (their
state changes only through ``residence.services``); people without admin rights see nothing."""

import pytest
from django.urls import reverse

from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from residence.models import Activity, Concern, LogEntry, Residency
from residence.tests.factories import ActivityFactory, ConcernFactory, LogEntryFactory

pytestmark = pytest.mark.django_db

MODELS = ("residency", "concern", "logentry", "activity")
PERMISSIONS = [
    f"residence.{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")
]


def url(model, view, pk=None):
    return reverse(f"wagtailsnippets_residence_{model}:{view}", args=[pk] if pk else [])


@pytest.fixture
def rows():
    concern = ConcernFactory(title="Wachtlijst")
    entry = LogEntryFactory(residency=concern.residency, text="Werkbezoek")
    activity = ActivityFactory(residency=concern.residency)
    return {"residency": concern.residency, "concern": concern, "logentry": entry, "activity": activity}


@pytest.mark.parametrize("superuser", [False, True], ids=["network manager", "superuser"])
def test_staff_view_but_add_change_or_delete_nothing(client, rows, superuser):
    staff_client(client, *PERMISSIONS, group=NETWORK_MANAGERS_GROUP, superuser=superuser)
    for model in MODELS:
        assert client.get(url(model, "list")).status_code == 200, model
        inspect = client.get(url(model, "inspect", rows[model].pk))
        assert inspect.status_code == 200, model
        if model == "residency":  # the time per week as the site says it, in the list and in full
            assert "8 uur per week" in inspect.content.decode()
            assert "8 uur per week" in client.get(url(model, "list")).content.decode()
        for view, args in (("edit", rows[model].pk), ("delete", rows[model].pk), ("add", None)):
            response = client.post(url(model, view, args), {"status": "gesloten", "title": "X", "text": "X"})
            assert response.status_code in (302, 403), (model, view)
            assert response.status_code == 403 or "/beheer/snippets/" not in response["Location"], (
                model,
                view,
            )
    assert Concern.objects.get().status == Concern.Status.OPEN and Concern.objects.get().title == "Wachtlijst"
    assert Residency.objects.get().status == Residency.Status.ACTIVE
    assert LogEntry.objects.get().text == "Werkbezoek"
    assert Activity.objects.count() == 1


def test_a_partner_without_admin_rights_sees_nothing_in_beheer(client, rows):
    client.force_login(rows["residency"].person)
    for model in MODELS:
        for view, args in (("list", None), ("inspect", rows[model].pk)):
            response = client.get(url(model, view, args))
            assert response.status_code in (302, 403), (model, view)
            if response.status_code == 302:
                assert "/beheer/login/" in response["Location"], (model, view)
