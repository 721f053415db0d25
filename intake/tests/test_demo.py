import pytest

from deals.demo import seed_deals
from deals.models import Deal
from intake.demo import IDEAS, seed_intake
from intake.models import Intake
from reisgids import demo

pytestmark = pytest.mark.django_db


def test_seed_intake_is_idempotent_covers_every_step_and_turns_one_into_a_deal():
    demo.load()
    seed_deals()
    assert seed_intake() == {"intakes": len(IDEAS)}
    assert set(Intake.objects.values_list("status", flat=True)) == set(Intake.Status.values)
    assert seed_intake() == {"intakes": 0}
    assert Intake.objects.count() == len(IDEAS) and not Intake.objects.filter(is_demo=False).exists()
    converted = Intake.objects.get(status=Intake.Status.DEAL)
    assert Deal.objects.filter(slug=converted.deal_slug).exists()
    assert Intake.objects.get(status=Intake.Status.REFUSED).decision_maker == "college"
