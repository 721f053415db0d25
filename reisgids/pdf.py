"""PDF documents from Django templates, with WeasyPrint: the one PDF machinery of the project (the
kompas report, the schouw report).

``render_pdf(template_name, context, request=None) -> bytes`` renders the template to HTML and that to
PDF. Stylesheets and images are read from the static files (the finders in development and tests,
``STATIC_ROOT`` after collectstatic), never over the network: a document with a URL that is not a
static file or a ``data:`` URL gets nothing for it. WeasyPrint needs Pango (the Dockerfile and
``.ci/run`` install ``libpango-1.0-0`` and ``libpangoft2-1.0-0``) and is imported on first use, so a
site without it still starts and only the PDF fails."""

import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_MAGIC = b"%PDF-"


def _static_path(url):
    static_url = settings.STATIC_URL or "/static/"
    if not url.startswith(static_url):
        return None
    name = url[len(static_url) :].split("?", 1)[0]
    return finders.find(name)


def _fetcher():
    """Serves static files from disk and refuses everything else (no network while rendering)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url.removeprefix("file://"))
            if path is None:
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            with open(path, "rb") as file:
                body = file.read()
            mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, headers={"Content-Type": mime_type})

    return StaticFetcher()


def render_html(template_name, context, request=None):
    return render_to_string(template_name, context, request)


def html_to_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, base_url="file:///", url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name, context, request=None):
    """The PDF (bytes) of ``template_name`` rendered with ``context``."""
    return html_to_pdf(render_html(template_name, context, request))
