"""The deal page: one fetch of the deal decides what the viewer may do and feeds the page; the body
comes from the fragment cache per audience (the public body for every visitor who is not a partner,
the partners' body per set of partnerships the viewer may edit) and only what is personal (buttons,
forms with the viewer's CSRF token, invitations) is rendered per request (issue 11).

What partners alone see is checked against every other viewer with the caches warmed in both
orders; every write that changes the page or who may see what shows on the next request."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deals import services
from deals.extensions import DEAL_SECTIONS, register_deal_section
from deals.models import Deal, DealPartner
from deals.tests.factories import (
    ContributionFactory,
    DealEventFactory,
    DealFactory,
    DealPartnerFactory,
    MilestoneFactory,
    RiskFactory,
)
from reisgids import roles
from reisgids.caching import CSRF_SLOT, slot
from reisgids.models import Membership
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_RISK = "Geheim risico: de subsidie valt weg"
SECRET_NOTE = "Interne notitie: alleen voor partners"
INVITED_NAME = "Woonstad Uitgenodigd"
# what only partners see: the private section, the risk analysis, the notes, the timeline, the
# invited organisation in the list of partners, and "input not confirmed"
PRIVATE = (
    SECRET_RISK,
    SECRET_NOTE,
    "Alleen voor de partners",
    "Wat er gebeurde",
    INVITED_NAME,
    "inbreng niet bevestigd",
)


def page(client, deal):
    response = client.get(deal.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html  # every slot (the CSRF token among them) is filled
    return html


def confirm_url(deal, partner):
    return f"/deals/{deal.slug}/partners/{partner.pk}/bevestigen/"


@pytest.fixture
def deal():
    deal = DealFactory(running=True, title="Respijt in Bospolder", internal_notes=SECRET_NOTE)
    co = DealPartnerFactory(deal=deal, organisation=OrganisationFactory(name="Humanitas Rotterdam"))
    ContributionFactory(partner=co, description="Twee vrijwilligers per week")
    ContributionFactory(
        partner=deal.partners.get(role=DealPartner.Role.TREKKER), description="Een coördinator"
    )
    DealPartnerFactory(deal=deal, organisation=OrganisationFactory(name=INVITED_NAME), invited=True)
    RiskFactory(deal=deal, description=SECRET_RISK)
    DealEventFactory(deal=deal)
    return deal


def trekker_of(deal):
    return deal.partners.get(role=DealPartner.Role.TREKKER)


def co_partner_of(deal):
    return deal.partners.get(organisation__name="Humanitas Rotterdam")


def viewers(deal):
    return {
        "trekker": MembershipFactory(organisation=trekker_of(deal).organisation).user,
        "co-partner": MembershipFactory(organisation=co_partner_of(deal).organisation).user,
        "stranger": MembershipFactory(organisation=OrganisationFactory()).user,
        "invited": MembershipFactory(
            organisation=deal.partners.get(status=DealPartner.Status.INVITED).organisation, beheerder=True
        ).user,
        "network manager": network_manager(),
        "anonymous": None,
    }


def network_manager():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.NETWORK_MANAGERS_GROUP)[0])
    return user


def as_viewer(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def check(name, html, deal):
    trekker, co = trekker_of(deal), co_partner_of(deal)
    if name in ("trekker", "co-partner"):
        for text in PRIVATE:
            assert text in html, (name, text)
    else:
        for text in PRIVATE:
            # the invited organisation's member sees its own invitation, the network manager the
            # open invitations (to assign who answers), neither the partners' list
            if not (name in ("invited", "network manager") and text == INVITED_NAME):
                assert text not in html, (name, text)
    assert ("Aannemen namens" in html) == (name == "invited")
    assert ('name="user"' in html) == (name == "network manager")  # the responder form
    assert "Twee vrijwilligers per week" in html and "Een coördinator" in html  # the public body
    # personal buttons: each partner's own, the trekker's edit button
    assert (confirm_url(deal, trekker) in html) == (name == "trekker")
    assert (confirm_url(deal, co) in html) == (name == "co-partner")
    assert ("Deal bewerken" in html) == (name in ("trekker", "co-partner"))
    assert ("Inbreng toevoegen" in html) == (name in ("trekker", "co-partner"))
    assert ("Partner uitnodigen" in html) == (name == "trekker")


@pytest.mark.parametrize(
    "order",
    [
        ("trekker", "co-partner", "stranger", "invited", "network manager", "anonymous"),
        ("anonymous", "network manager", "invited", "stranger", "co-partner", "trekker"),
        ("stranger", "trekker", "anonymous", "co-partner", "network manager", "invited"),
    ],
)
def test_partners_see_private_fields_and_their_own_buttons_and_no_one_else_does(deal, order):
    people = viewers(deal)
    for _round in range(2):  # cold, then warm in this order
        for name in order:
            check(name, page(as_viewer(people[name]), deal), deal)


def test_the_csrf_token_in_a_cached_form_is_the_viewers_own(deal):
    people = viewers(deal)
    page(as_viewer(people["co-partner"]), deal)  # the co-partner's body is cached with its form
    other = MembershipFactory(organisation=co_partner_of(deal).organisation).user
    client = Client(enforce_csrf_checks=True)
    client.force_login(other)
    html = page(client, deal)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(confirm_url(deal, co_partner_of(deal)), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert co_partner_of(deal).confirmed_at is not None
    assert "inbreng niet bevestigd" not in page(client, deal).split("Humanitas Rotterdam", 1)[1][:600]


def test_who_is_a_partner_and_what_the_deal_shows_follow_every_change(
    deal, django_capture_on_commit_callbacks
):
    people = viewers(deal)
    stranger = as_viewer(people["stranger"])
    co_partner = as_viewer(people["co-partner"])
    for client in (stranger, co_partner, as_viewer(None)):
        page(client, deal)

    # the stranger's organisation joins: the stranger sees the private fields on the next request
    joined = DealPartnerFactory(deal=deal, organisation=people["stranger"].memberships.get().organisation)
    assert SECRET_RISK in page(stranger, deal)
    # and leaves again (the partnership ends): they no longer do
    joined.delete()
    assert SECRET_RISK not in page(stranger, deal)

    # a member who leaves the partner organisation no longer sees them
    Membership.objects.filter(user=people["co-partner"]).delete()
    html = page(co_partner, deal)
    assert SECRET_RISK not in html and "Deal bewerken" not in html
    MembershipFactory(user=people["co-partner"], organisation=co_partner_of(deal).organisation)
    assert SECRET_RISK in page(co_partner, deal)

    # the deal changes: partners and visitors see the change on the next request
    RiskFactory(deal=deal, description="Nieuw risico: de locatie sluit")
    MilestoneFactory(deal=deal, title="Tweede logeerweekend")
    html = page(co_partner, deal)
    assert "Nieuw risico: de locatie sluit" in html and "Tweede logeerweekend" in html
    anonymous = page(as_viewer(None), deal)
    assert "Tweede logeerweekend" in anonymous and "Nieuw risico" not in anonymous
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_create(
            partner=co_partner_of(deal), actor=people["co-partner"], kind="netwerk", description="Ons netwerk"
        )
    assert "Ons netwerk" in page(as_viewer(None), deal) and "Ons netwerk" in page(co_partner, deal)
    # the deal finishes: no partner can edit it any more, so no edit buttons from the cache
    deal.status = deal.Status.FINISHED
    deal.follow_up = "We gaan door."
    deal.save()
    html = page(co_partner, deal)
    assert SECRET_RISK in html and "Inbreng toevoegen" not in html and "Deal bewerken" not in html


def test_an_invitation_accepted_makes_the_member_a_partner_on_the_next_request(
    django_capture_on_commit_callbacks,
):
    deal = DealFactory(planning=True, title="Logeerhuis", internal_notes=SECRET_NOTE)
    invited = DealPartnerFactory(deal=deal, invited=True)
    beheerder = MembershipFactory(organisation=invited.organisation, beheerder=True).user
    client = as_viewer(beheerder)
    html = page(client, deal)
    assert "Aannemen namens" in html and SECRET_NOTE not in html  # the answer form, personal
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_respond(partner=invited, actor=beheerder, accept=True)
    html = page(client, deal)
    assert SECRET_NOTE in html and "Aannemen namens" not in html
    assert confirm_url(deal, invited) in html


def test_the_trekkers_next_steps_follow_the_deal(deal_planning_ready):
    deal, trekker_user = deal_planning_ready
    client = as_viewer(trekker_user)
    html = page(client, deal)
    assert "Volgende stap" in html and "De deal kan nog niet gesloten worden:" in html
    for partner in deal.partners.all():
        partner.confirmed_at = timezone.now()
        partner.save(update_fields=["confirmed_at"])
    html = page(client, deal)
    assert "Volgende stap" in html and "De deal kan nog niet gesloten worden:" not in html
    other = DealPartnerFactory(deal=deal)
    co_member = MembershipFactory(organisation=other.organisation).user
    assert "Volgende stap" not in page(as_viewer(co_member), deal)


@pytest.fixture
def deal_planning_ready():
    deal = DealFactory(planning=True)
    co = DealPartnerFactory(deal=deal)
    for partner in (trekker_of(deal), co):
        ContributionFactory(partner=partner)
    return deal, MembershipFactory(organisation=trekker_of(deal).organisation).user


# --- query counts ----------------------------------------------------------------------------


def build(size):
    deal = DealFactory(running=True, title=f"Respijt {size}", internal_notes=SECRET_NOTE)
    for _ in range(size):
        partner = DealPartnerFactory(deal=deal)
        ContributionFactory(partner=partner)
        DealPartnerFactory(deal=deal, invited=True)
        MilestoneFactory(deal=deal)
        RiskFactory(deal=deal)
        DealEventFactory(deal=deal)
    trekker = trekker_of(deal)
    ContributionFactory(partner=trekker)
    return deal, {
        "trekker": MembershipFactory(organisation=trekker.organisation).user,
        "stranger": MembershipFactory(organisation=OrganisationFactory()).user,
        "invited": MembershipFactory(
            organisation=deal.partners.filter(status=DealPartner.Status.INVITED).first().organisation,
            beheerder=True,
        ).user,
        "network manager": network_manager(),
        "anonymous": None,
    }


def queries_of(client, deal):
    """The queries one request for the deal page runs (every statement, counted as it executes)."""
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page(client, deal)
    return statements


def counts(size):
    deal, people = build(size)
    found = {}
    for name, user in people.items():
        client = as_viewer(user)
        cold = queries_of(client, deal)
        page(client, deal)
        found[name] = (len(cold), len(queries_of(client, deal)))
    return found


def test_queries_are_few_when_warm_and_constant_with_the_size_of_the_deal():
    small = counts(2)
    large = counts(40)
    print("deal page queries (cold, warm):", small)
    assert small == large
    for name, (_cold, warm) in small.items():
        # a member of an invited organisation: who may answer; a network manager: who can be assigned;
        # nothing else: the deal and its partners are kept in the cache, the roles come with the user
        bound = {"invited": 1, "network manager": 1}.get(name, 0)
        assert warm <= bound, (name, warm)


def test_a_warm_deal_page_runs_no_query(deal):
    """What decides access is loaded once and kept: the deal with its partners from the cache (per
    version of the deals and the directory), the viewer's roles with the cached signed-in user
    (``reisgids.roles``). Before, every warm request fetched the deal again (one query)."""
    user = MembershipFactory(organisation=co_partner_of(deal).organisation).user
    client = as_viewer(user)
    assert SECRET_RISK in page(client, deal)
    assert queries_of(client, deal) == []


def test_the_kept_deal_follows_every_change_of_the_deal(deal):
    """A deal from the cache decides access: a new title shows, a deal that stops being public is
    gone for a stranger at once (404, also after the cache was warm), and a new slug moves the page."""
    stranger = as_viewer(MembershipFactory(organisation=OrganisationFactory()).user)
    partner = as_viewer(MembershipFactory(organisation=co_partner_of(deal).organisation).user)
    assert deal.is_public and page(stranger, deal) and page(partner, deal)
    deal.title = "Samen sterker in Delfshaven"
    deal.save()
    assert "Samen sterker in Delfshaven" in page(stranger, deal)
    deal.status, deal.seeking_partners = Deal.Status.IDEA, False
    deal.save()
    assert not deal.is_public
    assert stranger.get(deal.get_absolute_url()).status_code == 404
    assert SECRET_RISK in page(partner, deal)
    old = deal.get_absolute_url()
    deal.slug = "samen-sterker-in-delfshaven"
    deal.save()
    assert partner.get(old).status_code == 404
    assert SECRET_RISK in page(partner, deal)


def test_the_kept_partners_follow_every_change_of_a_partner(deal):
    """The partners come from the cache on a warm page; a partner accepted and an organisation
    renamed show on the next request, for the viewer whose access they change."""
    invited = deal.partners.get(status=DealPartner.Status.INVITED)
    member = MembershipFactory(organisation=invited.organisation, beheerder=True).user
    client = as_viewer(member)
    before = page(client, deal)
    assert SECRET_RISK not in before
    services.partner_respond(partner=invited, actor=member, accept=True)
    after = page(client, deal)
    assert SECRET_RISK in after and SECRET_NOTE in after
    invited.organisation.name = "Woonstad Rotterdam Nieuw"
    invited.organisation.save()
    assert "Woonstad Rotterdam Nieuw" in page(client, deal)


def test_roles_loaded_with_a_row_are_remembered_for_the_request(deal):
    organisation = co_partner_of(deal).organisation
    user = MembershipFactory(organisation=organisation).user
    row = type(deal).objects.annotate(**roles.role_annotations(user)).get(pk=deal.pk)
    roles.remember_roles(user, row)
    with CaptureQueriesContext(connection) as queries:
        assert roles.organisation_ids(user) == {organisation.pk}
        assert roles.is_network_manager(user) is False
    assert len(queries) == 0
    assert roles.role_annotations(user) == {}  # known for this request: nothing more to load


# --- sections other apps add --------------------------------------------------------------------


@pytest.fixture
def section():
    seen = []

    def render(request, access):
        seen.append(access.is_partner)
        return f"<section><p>Extra sectie voor {access.deal.title}</p></section>"

    register_deal_section("test-extra", render=render, order=10)
    yield seen
    DEAL_SECTIONS.pop("test-extra")


def test_a_registered_section_shows_below_the_deal(deal, section):
    people = viewers(deal)
    assert "Extra sectie voor Respijt in Bospolder" in page(as_viewer(None), deal)
    assert "Extra sectie voor Respijt in Bospolder" in page(as_viewer(people["trekker"]), deal)
    assert section == [False, True]


def test_text_a_user_wrote_is_never_taken_for_the_csrf_placeholder(deal):
    written = 'name="csrfmiddlewaretoken" value="csrf_token"'
    deal.idea = written
    deal.save()
    client = as_viewer(viewers(deal)["trekker"])
    for _round in range(2):
        html = client.get(deal.get_absolute_url()).content.decode()
        assert "name=&quot;csrfmiddlewaretoken&quot; value=&quot;csrf_token&quot;" in html
        assert written not in html  # every form got the visitor's own token
        assert str(slot(CSRF_SLOT)) not in html
