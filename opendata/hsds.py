"""The directory in Open Referral HSDS 3.0: organisations, the services they offer (beleidsinstrumenten,
and the aanspreekpunten' "benader mij voor"), contacts, phones, service areas (gebieden, the whole
city), the organisations' gebieden and wijken, and the thema's as a taxonomy.

Mapping (one object of ours to HSDS objects):

- ``Organisation`` -> ``organization`` (the public email and phone only when the organisation shows
  them), its kind as an ``attribute`` (``link_type`` ``reisgids:kind``), its thema's as attributes
  with a ``taxonomy_term`` of the taxonomy ``reisgids-themes``, its gebieden and wijken
  (``reisgids:area``, ``reisgids:neighbourhood``: the slug) and its summary (``reisgids:summary``)
  as attributes too (an HSDS organization has no service area or summary);
- ``Instrument`` -> ``service`` of its owner (``reisgids:type`` attribute ``instrument``; what it
  offers and its deadlines as ``reisgids:offer`` and ``reisgids:deadlines`` attributes);
- ``ContactPoint`` -> ``service`` of its organisation (``reisgids:type`` ``aanspreekpunt``; its
  description is "benader mij voor", ``application_process`` how and when to reach the person) with
  one ``contact`` (name, function as title, email) and its ``phone``; its gebieden as
  ``service_area``s, and "the whole city" as one more (its ``uri`` ends in ``#citywide``) when it
  works city-wide;
- ``Theme`` -> ``taxonomy_term`` (code = slug).

Identifiers are UUIDs: the one an import brought in (``opendata.models.HsdsIdentifier``), else a
stable UUID derived from the row's kind and primary key, so a second export names the same rows the same.

Two shapes: records as the HSDS JSON API profile gives them (``organization_record`` and so on, nested),
and flat tables for the tabular data package (``package_tables``: one CSV per HSDS table plus
``datapackage.json``), written to a ZIP on disk as the rows are read, in chunks.
"""

import csv
import io
import json
import tempfile
import uuid
import zipfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from opendata.models import HsdsIdentifier
from reisgids.csvexport import safe_cell
from reisgids.datasets import CC0
from reisgids.models import Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"
NAMESPACE = uuid.UUID("6f1c4b7e-3f5a-4c1e-9a57-0b2f3d8e6a11")
THEMES_TAXONOMY = "reisgids-themes"
KIND = "reisgids:kind"
TYPE = "reisgids:type"
TYPE_INSTRUMENT = "instrument"
TYPE_CONTACT_POINT = "aanspreekpunt"
# What HSDS has no field for travels as an attribute of ours, so that a round trip keeps it.
AREA = "reisgids:area"  # an organisation's gebied (value: its slug)
NEIGHBOURHOOD = "reisgids:neighbourhood"  # an organisation's wijk (value: its slug)
SUMMARY = "reisgids:summary"  # an organisation's one-sentence summary
OFFER = "reisgids:offer"  # what an instrument offers: money, knowledge, space, procedure
DEADLINES = "reisgids:deadlines"  # an instrument's deadlines
OFFERS = ("money", "knowledge", "space", "procedure")  # Instrument.offers_<code>
CITYWIDE = "#citywide"  # the end of the uri of the service area "the whole city" of an aanspreekpunt
CHUNK = 500
PACKAGE_MAX_SIZE = 200 * 1024 * 1024  # bytes, unpacked: an import refuses a bigger package

# The tables of the data package, in order (each the HSDS object of the same name).
TABLES = (
    "organization",
    "service",
    "contact",
    "phone",
    "service_area",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)


@cache
def schema(name):
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text())


def table_columns(name):
    """The columns of an HSDS table: the object's properties that are not nested lists or objects."""
    return [
        key for key, prop in schema(name)["properties"].items() if prop.get("type") not in ("array", "object")
    ]


# The derived id of a row of these kinds holds its primary key, so an id in an address leads back to it.
KIND_PREFIX = {
    "organisation": "0e9a0001",
    "instrument": "0e9a0002",
    "contactpoint": "0e9a0003",
    "theme": "0e9a0004",
}


