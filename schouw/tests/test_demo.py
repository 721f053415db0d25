import pytest

from atlas.models import LessonPage
from deals.demo import seed_deals
from reisgids import demo
from schouw import selectors
from schouw.demo import PHASES, seed_schouw
from schouw.models import Schouw

pytestmark = pytest.mark.django_db


def test_seed_schouw_has_one_schouw_in_each_phase_a_published_report_with_three_lessons_and_a_peer_review():
    demo.load()
    seed_deals()
    assert seed_schouw() == {"schouwen": len(PHASES) + 1}  # and the peer review
    assert seed_schouw() == {"schouwen": 0}  # idempotent
    of_deals = Schouw.objects.filter(kind=Schouw.Kind.SCHOUW)
    assert sorted(of_deals.values_list("phase", flat=True)) == sorted(PHASES)
    published = of_deals.get(phase=Schouw.Phase.PUBLISHED)
    assert bytes(published.report_pdf).startswith(b"%PDF")
    lessons = list(published.lessons.select_related("page"))
    assert len(lessons) == 3 and all(lesson.page and not lesson.page.live for lesson in lessons)
    assert LessonPage.objects.filter(source="schouw", live=False).count() == 3
    assert [lesson.for_kompas for lesson in lessons].count(True) == 1
    # and a published peer review linked to two or three demo deals, listed on each of their pages
    review = Schouw.objects.get(kind=Schouw.Kind.PEER_REVIEW)
    deals = list(review.deals.all())
    assert review.is_published and review.deal_id is None and 2 <= len(deals) <= 3
    assert review.partners.count() >= 2
    for deal in deals:
        assert review in selectors.deal_schouwen(deal.pk)[0]
