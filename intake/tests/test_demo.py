import pytest

from deals.demo import seed_deals
from deals.models import Deal
from intake.demo import CO_INITIATOR_STEP, IDEAS, seed_intake
from intake.models import Intake
from intake.services import is_initiator
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
    # One idea has a co-initiator from outside the organisation, who accepted and may answer the advice.
    advised = Intake.objects.get(status=CO_INITIATOR_STEP)
    neighbour = advised.co_initiators.get().user
    assert neighbour.email == "buurman@demo.reisgids.example"
    assert is_initiator(advised, neighbour)
    assert Intake.objects.get(status=Intake.Status.PLAN).co_initiators.count() == 0
