"""Gaps the audit of issue 17 found: the API takes the same filters as the pages (the kompas'
status and kind, the deal register's filters that other apps register, such as "with a partner in
residence"), and what the site shows anyone of the residencies (that a public deal has a partner in
residence, named only when the person agreed; public side activities) is open data too, and nothing
more."""

import pytest

from deals.tests.factories import DealFactory
from kompas.models import Proposal
from kompas.tests.factories import proposal
from residence.tests.factories import ResidencyFactory

pytestmark = pytest.mark.django_db


def results(client, key, **params):
    response = client.get(f"/api/v1/{key}/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def list_parameters(client, key):
    document = client.get("/api/v1/openapi.json").json()
    return {p["name"] for p in document["paths"][f"/api/v1/{key}/"]["get"]["parameters"]}


def test_kompas_proposals_take_the_pages_filters(client):
    proposal(state=Proposal.Status.OPEN, title="Open voorstel")
    proposal(state=Proposal.Status.ADOPTED, title="Aangenomen voorstel")
    assert {"status", "kind"} <= list_parameters(client, "kompas-proposals")
    assert [r["title"] for r in results(client, "kompas-proposals", status="aangenomen")] == [
        "Aangenomen voorstel"
    ]
    assert client.get("/api/v1/kompas-proposals/", {"status": "concept"}).status_code in (200, 422)
    assert results(client, "kompas-proposals", kind="subsidie") == []


def test_deals_take_the_filters_other_apps_register_on_the_register(client):
    with_resident = ResidencyFactory().deal
    DealFactory(running=True, title="Zonder resident")
    assert "residentie" in list_parameters(client, "deals")
    assert [r["slug"] for r in results(client, "deals", residentie="ja")] == [with_resident.slug]
    assert len(results(client, "deals")) == 2
