"""The schouw report as HTML (a page of the site) and as PDF (WeasyPrint): a qualitative picture of
the collaboration and of each partner's contribution, the results per partner and criterion (a
chart and the texts, never who wrote them), the bespreking and the lessons. The PDF is rendered
once when the report is published and kept with the schouw; before that, participants can render
a preview."""

from django.utils import translation

from reisgids import pdf
from schouw import selectors


def report_context(schouw):
    return {
        "schouw": schouw,
        "results": selectors.results(schouw),
        "lessons": selectors.lessons(schouw),
        "revisions": list(schouw.agreement_revisions.order_by("created_at", "id")),
    }


def render_pdf(schouw):
    """The report as PDF bytes, in Dutch (the report's language), with its own print stylesheet and
    no resource fetched from outside (``reisgids.pdf``, the project's one PDF machinery)."""
    with translation.override("nl"):
        return pdf.render_pdf("schouw/report_pdf.html", report_context(schouw))
