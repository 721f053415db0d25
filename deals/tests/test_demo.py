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


def test_the_demo_ambtenaar_answers_the_invitation_of_gebiedsorganisatie_delfshaven():
    """Gebiedsorganisatie Delfshaven has no beheerder; the demo ambtenaar is its member and its
    aanspreekpunt, so she may answer the demo deal's invitation (and nobody else of it may)."""
    from deals import selectors, services
    from reisgids.models import Membership, User

    demo.load()
    seed_deals()
    invitation = DealPartner.objects.get(
        deal__slug="buurtkoken-tegen-eenzaamheid", organisation__slug="gebiedsorganisatie-delfshaven"
    )
    assert invitation.status == DealPartner.Status.INVITED and invitation.invited_at is not None
    assert not Membership.objects.filter(
        organisation=invitation.organisation, role=Membership.Role.BEHEERDER
    ).exists()
    ambtenaar = User.objects.get(email="ambtenaar@demo.reisgids.example")
    assert selectors.invitation_responders(partner=invitation) == [ambtenaar]
    services.partner_respond(partner=invitation, actor=ambtenaar, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == DealPartner.Status.ACCEPTED
    seed_deals()  # seeding again opens the demo invitation again
    invitation.refresh_from_db()
    assert invitation.status == DealPartner.Status.INVITED
