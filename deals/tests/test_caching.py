"""The public deal register and the public body of a deal page come from the fragment cache
(reisgids.caching, namespace "deals"): every change is visible on the next request, and what only
partners may see never ends up in the fragment that visitors get."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deals import services
from deals.models import Contribution, DealPartner
from deals.tests.factories import (
    ContributionFactory,
    DealFactory,
    DealPartnerFactory,
    ExpectedResultFactory,
    KickoffMomentFactory,
    MilestoneFactory,
    RiskFactory,
)
from reisgids.tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

SECRET_RISK = "Geheim risico: de subsidie valt weg"
SECRET_NOTE = "Interne notitie: alleen voor partners"


def html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def deal():
    deal = DealFactory(running=True, title="Respijt in Bospolder", internal_notes=SECRET_NOTE)
    partner = DealPartnerFactory(deal=deal, organisation=OrganisationFactory(name="Humanitas Rotterdam"))
    ContributionFactory(partner=partner, description="Twee vrijwilligers per week")
    RiskFactory(deal=deal, description=SECRET_RISK)
    return deal


def partner_user(deal):
    trekker = deal.partners.get(role=DealPartner.Role.TREKKER)
    return MembershipFactory(organisation=trekker.organisation).user


def test_repeated_requests_are_served_without_deal_queries(client, deal):
    html(client, "/deals/?q=respijt")
    with CaptureQueriesContext(connection) as queries:
        assert "Respijt in Bospolder" in html(client, "/deals/?q=respijt")
    assert len(queries) == 0

    # an anonymous visitor gets the whole deal page from the cache
    path = deal.get_absolute_url()
    html(client, path)
    with CaptureQueriesContext(connection) as queries:
        assert "Twee vrijwilligers per week" in html(client, path)
    assert len(queries) == 0

    # a signed-in visitor: only what decides their own buttons (the deal with their roles, its
    # partners; session and user come from the cache); the public body comes from the cache
    client.force_login(MembershipFactory(organisation=OrganisationFactory()).user)
    html(client, path)
    with CaptureQueriesContext(connection) as queries:
        assert "Twee vrijwilligers per week" in html(client, path)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "deals_contribution" not in tables and "deals_expectedresult" not in tables
    assert len(queries) <= 2


def test_user_dependent_parts_of_a_deal_in_the_making_stay_out_of_the_cache(client):
    deal = DealFactory(in_the_making=True, title="Logeerhuis zoekt woningcorporatie")
    path = deal.get_absolute_url()
    assert "Log in om aan te sluiten bij deze deal" in html(client, path)
    client.force_login(MembershipFactory(organisation=OrganisationFactory()).user)
    signed_in = html(client, path)
    assert "Sluit aan bij deze deal" in signed_in and "Log in om aan te sluiten" not in signed_in
    client.logout()
    anonymous = html(client, path)
    assert (
        "Sluit aan bij deze deal" not in anonymous and "Log in om aan te sluiten bij deze deal" in anonymous
    )


def test_new_changed_and_deleted_deals_show_on_the_next_request(client, deal):
    assert "Respijt in Bospolder" in html(client, "/deals/")
    other = DealFactory(closed=True, title="Buurtkeuken Charlois")
    assert "Buurtkeuken Charlois" in html(client, "/deals/")
    other.title = "Buurtkeuken Feijenoord"
    other.save()
    listing = html(client, "/deals/")
    assert "Buurtkeuken Feijenoord" in listing and "Buurtkeuken Charlois" not in listing
    other.delete()
    assert "Buurtkeuken Feijenoord" not in html(client, "/deals/")
    # links: a theme added to a deal shows up under that filter
    theme = ThemeFactory(name="Mantelzorg")
    assert "Respijt in Bospolder" not in html(client, f"/deals/?theme={theme.slug}")
    deal.themes.add(theme)
    assert "Respijt in Bospolder" in html(client, f"/deals/?theme={theme.slug}")
    area = AreaFactory(name="Delfshaven")
    deal.areas.add(area)
    assert "Delfshaven" in html(client, deal.get_absolute_url())


def test_the_deal_page_follows_every_change_of_what_it_shows(client, deal):
    path = deal.get_absolute_url()
    partner = deal.partners.get(organisation__name="Humanitas Rotterdam")
    contribution = partner.contributions.get()
    assert "Twee vrijwilligers per week" in html(client, path)

    contribution.description = "Drie vrijwilligers per week"
    contribution.save()
    assert "Drie vrijwilligers per week" in html(client, path)

    ContributionFactory(partner=partner, kind=Contribution.Kind.SPACE, description="Een zaal op zaterdag")
    assert "Een zaal op zaterdag" in html(client, path)
    Contribution.objects.filter(description="Een zaal op zaterdag").delete()
    assert "Een zaal op zaterdag" not in html(client, path)

    ExpectedResultFactory(deal=deal, description="Veertig mantelzorgers ontlast")
    MilestoneFactory(deal=deal, title="Eerste logeerweekend")
    page = html(client, path)
    assert "Veertig mantelzorgers ontlast" in page and "Eerste logeerweekend" in page

    moment = KickoffMomentFactory(title="Dealdag voorjaar")
    deal.kickoff_moment = moment
    deal.save(update_fields=["kickoff_moment"])
    assert "Dealdag voorjaar" in html(client, path)
    moment.title = "Dealdag zomer"
    moment.save()
    assert "Dealdag zomer" in html(client, path)

    # names come from the directory: renaming a partner organisation shows everywhere
    organisation = partner.organisation
    organisation.name = "Humanitas Rotterdam-West"
    organisation.save()
    assert "Humanitas Rotterdam-West" in html(client, path)
    assert "Humanitas Rotterdam-West" in html(client, "/deals/")

    DealPartnerFactory(deal=deal, organisation=OrganisationFactory(name="Woonstad Rotterdam"))
    assert "Woonstad Rotterdam" in html(client, path)


def test_a_partner_and_a_visitor_see_different_pages_and_private_fields_never_leak(client, deal):
    path = deal.get_absolute_url()
    partner = partner_user(deal)
    stranger = MembershipFactory(organisation=OrganisationFactory()).user

    client.force_login(partner)
    own = html(client, path)
    assert SECRET_RISK in own and SECRET_NOTE in own and "Alleen voor de partners" in own
    assert "Deal bewerken" in own

    for viewer in (None, stranger):
        client.logout()
        if viewer:
            client.force_login(viewer)
        seen = html(client, path)
        assert "Twee vrijwilligers per week" in seen  # the public body
        assert SECRET_RISK not in seen and SECRET_NOTE not in seen
        assert "Alleen voor de partners" not in seen and "Deal bewerken" not in seen

    # and the other way round: a visitor first, then the partner still sees the private fields
    client.logout()
    html(client, path)
    client.force_login(partner)
    assert SECRET_RISK in html(client, path)


def test_the_public_body_never_holds_a_partners_own_buttons(client, deal):
    path = deal.get_absolute_url()
    client.force_login(partner_user(deal))
    assert "Inbreng toevoegen" in html(client, path)
    client.logout()
    assert "Inbreng toevoegen" not in html(client, path)


def test_a_deal_that_is_no_longer_public_is_not_served_from_the_cache(client, deal):
    path = deal.get_absolute_url()
    assert client.get(path).status_code == 200
    deal.status = deal.Status.PLANNING
    deal.save(update_fields=["status"])
    assert client.get(path).status_code == 404
    assert "Respijt in Bospolder" not in html(client, "/deals/")


def test_a_service_write_shows_on_the_next_request(client, deal, django_capture_on_commit_callbacks):
    path = deal.get_absolute_url()
    user = partner_user(deal)
    html(client, path)
    trekker = deal.partners.get(role=DealPartner.Role.TREKKER)
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_create(
            partner=trekker, actor=user, kind=Contribution.Kind.NETWORK, description="Ons buurtnetwerk"
        )
    assert "Ons buurtnetwerk" in html(client, path)  # an anonymous visitor: the public body
