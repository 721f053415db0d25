"""The read-only public API, ``/api/v1/``: one resource per registered dataset (``reisgids.datasets``),
built with django-ninja when the URLs load (after every app's ``ready()`` registered its datasets).

Per dataset: ``GET /api/v1/<key>/`` (the page's filters as query parameters, ``page`` and
``page_size``) and ``GET /api/v1/<key>/<lookup>/``. Responses carry an ``ETag`` (the dataset's cache
namespaces' versions, the path and the language) and, where the rows date their changes,
``Last-Modified``; a conditional request that matches gets a 304 before the rows are read. CORS and the
rate limit for every ``/api/`` path are in ``opendata.middleware``. The OpenAPI 3 document is at
``/api/v1/openapi.json``, the browsable docs at ``/api/v1/docs/`` (Swagger UI from ninja's own static
files, nothing from a CDN).
"""

import hashlib
import math
from typing import Any, Literal

import django_filters
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language
from ninja import NinjaAPI, Query, Schema, Status
from ninja.openapi.docs import Swagger
from pydantic import create_model

from opendata.selectors import filtered_rows, filters_of, last_change
from reisgids.caching import versions_of
from reisgids.datasets import datasets

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100
CACHE_SECONDS = 60  # max-age for clients
CACHE_TIMEOUT = 3600  # seconds a page of a list is kept (its key changes with every write anyway)


class ErrorOut(Schema):
    detail: Any


class ResourceOut(Schema):
    key: str
    title: str
    description: str
    url: str
    licence: str


ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _camel(key):
    return "".join(part.capitalize() for part in key.replace("-", "_").split("_"))


def _filter_type(filter_):
    """A filter's type in the schema: an enum for a fixed set of codes, else a string."""
    choices = filter_.extra.get("choices")
    if isinstance(filter_, django_filters.ChoiceFilter) and isinstance(choices, list | tuple) and choices:
        return Literal[tuple(str(value) for value, _label in choices)]
    return str


def filter_model(dataset):
    fields = {}
    if dataset.filterset is not None:
        for name, filter_ in filters_of(dataset.filterset).items():
            fields[name] = (_filter_type(filter_) | None, None)
    return create_model(f"{_camel(dataset.key)}Filters", __base__=Schema, **fields)


def record_model(dataset):
    fields = {f.name: (f.type, ...) for f in dataset.fields}
    return create_model(_camel(dataset.key).rstrip("s") or dataset.key, __base__=Schema, **fields)


def page_model(dataset, record):
    return create_model(
        f"{_camel(dataset.key)}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        pages=(int, ...),
        next=(str | None, ...),
        previous=(str | None, ...),
        results=(list[record], ...),
    )


def _etag(request, dataset):
    versions = versions_of(dataset.namespaces) if dataset.namespaces else {}
    if versions is None:  # the cache is down: no validator, every response is fresh
        return None
    parts = [dataset.key, request.get_host(), request.get_full_path(), get_language() or ""]
    parts.append(repr(sorted(versions.items())))
    return '"' + hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest() + '"'


def _set_validators(response, etag, last_modified):
    if etag:
        response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    patch_vary_headers(response, ("Accept-Language",))


def _not_modified(request, etag, last_modified):
    """A 304 with the validators when the request's conditions match, else None."""
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is not None:
        _set_validators(response, etag, last_modified)
    return response


