"""Validation against the HSDS 3.0 JSON Schemas (``opendata/hsds_schema/``, copied unchanged from
the specification, CC BY-SA 4.0 © Open Referral): the export is checked with it in the tests, the
import checks every row with it before writing."""

from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from opendata.hsds import SCHEMA_DIR, schema

BASE = "https://reisgids.invalid/hsds/"


@cache
def _registry():
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = dict(schema(path.stem), **{"$id": BASE + path.name})
        resources.append(
            (BASE + path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


@cache
def validator(name):
    root = dict(schema(name), **{"$id": BASE + f"{name}.json"})
    return Draft202012Validator(root, registry=_registry(), format_checker=FormatChecker())


def errors(name, record):
    """The problems of ``record`` as an HSDS ``name`` object: a list of short messages (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or name}: {error.message}"
        for error in validator(name).iter_errors(record)
    ]
