"""Organisations in /beheer/ (issue 10, item 6): a network manager adds and edits them through
``reisgids.services`` (audit row, directory cache bump, the same checks as the site), the slug is
not editable there, and an organisation cannot be deleted there, by anyone."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from reisgids.caching import DIRECTORY, version
from reisgids.models import Membership, Organisation
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PERMISSIONS = (
    "reisgids.view_organisation",
    "reisgids.add_organisation",
    "reisgids.change_organisation",
    "reisgids.delete_organisation",
)


@pytest.fixture
def manager(client):
    return staff_client(client, *PERMISSIONS, group=NETWORK_MANAGERS_GROUP)


def url(view, pk=None):
    return reverse(f"wagtailsnippets_reisgids_organisation:{view}", args=[pk] if pk else [])


def form(**changes):
    return {"name": "Buurthuis De Wilg", "kind": "initiatief", "summary": "Een buurthuis", **changes}


def test_a_network_manager_edits_an_organisation_through_the_service(client, manager):
    organisation = OrganisationFactory(name="Buurthuis", slug="buurthuis")
    before = version(DIRECTORY)

    response = client.post(url("edit", organisation.pk), form(slug="ander-adres"))

    assert response.status_code == 302, response.content.decode()[:3000]
    organisation.refresh_from_db()
    assert (organisation.name, organisation.slug) == ("Buurthuis De Wilg", "buurthuis")
    entry = ModelLogEntry.objects.get(action="reisgids.organisation.update", object_id=str(organisation.pk))
    assert entry.user_id == manager.pk and "name" in entry.data["fields"]
    assert version(DIRECTORY) > before


def test_a_network_manager_adds_an_organisation_without_becoming_its_beheerder(client, manager):
    before = version(DIRECTORY)
    response = client.post(url("add"), form())

    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get(name="Buurthuis De Wilg")
    assert organisation.slug == "buurthuis-de-wilg"
    assert not Membership.objects.filter(organisation=organisation).exists()
    assert ModelLogEntry.objects.filter(action="reisgids.organisation.create", user=manager).exists()
    assert version(DIRECTORY) > before


def test_a_refusal_of_the_service_is_shown_on_the_admin_form(client, manager):
    organisation = OrganisationFactory(name="Buurthuis")
    child = OrganisationFactory(parent=organisation)

    response = client.post(url("edit", organisation.pk), form(parent=child.pk))

    assert response.status_code == 200
    assert "Een organisatie kan geen onderdeel van zichzelf zijn." in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.parent) == ("Buurthuis", None)


@pytest.mark.parametrize("superuser", [False, True], ids=["network manager", "superuser"])
def test_an_organisation_cannot_be_deleted_in_beheer(client, superuser):
    staff_client(client, *PERMISSIONS, group=NETWORK_MANAGERS_GROUP, superuser=superuser)
    organisation = OrganisationFactory()
    response = client.post(url("delete", organisation.pk))
    assert response.status_code in (302, 403)
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_contentbeheerder_sees_organisations_but_cannot_change_or_add_them(client):
    staff_client(client, "reisgids.view_organisation", group="Contentbeheerders")
    organisation = OrganisationFactory(name="Buurthuis")
    assert client.post(url("edit", organisation.pk), form()).status_code in (302, 403)
    assert client.post(url("add"), form(name="Nieuw")).status_code in (302, 403)
    assert Organisation.objects.get(pk=organisation.pk).name == "Buurthuis"
    assert not Organisation.objects.filter(name="Nieuw").exists()
