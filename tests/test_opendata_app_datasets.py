"""The schouw, the kompas and the intake publish their open data by registering it from their own
``datasets.py`` (never by an edit in ``opendata``): published schouw reports, public kompas proposals
with their decisions, kompas priorities and the intake's anonymised figures per step are in the
catalogue (DCAT), the CSV and JSON downloads and the API; drafts, unpublished reports and the ideas
themselves are not."""

import csv
import io

import pytest

from intake.models import Intake
from intake.tests.factories import IntakeFactory
from kompas.models import Proposal
from kompas.tests.factories import proposal
from reisgids.datasets import dataset
from schouw.models import Schouw
from schouw.tests.factories import schouw_in

pytestmark = pytest.mark.django_db

KEYS = ("schouw-reports", "kompas-proposals", "kompas-priorities", "intake-steps")
P = Proposal.Status


def test_the_apps_register_their_datasets_from_their_own_module():
    for key in KEYS:
        registered = dataset(key)
        assert registered is not None, key
        assert registered.rows.__module__.split(".")[0] in ("schouw", "kompas", "intake"), key


def test_catalogue_page_and_api_index_list_them(client):
    catalogue = client.get("/open-data/catalogus.jsonld")
    assert catalogue.status_code == 200
    text = catalogue.content.decode()
    page = client.get("/open-data/").content.decode()
    index = {row["key"] for row in client.get("/api/v1/").json()}
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for key in KEYS:
        assert f"/open-data/{key}.csv" in text, key
        assert f"/open-data/{key}.csv" in page, key
        assert key in index and f"/api/v1/{key}/" in paths, key


def csv_rows(client, key):
    response = client.get(f"/open-data/{key}.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def api_titles(client, key, field="title"):
    response = client.get(f"/api/v1/{key}/")
    assert response.status_code == 200, response.content
    return [row[field] for row in response.json()["results"]]


def test_only_published_schouw_reports(client):
    published, *_ = schouw_in(Schouw.Phase.PUBLISHED, title="Schouw gepubliceerd")
    schouw_in(Schouw.Phase.REPORT, title="Schouw nog in rapportage")
    assert api_titles(client, "schouw-reports") == ["Schouw gepubliceerd"]
    one = client.get(f"/api/v1/schouw-reports/{published.pk}/").json()
    assert one["deal"] == published.deal.title and one["url"].endswith(f"/schouw/{published.pk}/rapport/")
    rows = csv_rows(client, "schouw-reports")
    assert rows[0][:2] == ["Nummer", "Titel"]
    assert [row[1] for row in rows[1:]] == ["Schouw gepubliceerd"]
    data = client.get("/open-data/schouw-reports.json")
    assert b"Schouw nog in rapportage" not in b"".join(data.streaming_content)
    # a published peer review names the deals it is linked to
    review, *_ = schouw_in(Schouw.Phase.PLANNED, kind=Schouw.Kind.PEER_REVIEW, deals=[published.deal])
    Schouw.objects.filter(pk=review.pk).update(phase=Schouw.Phase.PUBLISHED)
    one = client.get(f"/api/v1/schouw-reports/{review.pk}/").json()
    assert one["deal"] == "" and one["linked_deals"] == [published.deal.title]


def test_public_proposals_with_their_decision_and_priorities(client):
    proposal(title="Concept blijft binnen")
    decided = proposal(state=P.ADOPTED, title="Kleine percelen")
    assert api_titles(client, "kompas-proposals") == ["Kleine percelen"]
    one = client.get(f"/api/v1/kompas-proposals/{decided.slug}/").json()
    assert one["status"] == "aangenomen" and one["decision_reasoning"] == "Past bij het beleid."
    assert client.get("/api/v1/kompas-proposals/concept-blijft-binnen/").status_code == 404
    rows = csv_rows(client, "kompas-proposals")
    assert [row[1] for row in rows[1:]] == ["Kleine percelen"]
    assert "Aangenomen" in rows[1]  # the code written out
    assert client.get("/api/v1/kompas-priorities/").status_code == 200


def test_intake_figures_per_step_without_any_idea(client):
    IntakeFactory(title="Geheime buurtmoestuin", name="Anne de Vries")
    IntakeFactory(title="Nog een idee", status=Intake.Status.PLAN)
    IntakeFactory(title="Onbevestigd", status=Intake.Status.UNVERIFIED)
    results = client.get("/api/v1/intake-steps/").json()["results"]
    figures = {row["status"]: (row["ideas_now"], row["ideas_total"]) for row in results}
    assert figures == {"triage": (1, 1), "aanpakplan": (1, 1)}
    assert client.get("/api/v1/intake-steps/triage/").json()["ideas_now"] == 1
    body = b"".join(client.get("/open-data/intake-steps.csv").streaming_content).decode("utf-8-sig")
    assert "Bij het initiatieventeam" in body or "initiatieventeam" in body
    for secret in ("Geheime buurtmoestuin", "Anne de Vries", "Onbevestigd"):
        assert secret not in body


def test_a_change_gives_a_new_etag(client):
    first = client.get("/api/v1/intake-steps/")
    assert client.get("/api/v1/intake-steps/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    IntakeFactory()
    again = client.get("/api/v1/intake-steps/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and again.json()["results"][0]["ideas_now"] == 1
