"""Gaps the audit of issue 17 found: the API takes the same filters as the pages (the kompas'
status and kind, the deal register's filters that other apps register, such as "with a partner in
residence"), and what the site shows anyone of the residencies (that a public deal has a partner in
residence, named only when the person agreed; public side activities) is open data too, and nothing
more."""

import pytest

from deals.tests.factories import DealFactory
from kompas.models import Proposal
from kompas.tests.factories import proposal
from residence.tests.factories import ActivityFactory, ResidencyFactory

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


def test_residencies_as_the_deal_page_shows_them_to_anyone(client):
    named = ResidencyFactory(name_public=True)
    named.person.first_name, named.person.last_name = "Fatima", "Bakker"
    named.person.save()
    anonymous = ResidencyFactory(name_public=False)
    ResidencyFactory(planned=True)
    ResidencyFactory(ended=True)
    ResidencyFactory(deal=DealFactory(in_the_making=True))
    rows = {row["deal_slug"]: row for row in results(client, "residencies")}
    assert set(rows) == {named.deal.slug, anonymous.deal.slug}
    assert rows[named.deal.slug]["person"] == "Fatima Bakker"
    assert rows[named.deal.slug]["host_partner"] == named.host_partner.name
    assert rows[anonymous.deal.slug]["person"] == ""
    assert rows[anonymous.deal.slug]["host_partner"] == ""
    assert rows[anonymous.deal.slug]["home_partner"] == anonymous.home_partner.name
    body = client.get("/api/v1/residencies/").content.decode()
    for private in (
        anonymous.person.email,
        named.person.email,
        anonymous.openness,
        "time_amount",
        "uur per week",
    ):
        assert private not in body
    csv = b"".join(client.get("/open-data/residencies.csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Nummer;Deal")
    assert "Fatima Bakker" in csv and anonymous.person.email not in csv


def test_public_side_activities_only(client):
    public = ActivityFactory(title="Open werkplaats", report="Twaalf bewoners kwamen.")
    ActivityFactory(title="Intern overleg", is_public=False)
    ActivityFactory(title="Nog geen deal", residency=ResidencyFactory(deal=DealFactory(in_the_making=True)))
    rows = results(client, "residence-activities")
    assert [r["title"] for r in rows] == ["Open werkplaats"]
    assert rows[0]["deal"] == public.residency.deal.title
    assert rows[0]["url"].endswith(f"/residentie/activiteit/{public.pk}/") or str(public.pk) in rows[0]["url"]
    assert client.get(f"/api/v1/residence-activities/{public.pk}/").json()["report"] == (
        "Twaalf bewoners kwamen."
    )


def test_a_priority_names_only_public_proposals(client):
    from kompas.models import Priority
    from kompas.services import period_for
    from reisgids.tests.factories import ThemeFactory

    public = proposal(state=Proposal.Status.OPEN, title="Openbaar voorstel")
    draft = proposal(title="Geheim concept")
    priority = Priority.objects.create(period=period_for(), theme=ThemeFactory(), reason="Welkom")
    priority.proposals.set([public, draft])
    rows = results(client, "kompas-priorities")
    assert [row["proposals"] for row in rows] == [["Openbaar voorstel"]]
    assert "Geheim concept" not in client.get("/open-data/kompas-priorities.json").getvalue().decode()
