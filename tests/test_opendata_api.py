"""The public API (/api/v1/): every resource shows what a visitor sees on the site and nothing
more, follows the page's filters, pages, answers conditional requests with 304, is open to other
origins for reading, and limits anonymous clients with a 429 and Retry-After."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from agenda.tests.factories import make_event
from atlas.tests.factories import lesson_page, news_page
from deals.models import DealPartner
from deals.tests.factories import (
    ContributionFactory,
    DealFactory,
    DealPartnerFactory,
    ExpectedResultFactory,
    MilestoneFactory,
    RiskFactory,
)
from marktplaats.tests.factories import ListingFactory
from reisgids.datasets import datasets
from reisgids.tests.factories import ContactPointFactory, InstrumentFactory, OrganisationFactory, ThemeFactory
from stories.tests.factories import StoryPageFactory
from tests.test_api_ratelimit import away_from_the_window_edge

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response


def titles(client, key, field="title", **params):
    response = client.get(f"/api/v1/{key}/", params)
    assert response.status_code == 200, response.content
    return {row[field] for row in response.json()["results"]}


def test_index_lists_every_registered_dataset(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert {row["key"] for row in response.json()} == {d.key for d in datasets()}


def test_openapi_document_describes_every_dataset(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for dataset in datasets():
        assert f"/api/v1/{dataset.key}/" in document["paths"]
        assert "/api/v1/" + dataset.key + "/{lookup}/" in document["paths"]


def test_docs_page_loads_its_assets_locally(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_organisation_contact_details_only_when_made_public(client):
    OrganisationFactory(name="Open", contact_email="open@example.org", show_contact=True)
    OrganisationFactory(name="Gesloten", contact_email="dicht@example.org", show_contact=False)
    rows = {row["name"]: row for row in client.get("/api/v1/organisations/").json()["results"]}
    assert rows["Open"]["email"] == "open@example.org"
    assert rows["Gesloten"]["email"] == ""
    assert "dicht@example.org" not in client.get("/api/v1/organisations/").content.decode()


def test_deals_only_public_ones_without_private_fields(client):
    public = DealFactory(closed=True, title="Openbare deal", internal_notes="GEHEIM-NOTITIE")
    partner = DealPartnerFactory(deal=public, status=DealPartner.Status.ACCEPTED, message="GEHEIM-BERICHT")
    ContributionFactory(partner=partner, description="Twee uur per week")
    DealPartnerFactory(deal=public, status=DealPartner.Status.INVITED, organisation__name="Uitgenodigd BV")
    ExpectedResultFactory(deal=public, description="Minder eenzaamheid", indicator="", target="")
    MilestoneFactory(deal=public, title="Start", due_date=datetime.date(2027, 1, 1))
    RiskFactory(deal=public, description="GEHEIM-RISICO")
    DealFactory(title="Deal in de maak", in_the_making=True)
    DealFactory(title="Verkennende deal")

    body = client.get("/api/v1/deals/").content.decode()
    assert titles(client, "deals") == {"Openbare deal"}
    for secret in ("GEHEIM-NOTITIE", "GEHEIM-BERICHT", "GEHEIM-RISICO", "Uitgenodigd BV"):
        assert secret not in body
    row = client.get(f"/api/v1/deals/{public.slug}/").json()
    assert row["results"] == [{"description": "Minder eenzaamheid", "indicator": "", "target": ""}]
    assert row["milestones"] == [{"title": "Start", "date": "2027-01-01"}]
    assert any(c["description"] == "Twee uur per week" for p in row["partners"] for c in p["contributions"])
    assert client.get("/api/v1/deals/verkennende-deal/").status_code == 404
    assert client.get("/api/v1/deals/deal-in-de-maak/").status_code == 404


def test_listings_only_open_and_visible_without_people(client):
    ListingFactory(title="Open vraag", contact_person=None)
    ListingFactory(title="Verborgen vraag", hidden_at=timezone.now())
    ListingFactory(title="Ingevulde vraag", filled=True)
    assert titles(client, "listings") == {"Open vraag"}
    row = client.get("/api/v1/listings/").json()["results"][0]
    assert not {"contact_person", "created_by", "hidden_reason"} & set(row)


def test_pages_only_live_and_public(client):
    news_page(title="Live nieuws")
    news_page(title="Concept nieuws", live=False)
    hidden = news_page(title="Besloten nieuws")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client, "news") == {"Live nieuws"}

    lesson_page(title="Live les")
    lesson_page(title="Concept les", live=False)
    assert titles(client, "lessons") == {"Live les"}

    StoryPageFactory(title="Gepubliceerd verhaal")
    StoryPageFactory(title="Ingezonden verhaal", live=False)
    assert titles(client, "stories") == {"Gepubliceerd verhaal"}

    make_event(title="Bijeenkomst")
    concept = make_event(title="Concept bijeenkomst")
    concept.unpublish()
    assert titles(client, "events") == {"Bijeenkomst"}


def test_filters_are_the_pages_filters(client):
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    org = OrganisationFactory(name="Met thema")
    org.themes.add(theme)
    OrganisationFactory(name="Zonder thema")
    assert titles(client, "organisations", field="name", theme="mantelzorg") == {"Met thema"}
    assert titles(client, "organisations", field="name", kind="fonds", q="") == set()


def test_a_refused_filter_value_is_a_400(client):
    response = client.get("/api/v1/organisations/", {"theme": "bestaat-niet"})
    assert response.status_code == 400
    assert "theme" in response.json()["detail"]


def test_an_unknown_code_is_a_422(client):
    assert client.get("/api/v1/organisations/", {"kind": "onbekend"}).status_code == 422
    assert client.get("/api/v1/organisations/", {"page": 0}).status_code == 422


def test_pagination(client):
    for n in range(25):
        ContactPointFactory(name=f"Persoon {n:02d}")
    first = client.get("/api/v1/contact-points/", {"page_size": 10}).json()
    assert first["count"] == 25 and first["pages"] == 3 and len(first["results"]) == 10
    assert first["previous"] is None and "page=2" in first["next"]
    last = client.get("/api/v1/contact-points/", {"page_size": 10, "page": 3}).json()
    assert len(last["results"]) == 5 and last["next"] is None
    beyond = client.get("/api/v1/contact-points/", {"page_size": 10, "page": 9}).json()
    assert beyond["results"] == []


def test_etag_and_last_modified_give_304_until_a_change(client):
    InstrumentFactory(name="Citylab010")
    first = client.get("/api/v1/instruments/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/instruments/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get("/api/v1/instruments/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    InstrumentFactory(name="Bewonersinitiatief")  # bumps the directory namespace
    changed = client.get("/api/v1/instruments/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Bewonersinitiatief" in {row["name"] for row in changed.json()["results"]}  # not the kept page
    one = client.get("/api/v1/instruments/citylab010/")
    assert (
        client.get("/api/v1/instruments/citylab010/", headers={"If-None-Match": one["ETag"]}).status_code
        == 304
    )


def test_a_warm_list_request_runs_no_query(client, django_assert_num_queries):
    InstrumentFactory(name="Citylab010")
    cold = client.get("/api/v1/instruments/")
    with django_assert_num_queries(0):
        warm = client.get("/api/v1/instruments/")
    assert warm.content == cold.content and warm["ETag"] == cold["ETag"]


def test_cors_is_open_for_reading(client):
    response = client.get("/api/v1/themes/", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/themes/",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/themes/").status_code == 405


def test_anonymous_clients_are_rate_limited_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = (3, 60)
    away_from_the_window_edge()
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/themes/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "detail" in response.json()
    other = client.get("/api/v1/themes/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200  # another address has its own count


def test_control_character_in_query_is_a_json_400(client):
    response = client.get("/api/v1/themes/?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_the_api_and_downloads_answer_while_redis_is_down(client, private_redis_cache):
    """Without the cache: no ETag and nothing kept (every response built from the database), no
    rate limit (it guards load, not data), the same rows."""
    InstrumentFactory(name="Citylab010")
    assert client.get("/api/v1/instruments/").status_code == 200
    private_redis_cache.stop()
    response = client.get("/api/v1/instruments/")
    assert response.status_code == 200 and "ETag" not in response
    assert [row["name"] for row in response.json()["results"]] == ["Citylab010"]
    assert client.get("/open-data/instruments.csv").status_code == 200
    assert client.get("/api/hsds/organizations/").status_code == 200


def test_a_citywide_contact_point_is_found_under_an_area_and_marked_citywide(client):
    """As on /aanspreekpunten/: filtering on a gebied also gives the advisers who work for the whole
    city, and the API says that they do (before, one came with an empty list of areas and no mark)."""
    from reisgids.tests.factories import AreaFactory, ContactPointFactory

    area = AreaFactory(name="Testgebied API", slug="testgebied-api")
    ContactPointFactory(name="Wijkadviseur Charlois", areas=[area])
    ContactPointFactory(name="Stadsbrede adviseur", citywide=True)
    ContactPointFactory(name="Elders", areas=[AreaFactory(name="Ander testgebied", slug="ander-testgebied")])
    rows = client.get("/api/v1/contact-points/", {"area": area.slug}).json()["results"]
    assert {row["name"]: row["citywide"] for row in rows} == {
        "Wijkadviseur Charlois": False, "Stadsbrede adviseur": True
    }  # fmt: skip
