"""The DCAT-AP catalogue of the registered datasets, in JSON-LD, in the shape data.overheid.nl
harvests (DCAT-AP-DONL: a ``dcat:Catalog`` of ``dcat:Dataset``s, each with its licence, frequency,
landing page, keywords and one ``dcat:Distribution`` per format, the API as a ``dcat:DataService``).
Titles and descriptions in Dutch, the catalogue's language."""

from django.conf import settings
from django.utils import translation

from opendata.selectors import last_change
from reisgids.datasets import FREQUENCIES, datasets

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
FORMATS = {
    "csv": ("text/csv", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "json": ("application/json", "JSON"),
}
DUTCH = "http://publications.europa.eu/resource/authority/language/NLD"


def _nl(text):
    return {"@language": "nl", "@value": str(text)}


def _ref(url):
    return {"@id": url}


def _publisher():
    return {"@type": "foaf:Agent", "foaf:name": settings.WAGTAIL_SITE_NAME}


def _datetime(value):
    return {"@type": "xsd:dateTime", "@value": value.isoformat(timespec="seconds")}


def _dataset(dataset, base, api_service, modified):
    page = base + "/open-data/"
    distributions = [
        {
            "@id": f"{base}/open-data/{dataset.key}.{fmt}",
            "@type": "dcat:Distribution",
            "dct:title": _nl(f"{dataset.title} ({label})"),
            "dcat:accessURL": _ref(page),
            "dcat:downloadURL": _ref(f"{base}/open-data/{dataset.key}.{fmt}"),
            "dcat:mediaType": media_type,
            "dct:format": _ref(FILE_TYPES + label),
            "dct:license": _ref(dataset.licence),
        }
        for fmt, (media_type, label) in FORMATS.items()
    ]
    distributions.append(
        {
            "@id": f"{base}/api/v1/{dataset.key}/",
            "@type": "dcat:Distribution",
            "dct:title": _nl(f"{dataset.title} (API)"),
            "dcat:accessURL": _ref(f"{base}/api/v1/{dataset.key}/"),
            "dcat:accessService": _ref(api_service),
            "dcat:mediaType": "application/json",
            "dct:format": _ref(FILE_TYPES + "JSON"),
            "dct:license": _ref(dataset.licence),
        }
    )
    record = {
        "@id": f"{page}#{dataset.key}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{page}#{dataset.key}",
        "dct:title": _nl(dataset.title),
        "dct:description": _nl(dataset.description),
        "dct:language": _ref(DUTCH),
        "dct:license": _ref(dataset.licence),
        "dct:accessRights": _ref("http://publications.europa.eu/resource/authority/access-right/PUBLIC"),
        "dct:accrualPeriodicity": _ref(FREQUENCIES[dataset.frequency][0]),
        "dcat:keyword": [_nl(word) for word in dataset.keywords],
        "dcat:landingPage": _ref(base + (dataset.page_url or "/open-data/")),
        "dct:publisher": _publisher(),
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": _publisher()["foaf:name"],
            "vcard:hasURL": _ref(page),
        },  # fmt: skip
        "dcat:distribution": distributions,
    }
    if modified:
        record["dct:modified"] = _datetime(modified)
    return record


def catalogue(*, base):
    """The catalogue; each dataset's ``dct:modified`` is when its public rows last changed (one query a
    dataset that dates its rows), the catalogue's the latest of those."""
    api_service = f"{base}/api/v1/"
    modified = {d.key: last_change(d) for d in datasets()}
    latest = max((m for m in modified.values() if m), default=None)
    with translation.override("nl"):
        catalog = {
            "@context": CONTEXT,
            "@id": f"{base}/open-data/catalogus.jsonld",
            "@type": "dcat:Catalog",
            "dct:title": _nl("Open data van de Reisgids zorg en welzijn"),
            "dct:description": _nl(
                "Alle openbare registers van de Reisgids zorg en welzijn: partijen, aanspreekpunten, "
                "instrumenten, deals, marktplaats, agenda, nieuws, lessen en verhalen."
            ),
            "dct:language": _ref(DUTCH),
            "dct:publisher": _publisher(),
            "foaf:homepage": _ref(base + "/open-data/"),
            "dcat:service": [
                {
                    "@id": api_service,
                    "@type": "dcat:DataService",
                    "dct:title": _nl("Reisgids open-data-API (alleen lezen)"),
                    "dcat:endpointURL": _ref(api_service),
                    "dcat:endpointDescription": _ref(f"{base}/api/v1/openapi.json"),
                    "dct:license": _ref("https://creativecommons.org/publicdomain/zero/1.0/"),
                }
            ],
            "dcat:dataset": [_dataset(d, base, api_service, modified[d.key]) for d in datasets()],
        }
    if latest:
        catalog["dct:modified"] = _datetime(latest)
    return catalog
