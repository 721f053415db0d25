"""The HSDS 3.0 JSON API profile of the directory, ``/api/hsds/``: the meta endpoint, paged
organisations and services (``page``, ``per_page``; HSDS's page envelope: ``total_items``,
``total_pages``, ``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``, ``contents``), one
organisation or service by id, the taxonomies and their terms, and the tabular data package
(``datapackage.zip``). Read-only; CORS and the rate limit come from ``opendata.middleware``."""

import math
import tempfile

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.http import require_safe

from opendata import hsds
from reisgids.models import ContactPoint, Instrument, Organisation, Theme

PER_PAGE = 50
PER_PAGE_MAX = 200


def _number(request, name, default, maximum):
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return min(max(value, 1), maximum)


def _page(request, total, contents_for):
    per_page = _number(request, "per_page", PER_PAGE, PER_PAGE_MAX)
    page = _number(request, "page", 1, 1_000_000)
    pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    contents = contents_for(start, start + per_page) if start < total else []
    return JsonResponse({
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    })  # fmt: skip


@require_safe
def meta(request):
    return JsonResponse({
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/latest/hsds/api_reference.html",
        "openapi_url": settings.SITE_URL + "/api/v1/openapi.json",
    })  # fmt: skip


@require_safe
def organizations(request):
    ids = hsds.Ids()
    rows = hsds.organisation_rows()
    full = request.GET.get("full_service") in ("true", "1")
    return _page(
        request,
        Organisation.objects.count(),
        lambda start, end: [hsds.organization_record(org, ids, full=full) for org in rows[start:end]],
    )


@require_safe
def organization(request, hsds_id):
    pk = hsds.pk_for("organisation", hsds_id)
    org = hsds.organisation_rows().filter(pk=pk).first() if pk else None
    if org is None:
        raise Http404
    return JsonResponse(hsds.organization_record(org, hsds.Ids()))


def _services(start, end, ids):
    instruments = hsds.instrument_rows()
    count = instruments.count()
    records = [
        hsds.instrument_record(i, ids("organisation", i.owner_id), ids) for i in instruments[start:end]
    ]
    if end > count:
        contact_points = hsds.contact_point_rows()[max(0, start - count) : end - count]
        records += [
            hsds.contact_point_records(cp, ids("organisation", cp.organisation_id), ids)[0]
            for cp in contact_points
        ]
    return records


@require_safe
def services(request):
    ids = hsds.Ids()
    total = Instrument.objects.count() + ContactPoint.objects.count()
    return _page(request, total, lambda start, end: _services(start, end, ids))


@require_safe
def service(request, hsds_id):
    ids = hsds.Ids()
    pk = hsds.pk_for("instrument", hsds_id)
    instrument = hsds.instrument_rows().filter(pk=pk).first() if pk else None
    if instrument is not None:
        return JsonResponse(hsds.instrument_record(instrument, ids("organisation", instrument.owner_id), ids))
    pk = hsds.pk_for("contactpoint", hsds_id)
    cp = hsds.contact_point_rows().filter(pk=pk).first() if pk else None
    if cp is None:
        raise Http404
    return JsonResponse(hsds.contact_point_records(cp, ids("organisation", cp.organisation_id), ids)[0])


@require_safe
def taxonomies(request):
    return _page(request, 1, lambda start, end: [hsds.taxonomy_record()][start:end])


@require_safe
def taxonomy_terms(request):
    ids = hsds.Ids()
    rows = Theme.objects.order_by("pk")
    return _page(
        request, rows.count(), lambda start, end: [hsds.theme_record(t, ids) for t in rows[start:end]]
    )


@require_safe
def package(request):
    """The tabular data package: written to a temporary file as the rows are read, then streamed."""
    target = tempfile.TemporaryFile()
    hsds.write_package(target)
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename="reisgids-hsds.zip", content_type="application/zip"
    )
