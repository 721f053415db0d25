"""Thin views of /open-data/: the page with every dataset, the downloads and the DCAT catalogue."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from opendata import dcat, selectors
from opendata.exports import DOWNLOADS
from reisgids.datasets import FREQUENCIES, datasets


def open_data(request):
    rows = [
        {"dataset": d, "frequency": FREQUENCIES[d.frequency][1], "formats": list(DOWNLOADS)}
        for d in datasets()
    ]
    return render(request, "opendata/open_data.html", {"rows": rows})


def download(request, key, fmt):
    dataset = selectors.dataset_get(key=key)
    rows, errors = selectors.filtered_rows(dataset, request.GET)
    if errors:
        return JsonResponse({"detail": errors}, status=400)
    return DOWNLOADS[fmt](dataset, rows, language=get_language())


def catalogue(request):
    """The DCAT-AP catalogue in JSON-LD, for data.overheid.nl to harvest."""
    body = json.dumps(dcat.catalogue(base=settings.SITE_URL), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
