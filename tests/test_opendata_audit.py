"""The second audit of issue 17 (open data): what the first tests left unproven.

- For every registered dataset a named test proves that nothing a visitor cannot see on the site is in
  the API (a new dataset fails here until it has one); the directory's reference lists publish their
  declared fields and nothing of the account behind an aanspreekpunt.
- The HSDS schemas the export is validated with are the reference copies in
  ``../shared/reference/hsds/schema/``, and the JSON API profile's envelopes follow the profile's own
  OpenAPI document.
- Each dataset's card on /open-data/ states its description, licence, update frequency and formats.
"""

import html
import json
import re
from importlib import import_module
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from opendata import hsds
from reisgids.datasets import CC0, FREQUENCIES, datasets
from reisgids.tests.factories import (
    AreaFactory,
    ContactPointFactory,
    InstrumentFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE = Path(settings.BASE_DIR).parent / "shared" / "reference" / "hsds" / "schema"

# dataset key -> the test that proves the API holds only what a visitor sees of it on the site
VISIBILITY_TESTS = {
    "organisations": "tests.test_opendata_api::test_organisation_contact_details_only_when_made_public",
    "contact-points": "tests.test_opendata_audit::test_directory_lists_publish_their_declared_fields_only",
    "instruments": "tests.test_opendata_audit::test_directory_lists_publish_their_declared_fields_only",
    "themes": "tests.test_opendata_audit::test_directory_lists_publish_their_declared_fields_only",
    "areas": "tests.test_opendata_audit::test_directory_lists_publish_their_declared_fields_only",
    "neighbourhoods": "tests.test_opendata_audit::test_directory_lists_publish_their_declared_fields_only",
    "deals": "tests.test_opendata_api::test_deals_only_public_ones_without_private_fields",
    "listings": "tests.test_opendata_api::test_listings_only_open_and_visible_without_people",
    "events": "tests.test_opendata_api::test_pages_only_live_and_public",
    "news": "tests.test_opendata_api::test_pages_only_live_and_public",
    "lessons": "tests.test_opendata_api::test_pages_only_live_and_public",
    "stories": "tests.test_opendata_api::test_pages_only_live_and_public",
    "schouw-reports": "tests.test_opendata_app_datasets::test_only_published_schouw_reports",
    "kompas-proposals":
        "tests.test_opendata_app_datasets::test_public_proposals_with_their_decision_and_priorities",
    "kompas-priorities": "tests.test_opendata_gaps::test_a_priority_names_only_public_proposals",
    "intake-steps": "tests.test_opendata_app_datasets::test_intake_figures_per_step_without_any_idea",
    "residencies": "tests.test_opendata_gaps::test_residencies_as_the_deal_page_shows_them_to_anyone",
    "residence-activities": "tests.test_opendata_gaps::test_public_side_activities_only",
}  # fmt: skip


def test_every_dataset_has_a_test_that_it_publishes_only_what_a_visitor_sees():
    assert set(VISIBILITY_TESTS) == {d.key for d in datasets()}
    for key, name in VISIBILITY_TESTS.items():
        module, function = name.split("::")
        assert callable(getattr(import_module(module), function, None)), (key, name)


def test_directory_lists_publish_their_declared_fields_only(client):
    """Everything of the directory is public on its pages (/partijen/, /aanspreekpunten/,
    /instrumenten/, the filters' thema's, gebieden and wijken): the API gives each row's declared
    fields, and never the account behind an aanspreekpunt nor internal flags."""
    account = UserFactory(email="account-achter-aanspreekpunt@example.org")
    area = AreaFactory(name="Noord", slug="noord")
    NeighbourhoodFactory(name="Oude Noorden", slug="oude-noorden", area=area)
    ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    ContactPointFactory(name="Anna", user=account, email="anna@example.org")
    InstrumentFactory(name="Citylab010")
    for key in ("contact-points", "instruments", "themes", "areas", "neighbourhoods"):
        dataset = next(d for d in datasets() if d.key == key)
        response = client.get(f"/api/v1/{key}/", {"page_size": 100})
        assert response.status_code == 200, key
        body = response.json()
        assert body["count"] == dataset.rows().count(), key
        for row in body["results"]:
            assert set(row) == {f.name for f in dataset.fields}, key
        text = response.content.decode()
        assert account.email not in text and "is_demo" not in text, key
    assert client.get("/api/v1/contact-points/").json()["results"][0]["email"] == "anna@example.org"


def test_the_hsds_schemas_are_the_reference_copies():
    """The export and the import validate with ``opendata/hsds_schema/``: byte for byte the HSDS 3.0
    schemas of ``../shared/reference/hsds/schema/`` (every object schema, none left out)."""
    if not REFERENCE.is_dir():
        pytest.skip(f"{REFERENCE} is not on this machine")
    ours = {path.name: path.read_bytes() for path in hsds.SCHEMA_DIR.glob("*.json")}
    reference = {
        path.name: path.read_bytes() for path in REFERENCE.glob("*.json") if path.name != "openapi.json"
    }
    assert ours == reference


def _profile():
    path = REFERENCE / "openapi.json"
    if not path.is_file():
        pytest.skip(f"{path} is not on this machine")
    return json.loads(path.read_text())


def test_hsds_json_api_envelopes_follow_the_hsds_openapi_profile(client):
    """``/api/hsds/`` answers as the HSDS API profile (``openapi.json`` of the reference) describes:
    the meta endpoint's fields, and every list in the profile's ``Page`` envelope (every field of it
    present, with its type) holding valid HSDS records."""
    profile = _profile()
    meta_schema = profile["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    meta_schema = dict(meta_schema, required=list(meta_schema["properties"]))
    jsonschema.validate(
        client.get("/api/hsds/").json(), meta_schema, format_checker=jsonschema.FormatChecker()
    )
    page = profile["components"]["schemas"]["Page"]
    page = dict(page, required=[*page["properties"], "contents"])
    page["properties"] = dict(page["properties"], contents={"type": "array"})
    org = OrganisationFactory()
    ContactPointFactory(organisation=org)
    InstrumentFactory(owner=org)
    ThemeFactory()
    for path in ("organizations", "services", "taxonomies", "taxonomy_terms"):
        assert f"/{path}" in profile["paths"], path
        body = client.get(f"/api/hsds/{path}/").json()
        jsonschema.validate(body, page)
        assert body["contents"] and body["total_items"] == len(body["contents"]), path


def test_each_dataset_card_states_description_licence_frequency_and_formats(client):
    page = client.get("/open-data/").content.decode()
    cards = re.split(r'(?=<[^>]+ id="[a-z0-9-]+")', page)
    for dataset in datasets():
        card = next(c for c in cards if re.match(rf'<[^>]+ id="{dataset.key}"', c))
        card = card[: card.find("</dl>")]
        for text in (
            str(dataset.title),
            str(dataset.description),
            str(FREQUENCIES[dataset.frequency][1]),
        ):
            assert text in html.unescape(card), (dataset.key, text)
        assert f'href="{CC0}"' in card and dataset.licence == CC0, dataset.key
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="/open-data/{dataset.key}.{fmt}"' in card, (dataset.key, fmt)
        assert f'href="/api/v1/{dataset.key}/"' in card, dataset.key
