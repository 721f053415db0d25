"""The one write of the open-data app: importing an HSDS 3.0 tabular data package (a gemeente's
sociale kaart) into the directory.

``hsds_import`` runs in one transaction: it never half-imports (any error rolls back every row), and
with ``dry_run`` it reports what it would do and rolls back. Each row is checked against the HSDS
JSON Schema and our own field rules (``full_clean``) before it is written; a row that fails is
rejected with its reason and the others go on. Importing the same package again changes nothing: the
HSDS id of every row it created is kept (``HsdsIdentifier``) and finds that row again, and rows that
come from our own export carry their primary key in their id.

Mapping back (see ``opendata.hsds``): ``organization`` -> organisation (kind from the
``reisgids:kind`` attribute, else "netwerk"; the public email and phone shown when given; summary,
gebieden and wijken from the ``reisgids:summary``, ``reisgids:area`` and ``reisgids:neighbourhood``
attributes); ``service`` with a ``reisgids:type`` of ``instrument`` (or without a contact) ->
beleidsinstrument owned by its organisation (what it offers and its deadlines from the
``reisgids:offer`` and ``reisgids:deadlines`` attributes); a service of type ``aanspreekpunt`` (or
with a contact) -> aanspreekpunt (the contact's name, title, email and phone; "benader mij voor" from
the description; gebieden from its service areas by name, city-wide when one has a ``uri`` ending in
``#citywide``); ``taxonomy_term`` -> thema (by code = slug, created when missing).
"""

import uuid
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opendata import hsds
from opendata.hsds_validation import errors
from opendata.models import HsdsIdentifier
from reisgids import audit
from reisgids.csvexport import FORMULA_START
from reisgids.models import Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme

audit.register_actions(
    {
        "opendata.hsds.import": (
            gettext_lazy("Import HSDS data package"),
            gettext_lazy("Imported an HSDS data package"),
        )
    }
)


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    rejected: list = field(default_factory=list)  # (table, id, reason)
    dry_run: bool = False

    def reject(self, table, row_id, reason):
        self.rejected.append((table, row_id or "?", reason))

    def as_dict(self):
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "rejected": [{"table": t, "id": i, "reason": r} for t, i, r in self.rejected],
            "dry_run": self.dry_run,
        }


def _unescape(value):
    """Undo the export's formula escaping: a leading ``'`` before ``=``, ``+``, ``-``, ``@``…"""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _cleaned(rows):
    return [{k: _unescape(v.strip()) for k, v in row.items() if k and v and v.strip()} for row in rows]


def _valid(report, table, rows):
    valid = []
    for row in rows:
        problems = errors(table, row)
        if problems:
            report.reject(table, row.get("id"), "; ".join(problems[:3]))
        else:
            valid.append(row)
    return valid


def _state(instance, fields):
    return tuple(getattr(instance, name) for name in fields)


def _save(report, table, kind, instance, fields, hsds_id, *, created, before, m2m=None):
    """Check and save ``instance``; count it; remember its HSDS id. Returns it, or None if rejected."""
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
        report.reject(table, hsds_id, "; ".join(messages))
        return None
    changed = created or _state(instance, fields) != before
    instance.save()
    for relation, values in (m2m or {}).items():
        manager = getattr(instance, relation)
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in values}:
            manager.set(values)
            changed = True
    if hsds.derived_id(kind, instance.pk) != hsds_id:
        HsdsIdentifier.objects.get_or_create(
            kind=kind, hsds_id=uuid.UUID(hsds_id), defaults={"object_id": instance.pk}
        )
    bucket = report.created if created else (report.updated if changed else report.unchanged)
    bucket[table] += 1
    return instance


def _existing(model, kind, hsds_id):
    pk = hsds.pk_for(kind, hsds_id)
    return model.objects.filter(pk=pk).first() if pk else None


def _unique_slug(model, wanted, instance):
    base = slugify(wanted)[:180] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _themes(tables, report):
    """{taxonomy_term id: Theme}: existing thema's by code (slug), new ones created."""
    themes = {}
    for row in _valid(report, "taxonomy_term", tables["taxonomy_term"]):
        slug = slugify(row.get("code") or row["name"])[:100]
        theme = Theme.objects.filter(slug=slug).first() or Theme.objects.filter(name=row["name"]).first()
        if theme is None:
            theme = Theme(name=row["name"][:100], slug=slug, description=row.get("description", ""))
            if _save(report, "taxonomy_term", "theme", theme, (), row["id"], created=True, before=None):
                themes[row["id"]] = theme
        else:
            report.unchanged["taxonomy_term"] += 1
            themes[row["id"]] = theme
    return themes


