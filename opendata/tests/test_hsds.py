"""The HSDS 3.0 export of the directory: every record of the JSON API profile and every row of the
tabular data package is valid against the HSDS JSON Schemas; private contact details stay out."""

import csv
import io
import json
import zipfile

import pytest

from opendata import hsds
from opendata.hsds_validation import errors
from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    InstrumentFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    area = AreaFactory(name="Feijenoord", slug="feijenoord")
    parent = OrganisationFactory(name="Gemeente Rotterdam", kind="gemeente")
    org = OrganisationFactory(
        name="Buurtkracht", kind="initiatief", parent=parent, website="https://buurtkracht.example",
        contact_email="info@buurtkracht.example", contact_phone="+31 10 1234567", show_contact=True,
    )  # fmt: skip
    org.themes.add(theme)
    hidden = OrganisationFactory(
        name="Stil", contact_email="geheim@stil.example", contact_phone="0101", show_contact=False
    )
    cp = ContactPointFactory(
        organisation=parent,
        name="Anna de Vries",
        function="Wijkregisseur",
        email="anna@rotterdam.example",
        phone="=cmd",
        approach_for="Hulp bij aanvragen",
    )
    cp.themes.add(theme)
    cp.areas.add(area)
    InstrumentFactory(owner=parent, name="Citylab010", url="https://citylab010.example").themes.add(theme)
    return {"org": org, "parent": parent, "hidden": hidden, "cp": cp}


def all_pages(client, url):
    page, contents = 1, []
    while True:
        body = client.get(url, {"page": page, "per_page": 2}).json()
        contents += body["contents"]
        if body["last_page"]:
            return contents
        page += 1


def test_json_api_records_are_valid_hsds(client, directory):
    meta = client.get("/api/hsds/").json()
    assert meta["version"] == "3.0"
    organizations = all_pages(client, "/api/hsds/organizations/")
    assert len(organizations) == 3
    for record in organizations:
        assert errors("organization", record) == [], record
    services = all_pages(client, "/api/hsds/services/")
    assert {s["name"] for s in services} == {"Citylab010", "Wijkregisseur – Anna de Vries"}
    for record in services:
        assert errors("service", record) == [], record
    for record in client.get("/api/hsds/taxonomy_terms/").json()["contents"]:
        assert errors("taxonomy_term", record) == []
    for record in client.get("/api/hsds/taxonomies/").json()["contents"]:
        assert errors("taxonomy", record) == []

    one = client.get(f"/api/hsds/organizations/{organizations[0]['id']}/").json()
    assert errors("organization", one) == []
    full = client.get(
        f"/api/hsds/organizations/{hsds.derived_id('organisation', directory['parent'].pk)}/"
    ).json()
    assert {c["name"] for c in full["contacts"]} == {"Anna de Vries"}
    assert client.get(f"/api/hsds/services/{services[0]['id']}/").status_code == 200
    assert client.get("/api/hsds/organizations/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/api/hsds/organizations/geen-uuid/").status_code == 404


def test_contact_details_an_organisation_keeps_private_are_not_exported(client, directory):
    body = json.dumps(all_pages(client, "/api/hsds/organizations/"))
    assert "info@buurtkracht.example" in body
    assert "geheim@stil.example" not in body and "0101" not in body


def read_zip(client):
    response = client.get("/api/hsds/datapackage.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_tabular_data_package_rows_are_valid_hsds(client, directory):
    archive = read_zip(client)
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC0-1.0"
    counted = {}
    for resource in package["resources"]:
        rows = list(csv.DictReader(io.StringIO(archive.read(resource["path"]).decode())))
        assert [f["name"] for f in resource["schema"]["fields"]] == hsds.table_columns(resource["name"])
        counted[resource["name"]] = len(rows)
        for row in rows:
            record = {k: v for k, v in row.items() if v != ""}
            assert errors(resource["name"], record) == [], (resource["name"], record)
    assert counted["organization"] == 3 and counted["service"] == 2 and counted["contact"] == 1
    assert counted["service_area"] == 1
    terms = list(csv.DictReader(io.StringIO(archive.read("taxonomy_terms.csv").decode())))
    assert "mantelzorg" in {t["code"] for t in terms} and counted["taxonomy"] == 1
    phones = list(csv.DictReader(io.StringIO(archive.read("phones.csv").decode())))
    numbers = {p["number"] for p in phones}
    assert "'=cmd" in numbers  # formula cells escaped here too
    assert "+31 10 1234567" in numbers  # but a plain international number keeps its "+"