def _page_link(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(request.path + "?" + urlencode(sorted(params.lists()), doseq=True))


def _add_list(api, dataset):
    record = record_model(dataset)
    page_schema = page_model(dataset, record)
    filters_schema = filter_model(dataset)

    def list_rows(request, page, page_size):
        """A warm request is served from the cache: the page's JSON is kept under its ETag (the
        dataset's namespace versions, host, path with query string, language), so any write that
        changes the register makes the next request build it afresh."""
        etag = _etag(request, dataset)
        key = f"opendata-api:{etag}" if etag else None
        kept = cache.get(key) if key else None
        if kept is None:
            rows, errors = filtered_rows(dataset, request.GET)
            if errors:
                return Status(400, {"detail": errors})
            latest = last_change(dataset, rows)
            last_modified = int(latest.timestamp()) if latest else None
            if (not_modified := _not_modified(request, etag, last_modified)) is not None:
                return not_modified
            count = rows.count()
            pages = max(1, math.ceil(count / page_size))
            start = (page - 1) * page_size
            results = (
                [dataset.record(row) for row in rows[start : start + page_size]] if start < count else []
            )
            payload = {
                "count": count,
                "page": page,
                "pages": pages,
                "next": _page_link(request, page + 1) if page < pages else None,
                "previous": _page_link(request, page - 1) if 1 < page <= pages else None,
                "results": results,
            }
            kept = (page_schema.model_validate(payload).model_dump_json(), last_modified)
            if key:
                cache.set(key, kept, CACHE_TIMEOUT)
        body, last_modified = kept
        if (not_modified := _not_modified(request, etag, last_modified)) is not None:
            return not_modified
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        _set_validators(response, etag, last_modified)
        return response

    if filters_schema.model_fields:

        def operation(
            request,
            filters: Query[filters_schema],
            page: int = Query(1, ge=1, le=100_000),
            page_size: int = Query(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX),
        ):
            return list_rows(request, page, page_size)

    else:

        def operation(
            request,
            page: int = Query(1, ge=1, le=100_000),
            page_size: int = Query(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX),
        ):
            return list_rows(request, page, page_size)

    api.api_operation(
        ["GET"],
        f"/{dataset.key}/",
        response={200: page_schema, 304: None, **ERRORS},
        operation_id=f"{dataset.key.replace('-', '_')}_list",
        summary=str(dataset.title),
        description=str(dataset.description),
        tags=[dataset.key],
    )(operation)
    return record


def _add_detail(api, dataset, record):
    lookup_type = dataset.lookup_type

    def one_row(request, response: HttpResponse, lookup: lookup_type):
        row = dataset.rows().filter(**{dataset.lookup: lookup}).first()
        if row is None:
            raise Http404
        etag = _etag(request, dataset)
        changed = getattr(row, dataset.updated) if dataset.updated else None
        last_modified = int(changed.timestamp()) if changed else None
        if (not_modified := _not_modified(request, etag, last_modified)) is not None:
            return not_modified
        _set_validators(response, etag, last_modified)
        return Status(200, dataset.record(row))

    api.api_operation(
        ["GET"],
        f"/{dataset.key}/{{lookup}}/",
        response={200: record, 304: None, **ERRORS},
        operation_id=f"{dataset.key.replace('-', '_')}_get",
        summary=str(dataset.title),
        tags=[dataset.key],
    )(one_row)


class AccessibleSwagger(Swagger):
    """ninja's Swagger UI page with the page language, a main landmark and colours that meet WCAG 2.1
    AA (``templates/opendata/swagger.html``)."""

    template = "opendata/swagger.html"


def build_api():
    api = NinjaAPI(
        title="Reisgids zorg en welzijn: open data",
        version="1",
        description=(
            "Read-only access to every public register of the Reisgids: the same rows and filters as "
            "the site's pages. Licence: CC0 1.0 per dataset (see /open-data/). Anonymous clients get "
            "a limited number of requests per minute; over the limit the answer is 429 with Retry-After."
        ),
        urls_namespace="api-v1",
        # no deep links: Swagger UI makes each operation's path a link inside its toggle button, a
        # focusable control nested in another (WCAG 4.1.2)
        docs=AccessibleSwagger(settings={"persistAuthorization": False, "deepLinking": False}),
        docs_url="/docs/",
        openapi_url="/openapi.json",
    )

    @api.get("/", response={200: list[ResourceOut], 429: ErrorOut}, operation_id="resources", tags=["index"])
    def resources(request):
        """Every dataset of the API, with its list's address."""
        return [
            {
                "key": d.key,
                "title": str(d.title),
                "description": str(d.description),
                "url": request.build_absolute_uri(f"/api/v1/{d.key}/"),
                "licence": d.licence,
            }
            for d in datasets()
        ]

    for dataset in datasets():
        record = _add_list(api, dataset)
        _add_detail(api, dataset, record)
    return api