def _attributes(tables):
    """{link_id: [attribute row]}"""
    by_link = defaultdict(list)
    for row in tables["attribute"]:
        if row.get("link_id"):
            by_link[row["link_id"]].append(row)
    return by_link


def _linked_themes(attributes, themes):
    found = []
    for row in attributes:
        if row.get("taxonomy_term_id") in themes:
            found.append(themes[row["taxonomy_term_id"]])
        elif row.get("link_type") == "theme" and row.get("value"):
            theme = Theme.objects.filter(slug=row["value"]).first()
            if theme:
                found.append(theme)
    return found


def _values(attributes, link_type):
    return [row["value"] for row in attributes if row.get("link_type") == link_type and row.get("value")]


def _value(attributes, link_type):
    return next(iter(_values(attributes, link_type)), None)


def _by_slug(model, attributes, link_type):
    slugs = _values(attributes, link_type)
    return list(model.objects.filter(slug__in=slugs)) if slugs else []


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "summary",
    "description",
    "website",
    "contact_email",
    "contact_phone",
    "show_contact",
)


def _organisations(tables, report, attributes, themes):
    phones = {row["organization_id"]: row["number"] for row in tables["phone"] if row.get("organization_id")}
    found = {}
    rows = _valid(report, "organization", tables["organization"])
    for row in rows:
        org = _existing(Organisation, "organisation", row["id"])
        created = org is None
        org = org or Organisation()
        before = None if created else _state(org, ORGANISATION_FIELDS)
        links = attributes.get(row["id"], [])
        kind = _value(links, hsds.KIND)
        org.name = row["name"]
        org.kind = kind if kind in Organisation.Kind.values else (org.kind or Organisation.Kind.NETWERK)
        org.summary = (_value(links, hsds.SUMMARY) or "")[:300]
        description = row.get("description", "")
        # the export fills HSDS's required description with the summary or the name when there is none
        org.description = "" if description in (row["name"], org.summary) else description
        org.website = row.get("website", "")
        org.contact_email = row.get("email", "")
        org.contact_phone = phones.get(row["id"], "")
        org.show_contact = bool(org.contact_email or org.contact_phone)
        if created:
            org.slug = _unique_slug(Organisation, row.get("alternate_name") or row["name"], org)
        m2m = {
            "themes": _linked_themes(links, themes),
            "areas": _by_slug(Area, links, hsds.AREA),
            "neighbourhoods": _by_slug(Neighbourhood, links, hsds.NEIGHBOURHOOD),
        }
        saved = _save(
            report, "organization", "organisation", org, ORGANISATION_FIELDS, row["id"],
            created=created, before=before, m2m=m2m,
        )  # fmt: skip
        if saved:
            found[row["id"]] = saved
    for row in rows:  # "part of", once every organisation of the package exists
        org = found.get(row["id"])
        parent_id = row.get("parent_organization_id")
        if org and parent_id:
            parent = found.get(parent_id) or _existing(Organisation, "organisation", parent_id)
            if parent and org.parent_id != parent.pk and parent.pk != org.pk:
                org.parent = parent
                org.save(update_fields=["parent"])
    return found


INSTRUMENT_FIELDS = (
    "name", "owner_id", "summary", "description", "url", "audience", "amount", "deadlines",
    *(f"offers_{code}" for code in hsds.OFFERS),
)  # fmt: skip
CONTACT_POINT_FIELDS = (
    "organisation_id",
    "name",
    "function",
    "approach_for",
    "email",
    "phone",
    "availability",
    "citywide",
)


