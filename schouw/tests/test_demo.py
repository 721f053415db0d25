import pytest

from atlas.models import LessonPage
from deals.demo import seed_deals
from reisgids import demo
from schouw.demo import PHASES, seed_schouw
from schouw.models import Schouw

pytestmark = pytest.mark.django_db


def test_seed_schouw_has_one_schouw_in_each_phase_and_a_published_report_with_three_lessons():
    demo.load()
    seed_deals()
    assert seed_schouw() == {"schouwen": len(PHASES)}
    assert seed_schouw() == {"schouwen": 0}  # idempotent
    assert sorted(Schouw.objects.values_list("phase", flat=True)) == sorted(PHASES)
    published = Schouw.objects.get(phase=Schouw.Phase.PUBLISHED)
    assert bytes(published.report_pdf).startswith(b"%PDF")
    lessons = list(published.lessons.select_related("page"))
    assert len(lessons) == 3 and all(lesson.page and not lesson.page.live for lesson in lessons)
    assert LessonPage.objects.filter(source="schouw", live=False).count() == 3
    assert [lesson.for_kompas for lesson in lessons].count(True) == 1
