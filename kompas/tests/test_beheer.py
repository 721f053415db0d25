"""/beheer/ for the kompas: the bodies (gremia) are added and renamed through ``gremium_save`` (a
kompas editor only, audited), proposals and reviews can only be looked at, and the report of overdue
monitoring reviews lists what is overdue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kompas.models import Gremium, Proposal
from kompas.tests import factories as f
from reisgids import roles
from reisgids.tests.beheer import staff_client

pytestmark = pytest.mark.django_db
PERMISSIONS = (
    "kompas.add_gremium",
    "kompas.change_gremium",
    "kompas.view_gremium",
    "kompas.view_proposal",
    "kompas.change_proposal",
    "kompas.view_review",
)


def url(model, view, pk=None):
    return reverse(f"wagtailsnippets_kompas_{model}:{view}", args=[pk] if pk else [])


def test_a_kompas_editor_adds_a_body_through_the_service(client):
    user = staff_client(client, *PERMISSIONS, group="Kompasbeheer")
    roles.grant(user, roles.KOMPAS_EDITORS_GROUP)
    response = client.post(
        url("gremium", "add"), {"name": "Raadscommissie Wonen", "order": 5, "active": "on"}
    )
    assert response.status_code == 302
    gremium = Gremium.objects.get(name="Raadscommissie Wonen")
    assert ModelLogEntry.objects.filter(object_id=str(gremium.pk), action="kompas.gremium.save").exists()
    response = client.post(
        url("gremium", "add"), {"name": "raadscommissie wonen", "order": 6, "active": "on"}
    )
    assert response.status_code == 200
    assert Gremium.objects.filter(name__iexact="raadscommissie wonen").count() == 1


def test_staff_without_the_kompas_role_cannot_add_a_body(client):
    staff_client(client, *PERMISSIONS, group="Kompasbeheer")
    response = client.post(url("gremium", "add"), {"name": "Geheime raad", "order": 5, "active": "on"})
    # the service refuses: Wagtail's answer to a refusal, back to the dashboard with its message
    assert (response.status_code, response.url) == (302, "/beheer/")
    assert not Gremium.objects.filter(name="Geheime raad").exists()


def test_proposals_cannot_be_changed_in_beheer_and_overdue_reviews_are_listed(client):
    proposal = f.proposal(state=Proposal.Status.ADOPTED)
    review = proposal.measures.get().reviews.get()
    type(review).objects.filter(pk=review.pk).update(due=timezone.localdate() - datetime.timedelta(days=3))
    staff_client(client, *PERMISSIONS, group="Kompasbeheer")
    assert client.get(url("proposal", "list")).status_code == 200
    response = client.post(url("proposal", "edit", proposal.pk), {"title": "Anders", "status": "afgewezen"})
    assert response.status_code in (302, 403)
    assert Proposal.objects.get().status == Proposal.Status.ADOPTED
    listing = client.get(url("review", "list")).content.decode()
    assert proposal.measures.get().indicator in listing


def test_renaming_a_body_is_refused_to_staff_without_the_kompas_role_and_allowed_to_an_editor(client):
    gremium = Gremium.objects.create(name="Directie Zorg", order=5)
    staff_client(client, *PERMISSIONS, group="Kompasbeheer")
    response = client.post(url("gremium", "edit", gremium.pk), {"name": "Geheime raad", "order": 5})
    assert (response.status_code, response.url) == (302, "/beheer/")
    assert Gremium.objects.get(pk=gremium.pk).name == "Directie Zorg"
    assert not ModelLogEntry.objects.filter(action="kompas.gremium.save").exists()

    editor = staff_client(client, *PERMISSIONS, group="Kompasbeheer")
    roles.grant(editor, roles.KOMPAS_EDITORS_GROUP)
    response = client.post(
        url("gremium", "edit", gremium.pk), {"name": "Directie Zorg en Welzijn", "order": 5}
    )
    assert response.status_code == 302 and response.url != "/beheer/"
    assert Gremium.objects.get(pk=gremium.pk).name == "Directie Zorg en Welzijn"
    entry = ModelLogEntry.objects.get(object_id=str(gremium.pk), action="kompas.gremium.save")
    assert entry.user_id == editor.pk


def test_the_overdue_report_leaves_out_answered_future_and_closed_reviews(client):
    from kompas import services

    overdue = f.proposal(state=Proposal.Status.ADOPTED, title="Te laat").measures.get()
    answered = f.proposal(state=Proposal.Status.ADOPTED, title="Beantwoord").measures.get()
    closed = f.proposal(state=Proposal.Status.ADOPTED, title="Gesloten").measures.get()
    future = f.proposal(state=Proposal.Status.ADOPTED, title="Later").measures.get()
    for measure in (overdue, answered, closed, future):
        measure.indicator = f"Indicator {measure.proposal.title}"
        measure.save(update_fields=["indicator"])
    past = timezone.localdate() - datetime.timedelta(days=3)
    for measure in (overdue, answered, closed):
        measure.reviews.update(due=past)
    services.monitoring_update(measure=answered, actor=answered.owner, date=past, value="5")
    services.measure_close(measure=closed, actor=closed.owner, note="Klaar")
    staff_client(client, *PERMISSIONS, group="Kompasbeheer")
    listing = client.get(url("review", "list")).content.decode()
    assert "Indicator Te laat" in listing
    for measure in (answered, closed, future):
        assert measure.indicator not in listing
    assert client.post(
        url("review", "edit", overdue.reviews.get().pk), {"due": "2030-01-01"}
    ).status_code in (
        302,
        403,
        404,
    )
    assert overdue.reviews.get().due == past
