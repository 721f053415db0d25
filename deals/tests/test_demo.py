import pytest

from deals.demo import seed_deals
from deals.models import Deal, DealPartner
from reisgids import demo

pytestmark = pytest.mark.django_db


def test_seed_deals_is_idempotent_and_covers_every_step():
    demo.load()
    seed_deals()
    counts = (Deal.objects.count(), DealPartner.objects.count())
    assert seed_deals() == len(Deal.Status)
    assert (Deal.objects.count(), DealPartner.objects.count()) == counts
    assert set(Deal.objects.values_list("status", flat=True)) == set(Deal.Status.values)
    delfshaven = Deal.objects.get(slug="respijt-voor-mantelzorgers-in-delfshaven")
    assert {p.organisation.slug for p in delfshaven.partners.all()} == {
        "zorgvrijstaat-west",
        "gebiedsorganisatie-delfshaven",
        "humanitas-rotterdam",
    }
    making = Deal.objects.get(slug="wonen-en-zorg-onder-een-dak")
    assert making.in_the_making and making.seeking_partner_kinds == ["woningcorporatie"]
