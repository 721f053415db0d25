"""What the kompas report of a period holds, section by section, in its HTML and in its PDF: the
lessons of the period, the proposals and their status, the decisions with their reasoning, the
monitoring of the measures, the deals closed and finished, the schouw reports and residencies (the
figures other apps register), the marketplace matches per thema and wijk, and the priorities with
the proposals behind them. What happened outside the period stays out."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from atlas.models import LessonPage
from atlas.tests.factories import lesson_page
from deals.tests.factories import DealFactory
from kompas import services
from kompas.models import Proposal
from kompas.tests import factories as f
from marktplaats.models import Listing
from marktplaats.tests.factories import ListingFactory
from reisgids.tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status


def _text(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def test_the_report_shows_every_section_of_its_period():
    period = services.period_for()
    now = timezone.now()
    lesson = lesson_page(title="Percelen zijn te groot", kind=LessonPage.Kind.SYSTEM, first_published_at=now)
    lesson_page(title="Een les van vorig jaar", first_published_at=now - datetime.timedelta(days=400))
    adopted = f.proposal(state=S.ADOPTED, lessons=[lesson], title="Kleine percelen")
    f.proposal(state=S.OPEN, title="Eén loket voor initiatieven")
    measure = adopted.measures.get()
    services.monitoring_update(
        measure=measure, actor=measure.owner, date=timezone.localdate(), value="18%", note="Eerste meting"
    )
    theme = ThemeFactory(name="Eenzaamheid")
    services.priorities_set(
        period=period, actor=f.editor(), items=[(theme, "Eenzaamheid kwam in elke schouw terug.", [adopted])]
    )
    DealFactory(closed_at=now)
    wijk = NeighbourhoodFactory(name="Bospolder")
    listing = ListingFactory(
        status=Listing.Status.INGEVULD, matched_organisation=OrganisationFactory(), closed_at=now
    )
    listing.themes.add(theme)
    listing.neighbourhoods.add(wijk)

    report = services.report_generate(period=period)
    html = _text(report.html)
    pdf = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(report.pdf.read())).pages
    )
    for text in (html, pdf):
        assert f"Kompasrapport {period}" in text
        assert "Soort les Aantal" in text and "Status Aantal" in text  # how many, not an id ("Nummer")
        assert "Percelen zijn te groot" in text and "Een les van vorig jaar" not in text  # the lessons
        assert "Kleine percelen" in text and "Eén loket voor initiatieven" in text  # the proposals
        assert "Open voor steun" in text and "Aangenomen" in text  # their status
        assert "Past bij het beleid." in text  # the decision's reasoning
        assert "Aandeel kleine aanbieders in de aanbesteding" in text and "18% – Eerste meting" in text
        assert "Deals gesloten 1" in text
        assert "Eenzaamheid: 1" in text and "Bospolder: 1" in text  # matches per thema and wijk
        assert "Eenzaamheid kwam in elke schouw terug." in text  # the priorities
    assert "Gepubliceerde schouwrapporten" in html and "Partners in residence aan het werk" in html