def derived_id(kind, pk):
    if kind in KIND_PREFIX:
        return str(uuid.UUID(f"{KIND_PREFIX[kind]}-0000-4000-8000-{int(pk):012x}"))
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def pk_for(kind, hsds_id):
    """The primary key of the row of ``kind`` with this HSDS id (imported or derived), or None."""
    try:
        value = uuid.UUID(str(hsds_id))
    except ValueError:
        return None
    imported = (
        HsdsIdentifier.objects.filter(kind=kind, hsds_id=value).values_list("object_id", flat=True).first()
    )
    if imported is not None:
        return imported
    text = str(value)
    if text.startswith(KIND_PREFIX[kind] + "-0000-4000-8000-"):
        return int(text.rsplit("-", 1)[1], 16)
    return None


class Ids:
    """The HSDS id of each row: an imported one where there is one, else derived. One query per kind."""

    def __init__(self):
        self._imported = {}

    def __call__(self, kind, pk):
        if kind not in self._imported:
            self._imported[kind] = dict(
                HsdsIdentifier.objects.filter(kind=kind).values_list("object_id", "hsds_id")
            )
        imported = self._imported[kind].get(pk)
        return str(imported) if imported else derived_id(kind, pk)


def _clean(record):
    """HSDS fields are strings, never null: leave out what is empty."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def taxonomy_record():
    return {
        "id": derived_id("taxonomy", THEMES_TAXONOMY),
        "name": THEMES_TAXONOMY,
        "description": "Thema's in zorg en welzijn van de Reisgids",
        "uri": settings.SITE_URL + "/open-data/#themes",
    }


def theme_record(theme, ids):
    return _clean({
        "id": ids("theme", theme.pk),
        "code": theme.slug,
        "name": theme.name,
        "description": theme.description or theme.name,
        "taxonomy": THEMES_TAXONOMY,
        "taxonomy_id": derived_id("taxonomy", THEMES_TAXONOMY),
    })  # fmt: skip


def _attribute(link_id, entity, link_type, value, term=None):
    return _clean({
        "id": derived_id("attribute", f"{entity}:{link_id}:{link_type}:{value}"),
        "link_id": link_id,
        "link_entity": entity,
        "link_type": link_type,
        "value": value,
        "taxonomy_term_id": term,
    })  # fmt: skip


def _theme_attributes(link_id, entity, themes, ids):
    return [_attribute(link_id, entity, "theme", t.slug, ids("theme", t.pk)) for t in themes]


def _phone(number, ids, **links):
    key = next(iter(links.values()))
    return _clean({"id": derived_id("phone", key), "number": number, **links})


def contact_point_records(cp, org_id, ids):
    """(service, contact) of one aanspreekpunt."""
    service_id = ids("contactpoint", cp.pk)
    contact_id = derived_id("contact", service_id)
    phones = [_phone(cp.phone, ids, contact_id=contact_id)] if cp.phone else []
    contact = _clean({
        "id": contact_id, "service_id": service_id, "organization_id": org_id, "name": cp.name,
        "title": cp.function, "email": cp.email, "phones": phones,
    })  # fmt: skip
    service = _clean(
        {
            "id": service_id,
            "organization_id": org_id,
            "name": f"{cp.function} – {cp.name}"[:250],
            "description": cp.approach_for,
            "email": cp.email,
            "status": "active",
            "application_process": cp.availability,
            "last_modified": cp.updated_at.isoformat(),
            "contacts": [contact],
            "service_areas": [
                {
                    "id": derived_id("service_area", f"{service_id}:{a.pk}"),
                    "service_id": service_id,
                    "name": a.name,
                    "uri": f"{settings.SITE_URL}/open-data/#area-{a.slug}",
                }
                for a in cp.areas.all()
            ]  # fmt: skip
            + _citywide_area(cp, service_id),
            "attributes": [_attribute(service_id, "service", TYPE, TYPE_CONTACT_POINT)]
            + _theme_attributes(service_id, "service", cp.themes.all(), ids),
        }
    )
    return service, contact


def _citywide_area(cp, service_id):
    if not cp.citywide:
        return []
    return [{
        "id": derived_id("service_area", f"{service_id}:citywide"),
        "service_id": service_id,
        "name": "Hele stad",
        "description": "Werkt voor de hele stad: in elk gebied en elke wijk.",
        "uri": f"{settings.SITE_URL}/open-data/{CITYWIDE}",
    }]  # fmt: skip


def instrument_record(instrument, org_id, ids):
    service_id = ids("instrument", instrument.pk)
    return _clean({
        "id": service_id,
        "organization_id": org_id,
        "name": instrument.name,
        "alternate_name": instrument.slug,
        "description": "\n\n".join(part for part in (instrument.summary, instrument.description) if part),
        "url": instrument.url,
        "status": "active",
        "eligibility_description": instrument.audience,
        "fees_description": instrument.amount,
        "last_modified": instrument.updated_at.isoformat(),
        "attributes": [_attribute(service_id, "service", TYPE, TYPE_INSTRUMENT)]
        + [_attribute(service_id, "service", OFFER, code) for code in OFFERS
           if getattr(instrument, f"offers_{code}")]
        + [_attribute(service_id, "service", DEADLINES, d) for d in (instrument.deadlines,) if d]
        + _theme_attributes(service_id, "service", instrument.themes.all(), ids),
    })  # fmt: skip


def organisation_rows():
    themes = Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug"))
    areas = Prefetch("areas", queryset=Area.objects.only("id", "name", "name_en", "slug"))
    return Organisation.objects.order_by("pk").prefetch_related(
        themes,
        Prefetch("areas", queryset=Area.objects.only("id", "slug")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "slug")),
        Prefetch(
            "contact_points",
            queryset=ContactPoint.objects.order_by("pk").prefetch_related(themes, areas),
        ),
        Prefetch("instruments", queryset=Instrument.objects.order_by("pk").prefetch_related(themes)),
    )


def instrument_rows():
    return Instrument.objects.order_by("pk").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug"))
    )


def contact_point_rows():
    return ContactPoint.objects.order_by("pk").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug")),
        Prefetch("areas", queryset=Area.objects.only("id", "name", "name_en", "slug")),
    )


def organization_record(org, ids, *, full=True):
    org_id = ids("organisation", org.pk)
    phones = (
        [_phone(org.contact_phone, ids, organization_id=org_id)]
        if org.show_contact and org.contact_phone
        else []
    )
    record = {
        "id": org_id,
        "name": org.name,
        "alternate_name": org.slug,
        "description": org.description or org.summary or org.name,
        "email": org.contact_email if org.show_contact else "",
        "website": org.website,
        "uri": settings.SITE_URL + org.get_absolute_url(),
        "parent_organization_id": ids("organisation", org.parent_id) if org.parent_id else None,
        "phones": phones,
        "attributes": [_attribute(org_id, "organization", KIND, org.kind)]
        + ([_attribute(org_id, "organization", SUMMARY, org.summary)] if org.summary else [])
        + [_attribute(org_id, "organization", AREA, a.slug) for a in org.areas.all()]
        + [_attribute(org_id, "organization", NEIGHBOURHOOD, n.slug) for n in org.neighbourhoods.all()]
        + _theme_attributes(org_id, "organization", org.themes.all(), ids),
    }
    if full:
        contact_points = [contact_point_records(cp, org_id, ids) for cp in org.contact_points.all()]
        record["contacts"] = [contact for _service, contact in contact_points]
        record["services"] = [instrument_record(i, org_id, ids) for i in org.instruments.all()] + [
            service for service, _contact in contact_points
        ]
    return _clean(record)


def service_records(org, ids):
    org_id = ids("organisation", org.pk)
    yield from (instrument_record(i, org_id, ids) for i in org.instruments.all())
    yield from (contact_point_records(cp, org_id, ids)[0] for cp in org.contact_points.all())


# --- the tabular data package -----------------------------------------------------------------------


def _flat_rows(org, ids):
    """(table, row) of everything one organisation brings into the package (not the taxonomy)."""
    record = organization_record(org, ids)
    services = record.pop("services", [])
    contacts = record.pop("contacts", [])
    for phone in record.pop("phones", []):
        yield "phone", phone
    for attribute in record.pop("attributes", []):
        yield "attribute", attribute
    yield "organization", record
    for service in services:
        for attribute in service.pop("attributes", []):
            yield "attribute", attribute
        for area in service.pop("service_areas", []):
            yield "service_area", area
        service.pop("contacts", None)
        yield "service", service
    for contact in contacts:
        for phone in contact.pop("phones", []):
            yield "phone", phone
        yield "contact", contact


def datapackage():
    resources = []
    for name in TABLES:
        properties = schema(name)["properties"]
        fields = []
        for column in table_columns(name):
            prop = properties[column]
            field = {"name": column, "type": prop.get("datapackage_type") or prop.get("type", "string")}
            if prop.get("format") and prop.get("format") not in ("uuid",):
                field["format"] = prop["format"]
            fields.append(field)
        resources.append({
            "name": name,
            "path": schema(name).get("path", f"{name}s.csv"),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": "id"},
        })  # fmt: skip
    return {
        "name": "reisgids-hsds",
        "title": "Reisgids zorg en welzijn: sociale kaart (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "created": timezone.now().isoformat(),
        "licenses": [{"name": "CC0-1.0", "path": CC0, "title": "CC0 1.0"}],
        "homepage": settings.SITE_URL + "/open-data/",
        "resources": resources,
    }


def _cell(value, *, phone=False):
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value, phone=phone)


def write_package(target):
    """Write the data package as a ZIP into the file object ``target``: each CSV is written as the
    organisations are read (in chunks of ``CHUNK``), so memory stays flat whatever the directory's size.
    The CSVs are standard (``,``, UTF-8, no byte order mark) with formula cells escaped."""
    ids = Ids()
    package = datapackage()
    paths = {resource["name"]: resource["path"] for resource in package["resources"]}
    writers, counts = {}, dict.fromkeys(TABLES, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # zipfile writes one member at a time, so each table is spooled to a temporary file as the rows
        # come and copied into the archive at the end.
        files = {name: tempfile.TemporaryFile("w+", encoding="utf-8", newline="") for name in TABLES}
        for name, handle in files.items():
            writers[name] = csv.writer(handle)
            writers[name].writerow(table_columns(name))
        columns = {name: table_columns(name) for name in TABLES}

        def write(name, row):
            phones = name == "phone"
            writers[name].writerow(
                [_cell(row.get(column), phone=phones and column == "number") for column in columns[name]]
            )
            counts[name] += 1

        write("taxonomy", taxonomy_record())
        for theme in Theme.objects.order_by("pk"):
            write("taxonomy_term", theme_record(theme, ids))
        for org in organisation_rows().iterator(chunk_size=CHUNK):
            for name, row in _flat_rows(org, ids):
                write(name, row)
        for name, handle in files.items():
            handle.seek(0)
            with archive.open(paths[name], "w") as member:
                while chunk := handle.read(64 * 1024):
                    member.write(chunk.encode("utf-8"))
            handle.close()
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return counts


def read_package(source):
    """The tables of a data package ZIP (a path or file object): {table: [row dict, …]}; the CSVs are
    found by the paths in its ``datapackage.json`` (or the HSDS default names)."""
    tables = {}
    with zipfile.ZipFile(source) as archive:
        if sum(info.file_size for info in archive.infolist()) > PACKAGE_MAX_SIZE:
            raise ValueError("The package unpacks to more than PACKAGE_MAX_SIZE")
        names = set(archive.namelist())
        paths = {name: schema(name).get("path", f"{name}s.csv") for name in TABLES}
        if "datapackage.json" in names:
            package = json.loads(archive.read("datapackage.json"))
            paths.update(
                {r["name"]: r["path"] for r in package.get("resources", []) if r.get("name") in TABLES}
            )
        for name, path in paths.items():
            if path in names:
                text = archive.read(path).decode("utf-8-sig")
                tables[name] = list(csv.DictReader(io.StringIO(text)))
            else:
                tables[name] = []
    return tables
