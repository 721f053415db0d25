"""/open-data/: every registered dataset with its licence, formats and update frequency; its
downloads (CSV for Dutch Excel: ';', a byte order mark, formula cells escaped, Dutch headers or English
ones for a visitor who chose English, codes written out; XLSX; JSON), which follow the page's filters;
and the DCAT catalogue."""

import csv
import io
import json

import pytest
from django.conf import settings
from openpyxl import load_workbook

from reisgids.datasets import CC0, datasets
from reisgids.tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_open_data_page_lists_every_dataset_with_licence_formats_and_frequency(client):
    html = client.get("/open-data/").content.decode()
    for dataset in datasets():
        assert f'id="{dataset.key}"' in html
        for fmt in ("csv", "xlsx", "json"):
            assert f"/open-data/{dataset.key}.{fmt}" in html
        assert f"/api/v1/{dataset.key}/" in html
    assert html.count(CC0) == len(datasets())
    assert "Doorlopend" in html and "catalogus.jsonld" in html


def test_footer_links_to_open_data(client):
    assert 'href="/open-data/"' in client.get("/partijen/").content.decode()


def test_organisations_csv_for_dutch_excel(client):
    OrganisationFactory(name='=HYPERLINK("http://x")', kind="fonds", summary="+31 10 123")
    rows = csv_rows(client.get("/open-data/organisations.csv"))
    header, row = rows[0], rows[1]
    assert header[:4] == ["Nummer", "Naam", "Slug", "Soort"]
    record = dict(zip(header, row, strict=True))
    assert record["Naam"] == '\'=HYPERLINK("http://x")'
    assert record["Samenvatting"] == "'+31 10 123"
    assert record["Soort"] == "Fonds"  # the code written out


def test_csv_headers_in_english_for_a_visitor_who_chose_english(client):
    OrganisationFactory(kind="fonds")
    rows = csv_rows(client.get("/en/open-data/organisations.csv"))
    assert rows[0][:4] == ["Number", "Name", "Slug", "Kind"]
    assert rows[1][3] == "Fund"


def test_downloads_follow_the_pages_filters(client):
    theme = ThemeFactory(slug="mantelzorg")
    OrganisationFactory(name="Met thema").themes.add(theme)
    OrganisationFactory(name="Zonder thema")
    rows = csv_rows(client.get("/open-data/organisations.csv?theme=mantelzorg"))
    assert [row[1] for row in rows[1:]] == ["Met thema"]
    assert client.get("/open-data/organisations.csv?theme=bestaat-niet").status_code == 400


def test_xlsx_download(client):
    OrganisationFactory(name="=1+1", kind="netwerk")
    response = client.get("/open-data/organisations.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = list(sheet.values)
    assert values[0][:4] == ("Nummer", "Naam", "Slug", "Soort")
    assert values[1][1] == "'=1+1" and values[1][3] == "Netwerk"
    assert sheet.cell(row=2, column=2).data_type == "s"  # text, not a formula


def test_json_download(client):
    OrganisationFactory(name="Buurtkracht", kind="initiatief")
    response = client.get("/open-data/organisations.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"] == CC0
    assert [(r["name"], r["kind"]) for r in data["rows"]] == [("Buurtkracht", "initiatief")]


def test_every_dataset_downloads_in_every_format(client):
    for dataset in datasets():
        for fmt in ("csv", "xlsx", "json"):
            response = client.get(f"/open-data/{dataset.key}.{fmt}")
            assert response.status_code == 200, (dataset.key, fmt)
            b"".join(response.streaming_content)
    assert client.get("/open-data/bestaat-niet.csv").status_code == 404


def test_dcat_catalogue(client):
    response = client.get("/open-data/catalogus.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    assert "dcat" in catalogue["@context"] and "dct" in catalogue["@context"]
    entries = {d["@id"].rsplit("#", 1)[1]: d for d in catalogue["dcat:dataset"]}
    assert set(entries) == {d.key for d in datasets()}
    for entry in entries.values():
        assert entry["dct:license"] == {"@id": CC0}
        assert entry["dct:accrualPeriodicity"]["@id"].startswith("http://publications.europa.eu/")
        assert entry["dct:title"]["@language"] == "nl"
        formats = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in entry["dcat:distribution"]}
        assert formats == {"CSV", "XLSX", "JSON"}
        for distribution in entry["dcat:distribution"]:
            url = (distribution.get("dcat:downloadURL") or distribution["dcat:accessURL"])["@id"]
            path = url.removeprefix(settings.SITE_URL)
            assert client.get(path).status_code == 200, path


def test_dcat_catalogue_dates_each_dataset_by_its_last_public_change(client):
    """data.overheid.nl harvests again what changed: each dataset that dates its rows says when they last
    changed (``dct:modified``, xsd:dateTime), and the catalogue the latest of them."""
    from reisgids.models import Organisation

    OrganisationFactory(name="Eerder")
    latest = OrganisationFactory(name="Later")
    Organisation.objects.filter(pk=latest.pk).update(updated_at="2031-05-04T03:02:01+00:00")
    catalogue = client.get("/open-data/catalogus.jsonld").json()
    entries = {d["@id"].rsplit("#", 1)[1]: d for d in catalogue["dcat:dataset"]}
    assert entries["organisations"]["dct:modified"] == {
        "@type": "xsd:dateTime", "@value": "2031-05-04T03:02:01+00:00"
    }  # fmt: skip
    assert catalogue["dct:modified"]["@value"] == "2031-05-04T03:02:01+00:00"
