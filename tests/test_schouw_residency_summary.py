"""Issue 13, phase 1 (open schouw): beside the deal's goals, agreements and contributions, the schouw
page shows the residency summary of issue 12 when the deal has a partner in residence — the counts
of the period and a link to "bereid de schouw voor" for that period — and nothing of the kind when it
has none. (The schouw and the residences are apps of one layer: the summary reaches the schouw
through ``deals.extensions.evaluation_inputs``, registered by ``residence``.)"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from deals.models import DealPartner
from residence.tests.factories import ConcernFactory, LogEntryFactory, ResidencyFactory
from schouw.models import Schouw
from schouw.tests.factories import running_deal, schouw_in

pytestmark = pytest.mark.django_db
SUMMARY_TITLE = "Partner in residence: samenvatting voor de schouw"


def _open_schouw_with(residency=True):
    deal, members = running_deal(partners=2)
    if residency:
        home = DealPartner.objects.get(deal=deal, role=DealPartner.Role.TREKKER).organisation
        host = deal.partners.exclude(organisation=home).get().organisation
        stay = ResidencyFactory(deal=deal, home_partner=home, host_partner=host)
        LogEntryFactory(residency=stay, date=timezone.localdate() - datetime.timedelta(days=3))
        LogEntryFactory(residency=stay, date=timezone.localdate() - datetime.timedelta(days=2))
        ConcernFactory(residency=stay)
    schouw, _actor, deal, members = schouw_in(Schouw.Phase.OPEN, deal=deal, members=members)
    return schouw, deal, members


def test_the_open_schouw_shows_the_residency_summary_of_the_deal(client):
    schouw, deal, members = _open_schouw_with(residency=True)
    client.force_login(next(iter(members.values()))[0])
    html = client.get(reverse("schouw:detail", args=[schouw.pk])).content.decode()
    assert SUMMARY_TITLE in html
    assert "2 logboekregels, 1 knelpunten en 0 nevenactiviteiten in de periode." in html
    assert reverse("residence:schouw", kwargs={"slug": deal.slug}) + "?van=" in html


def test_an_open_schouw_of_a_deal_without_residency_shows_no_summary(client):
    schouw, _deal, members = _open_schouw_with(residency=False)
    client.force_login(next(iter(members.values()))[0])
    html = client.get(reverse("schouw:detail", args=[schouw.pk])).content.decode()
    assert SUMMARY_TITLE not in html
