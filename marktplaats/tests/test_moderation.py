"""Reports and hiding: anyone signed in reports, a network manager sees the reports in /beheer/
and hides a listing with a reason (the poster is told); others are refused."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse

from marktplaats.models import Listing, Report
from marktplaats.tests.factories import ListingFactory, member_of
from reisgids.notifications.models import Notification
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def network_manager():
    user = UserFactory(verified=True)
    user.groups.add(Group.objects.get(name=NETWORK_MANAGERS_GROUP))
    # /beheer/ asks staff for a second factor.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_report_then_network_manager_sees_it_in_beheer_and_hides(client):
    listing = ListingFactory(title="Verdacht aanbod")
    poster = member_of(listing.organisation)
    client.force_login(UserFactory())
    response = client.post(reverse("marktplaats:report", args=[listing.pk]), {"reason": ""})
    assert "Vertel wat er mis is." in response.content.decode()
    client.post(reverse("marktplaats:report", args=[listing.pk]), {"reason": "Lijkt op reclame"})
    assert Report.objects.get().reason == "Lijkt op reclame"

    manager = network_manager()
    client.force_login(manager)
    response = client.get(reverse("wagtailsnippets_marktplaats_report:list"))
    assert response.status_code == 200
    assert "Lijkt op reclame" in response.content.decode()
    assert "Verdacht aanbod" in response.content.decode()

    response = client.post(reverse("marktplaats:hide", args=[listing.pk]), {"reason": ""})
    assert "Geef een reden; de plaatser ziet die." in response.content.decode()
    client.post(reverse("marktplaats:hide", args=[listing.pk]), {"reason": "Commerciële reclame"})
    listing.refresh_from_db()
    assert listing.hidden_at is not None
    assert Report.objects.get().handled_at is not None
    assert "Commerciële reclame" in Notification.objects.get(recipient=poster).body
    client.logout()
    assert listing.title not in client.get(reverse("marktplaats:list")).content.decode()
    assert client.get(listing.get_absolute_url()).status_code == 404


def test_only_network_managers_hide(client):
    listing = ListingFactory()
    client.force_login(member_of(listing.organisation))
    assert client.post(reverse("marktplaats:hide", args=[listing.pk]), {"reason": "x"}).status_code == 403
    client.force_login(member_of(OrganisationFactory()))
    assert client.post(reverse("marktplaats:hide", args=[listing.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("wagtailsnippets_marktplaats_report:list")).status_code in (302, 403)
    listing.refresh_from_db()
    assert listing.hidden_at is None
    assert Listing.objects.filter(hidden_at__isnull=True).count() == 1


def test_a_participant_reports_a_message_outsiders_cannot(client):
    from marktplaats.tests.factories import MessageFactory

    message = MessageFactory(body="Koop nu goedkope horloges!")
    conversation = message.conversation
    url = reverse("marktplaats:message_report", args=[conversation.pk, message.pk])
    client.force_login(member_of(OrganisationFactory()))
    assert client.get(url).status_code == 404
    poster = member_of(conversation.listing.organisation)
    client.force_login(poster)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert url in page
    response = client.post(url, {"reason": "Spam"})
    assert response.url == conversation.get_absolute_url()
    report = Report.objects.get()
    assert (report.message, report.listing, report.reporter) == (message, conversation.listing, poster)