def _instrument(row, owner, links, themes, report):
    instrument = _existing(Instrument, "instrument", row["id"])
    created = instrument is None
    instrument = instrument or Instrument()
    before = None if created else _state(instrument, INSTRUMENT_FIELDS)
    summary, _sep, rest = row.get("description", "").partition("\n\n")
    instrument.name = row["name"]
    instrument.owner = owner
    instrument.summary = summary or row["name"]
    instrument.description = rest
    instrument.url = row.get("url", "")
    instrument.audience = row.get("eligibility_description", "")
    instrument.amount = row.get("fees_description", "")
    instrument.deadlines = (_value(links, hsds.DEADLINES) or "")[:200]
    offers = set(_values(links, hsds.OFFER))
    for code in hsds.OFFERS:
        setattr(instrument, f"offers_{code}", code in offers)
    if created:
        instrument.slug = _unique_slug(Instrument, row.get("alternate_name") or row["name"], instrument)
    _save(report, "service", "instrument", instrument, INSTRUMENT_FIELDS, row["id"], created=created,
          before=before, m2m={"themes": _linked_themes(links, themes)})  # fmt: skip


def _contact_point(row, organisation, contact, phone, areas, citywide, links, themes, report):
    if not contact or not contact.get("name"):
        report.reject("service", row["id"], _("A contact point needs a contact with a name."))
        return
    cp = _existing(ContactPoint, "contactpoint", row["id"])
    created = cp is None
    cp = cp or ContactPoint()
    before = None if created else _state(cp, CONTACT_POINT_FIELDS)
    cp.organisation = organisation
    cp.name = contact["name"]
    cp.function = contact.get("title") or row["name"]
    cp.approach_for = row.get("description") or row["name"]
    cp.email = contact.get("email") or row.get("email", "")
    cp.phone = phone or ""
    cp.availability = row.get("application_process", "")
    cp.citywide = citywide
    _save(report, "service", "contactpoint", cp, CONTACT_POINT_FIELDS, row["id"], created=created,
          before=before, m2m={"themes": _linked_themes(links, themes), "areas": areas})  # fmt: skip


def _services(tables, report, attributes, themes, organisations):
    contacts = {}
    for row in _valid(report, "contact", tables["contact"]):
        contacts.setdefault(row.get("service_id"), row)
    phones = {row["contact_id"]: row["number"] for row in tables["phone"] if row.get("contact_id")}
    areas_by_name = {area.name.lower(): area for area in Area.objects.all()}
    service_areas, citywide = defaultdict(list), set()
    for row in _valid(report, "service_area", tables["service_area"]):
        if row.get("uri", "").endswith(hsds.CITYWIDE):
            citywide.add(row.get("service_id"))
        elif area := areas_by_name.get(row.get("name", "").lower()):
            service_areas[row.get("service_id")].append(area)
    for row in _valid(report, "service", tables["service"]):
        org_id = row.get("organization_id")
        organisation = organisations.get(org_id) or (
            org_id and _existing(Organisation, "organisation", org_id)
        )
        if not organisation:
            report.reject("service", row["id"], _("Its organisation is not in the package or the directory."))
            continue
        links = attributes.get(row["id"], [])
        contact = contacts.get(row["id"])
        kind = _value(links, hsds.TYPE) or (hsds.TYPE_CONTACT_POINT if contact else hsds.TYPE_INSTRUMENT)
        if kind == hsds.TYPE_CONTACT_POINT:
            phone = phones.get(contact["id"]) if contact else None
            areas = service_areas[row["id"]]
            _contact_point(
                row, organisation, contact, phone, areas, row["id"] in citywide, links, themes, report
            )
        else:
            _instrument(row, organisation, links, themes, report)


@transaction.atomic
def hsds_import(*, source, actor=None, dry_run=False):
    """Import the HSDS tabular data package ``source`` (a ZIP: path or file object). Returns an
    ``ImportReport``. Raises ``ValidationError`` when ``source`` is not a data package."""
    try:
        tables = hsds.read_package(source)
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise ValidationError(_("This is not an HSDS data package (a ZIP of CSV files).")) from error
    report = ImportReport(dry_run=dry_run)
    tables = {name: _cleaned(rows) for name, rows in tables.items()}
    attributes = _attributes(tables)
    themes = _themes(tables, report)
    organisations = _organisations(tables, report, attributes, themes)
    _services(tables, report, attributes, themes, organisations)
    if dry_run:
        transaction.set_rollback(True)
    elif actor is not None and getattr(actor, "is_authenticated", False):
        audit.record(actor, "opendata.hsds.import", actor=actor, data=report.as_dict())
    return report
