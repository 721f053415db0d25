"""The deal pages over HTTP: the register and its open data, the deal page with private fields,
and every write refused for visitors and strangers and allowed for the right partner."""

import csv
import datetime
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from deals.models import Contribution, Deal, DealPartner
from deals.tests.factories import (
    ContributionFactory,
    DealFactory,
    DealPartnerFactory,
    KickoffMomentFactory,
    RiskFactory,
)
from reisgids.models import Organisation
from reisgids.tests.factories import (
    AreaFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user


def trekker_of(deal):
    return deal.partners.get(role=DealPartner.Role.TREKKER)


@pytest.fixture
def closed_deal():
    theme = ThemeFactory(name="Mantelzorg")
    wijk = NeighbourhoodFactory(name="Bospolder", area=AreaFactory(name="Delfshaven"))
    deal = DealFactory(closed=True, title="Respijt in Bospolder", themes=[theme], neighbourhoods=[wijk])
    gemeente = DealPartnerFactory(deal=deal, organisation=OrganisationFactory(gemeente=True), confirmed=True)
    ContributionFactory(partner=gemeente, kind=Contribution.Kind.LEEWAY, description="Vergunning sneller")
    ContributionFactory(partner=trekker_of(deal), money=True)
    RiskFactory(deal=deal, description="Geheim risico")
    return deal


def test_register_lists_only_public_deals_and_filters(client, closed_deal):
    DealFactory(title="Nog een idee")  # verkennen, not published
    DealFactory(in_the_making=True, title="In de maak")
    other = DealFactory(running=True, title="Buurtkeuken Charlois")
    Deal.objects.filter(pk=other.pk).update(closed_at=timezone.now().replace(year=2021))
    response = client.get(reverse("deals:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Respijt in Bospolder" in content and "Buurtkeuken Charlois" in content
    assert "Nog een idee" not in content and "In de maak" not in content
    for query in (
        "theme=mantelzorg",
        "neighbourhood=bospolder",
        "partner_kind=gemeente",
        "contribution_kind=regelruimte",
        f"year={closed_deal.closed_at.year}",
        "q=bospolder",
        "status=gesloten",
    ):
        content = client.get(reverse("deals:list") + "?" + query).content.decode()
        assert "Respijt in Bospolder" in content, query
        assert other.title not in content, query
    sorted_page = client.get(reverse("deals:list") + "?sort=titel").content.decode()
    assert sorted_page.index("Buurtkeuken") < sorted_page.index("Respijt")
    assert client.get(reverse("deals:list") + "?year=abc&theme=bestaat-niet&page=x").status_code == 200


def test_csv_and_json_export_follow_the_filters(client, closed_deal):
    DealFactory(running=True, title="Andere deal")
    response = client.get(reverse("deals:export_csv") + "?theme=mantelzorg")
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # a byte order mark, for Excel
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Titel" and [r[0] for r in rows[1:]] == ["Respijt in Bospolder"]
    assert "Gemeentelijke afdeling" in rows[1][rows[0].index("Soorten partners")]  # the code written out
    assert rows[1][rows[0].index("Stap")] == str(Deal.Status(closed_deal.status).label)
    data = json.loads(
        b"".join(client.get(reverse("deals:export_json") + "?theme=mantelzorg").streaming_content)
    )
    assert [d["title"] for d in data["deals"]] == ["Respijt in Bospolder"]
    assert {c["kind"] for p in data["deals"][0]["partners"] for c in p["contributions"]} == {
        "geld",
        "regelruimte",
    }
    assert "Geheim risico" not in json.dumps(data)


def test_atom_feed_and_ical(client, closed_deal):
    moment = KickoffMomentFactory()
    Deal.objects.filter(pk=closed_deal.pk).update(
        kickoff_at=timezone.now() + datetime.timedelta(days=10),
        kickoff_place="Huis van de Wijk",
        kickoff_moment=moment,
    )
    feed = client.get(reverse("deals:feed"))
    assert feed.status_code == 200 and b"Respijt in Bospolder" in feed.content and b"<feed" in feed.content
    ical = client.get(reverse("deals:kickoffs_ical"))
    assert ical["Content-Type"].startswith("text/calendar")
    assert b"Kick-off: Respijt in Bospolder" in ical.content and b"Huis van de Wijk" in ical.content


def test_deal_page_private_fields_only_for_partners(client, closed_deal):
    public = client.get(closed_deal.get_absolute_url()).content.decode()
    assert "Respijt in Bospolder" in public and "Geheim risico" not in public
    stranger = member_of(OrganisationFactory())
    client.force_login(stranger)
    assert "Geheim risico" not in client.get(closed_deal.get_absolute_url()).content.decode()
    client.force_login(member_of(trekker_of(closed_deal).organisation))
    page = client.get(closed_deal.get_absolute_url()).content.decode()
    assert "Geheim risico" in page and "Wat er gebeurde" in page


def test_unpublished_deal_is_404_for_visitors_and_strangers(client):
    deal = DealFactory(idea_step=True)
    assert client.get(deal.get_absolute_url()).status_code == 404
    client.force_login(member_of(OrganisationFactory()))
    assert client.get(deal.get_absolute_url()).status_code == 404
    invited = DealPartnerFactory(deal=deal, invited=True)
    client.force_login(member_of(invited.organisation, beheerder=True))
    assert client.get(deal.get_absolute_url()).status_code == 200


EDIT_BASE = {
    "version": 1,
    "financing": "geen",
    **{f"{p}-TOTAL_FORMS": 0 for p in ("results", "risks", "milestones")},
    **{f"{p}-INITIAL_FORMS": 0 for p in ("results", "risks", "milestones")},
}
KNOWLEDGE = {"kind": "kennis", "description": "Kennis van de wijk"}


def write_requests(deal):
    """Every write on a deal: (name, url, POST data)."""
    trekker = trekker_of(deal)
    partner = deal.partners.exclude(pk=trekker.pk).filter(status="accepted").first()
    contribution = trekker.contributions.first()
    invited = deal.partners.filter(status="invited").first()
    requested = deal.partners.filter(status="requested").first()
    slug = deal.slug
    return [
        ("edit", reverse("deals:edit", args=[slug]), {**EDIT_BASE, "title": "Gekaapt", "goal": "Gekaapt"}),
        ("seeking", reverse("deals:seeking", args=[slug]), {"seeking": "on", "text": "x"}),
        ("invite", reverse("deals:invite", args=[slug]), {"organisation": OrganisationFactory().pk, "role": "partner"}),  # noqa: E501
        ("respond", reverse("deals:respond", args=[slug, invited.pk]), {"decision": "accept"}),
        ("decide", reverse("deals:decide", args=[slug, requested.pk]), {"decision": "accept"}),
        ("withdraw", reverse("deals:withdraw", args=[slug, invited.pk]), {}),
        ("assign_responder", reverse("deals:assign_responder", args=[slug, invited.pk]), {"user": UserFactory().pk}),  # noqa: E501
        ("suggest", reverse("deals:suggest", args=[slug]), {"organisation": OrganisationFactory().pk}),
        ("contribution_add", reverse("deals:contribution_add", args=[slug, partner.pk]), KNOWLEDGE),
        ("contribution_edit", reverse("deals:contribution_edit", args=[slug, contribution.pk]), {**KNOWLEDGE, "version": contribution.version}),  # noqa: E501
        ("contribution_delete", reverse("deals:contribution_delete", args=[slug, contribution.pk]), {}),
        ("confirm", reverse("deals:confirm", args=[slug, partner.pk]), {}),
        ("step", reverse("deals:step", args=[slug, "stoppen"]), {"reason": "Gekaapt"}),
    ]  # fmt: skip


@pytest.fixture
def busy_deal():
    deal = DealFactory(in_the_making=True)
    ContributionFactory(partner=trekker_of(deal))
    partner = DealPartnerFactory(deal=deal)
    ContributionFactory(partner=partner)
    DealPartnerFactory(deal=deal, invited=True)
    DealPartnerFactory(deal=deal, requested=True)
    return deal


def snapshot(deal):
    deal.refresh_from_db()
    return (
        deal.title,
        deal.status,
        deal.seeking_text,
        sorted(deal.partners.values_list("organisation_id", "status", "confirmed_at")),
        sorted(Contribution.objects.filter(partner__deal=deal).values_list("id", "kind", "description")),
    )


def test_every_write_redirects_visitors_to_login(client, busy_deal):
    before = snapshot(busy_deal)
    for name, url, data in write_requests(busy_deal):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    assert snapshot(busy_deal) == before


def test_every_write_is_refused_for_a_member_of_an_unrelated_organisation(client, busy_deal):
    client.force_login(member_of(OrganisationFactory(), beheerder=True))
    before = snapshot(busy_deal)
    for name, url, data in write_requests(busy_deal):
        assert client.post(url, data).status_code in (403, 404), name
        assert client.get(url).status_code in (403, 404, 405), name
    assert snapshot(busy_deal) == before


def test_writes_on_an_unpublished_deal_are_404_for_strangers(client, busy_deal):
    Deal.objects.filter(pk=busy_deal.pk).update(seeking_partners=False)
    client.force_login(member_of(OrganisationFactory(), beheerder=True))
    for name, url, data in write_requests(busy_deal):
        assert client.post(url, data).status_code == 404, name


def test_plain_partner_cannot_do_trekker_writes(client, busy_deal):
    partner = busy_deal.partners.filter(role="partner", status="accepted").first()
    client.force_login(member_of(partner.organisation))
    before = snapshot(busy_deal)
    for name, url, data in write_requests(busy_deal):
        if name in (
            "seeking",
            "invite",
            "decide",
            "step",
            "contribution_edit",
            "contribution_delete",
            "suggest",
            "respond",
            "withdraw",
            "assign_responder",
        ):
            assert client.post(url, data).status_code in (403, 404), name
    assert snapshot(busy_deal) == before


def test_allowed_writes_succeed(client, busy_deal):
    trekker = trekker_of(busy_deal)
    partner = busy_deal.partners.filter(role="partner", status="accepted").first()
    invited = busy_deal.partners.get(status="invited")
    requests = dict((name, (url, data)) for name, url, data in write_requests(busy_deal))
    client.force_login(member_of(invited.organisation, beheerder=True))
    assert client.post(*requests["respond"]).status_code == 302
    client.force_login(member_of(partner.organisation))
    assert client.post(*requests["contribution_add"]).status_code == 302
    assert client.post(*requests["confirm"]).status_code == 302
    client.force_login(member_of(trekker.organisation))
    for name in ("decide", "seeking", "invite", "contribution_edit", "contribution_delete", "edit", "step"):
        assert client.post(*requests[name]).status_code == 302, name
    busy_deal.refresh_from_db()
    assert (busy_deal.title, busy_deal.status) == ("Gekaapt", "gestopt")
    assert busy_deal.partners.filter(status="accepted").count() == 4


def test_network_manager_suggests(client, busy_deal):
    from django.contrib.auth.models import Group

    manager = UserFactory()
    manager.groups.add(Group.objects.get_or_create(name="Netwerkmanagers")[0])
    client.force_login(manager)
    organisation = OrganisationFactory(kind=Organisation.Kind.WONINGCORPORATIE)
    response = client.post(reverse("deals:suggest", args=[busy_deal.slug]), {"organisation": organisation.pk})
    assert response.status_code == 302
    assert busy_deal.partners.get(organisation=organisation).status == "suggested"
    assert client.get(reverse("deals:making")).status_code == 200


def test_contribution_bad_amounts_are_refused_in_dutch(client):
    deal = DealFactory()
    trekker = trekker_of(deal)
    client.force_login(member_of(trekker.organisation))
    url = reverse("deals:contribution_add", args=[deal.slug, trekker.pk])
    for amount, message in (("-5", "niet negatief"), ("veel", "als getal")):
        response = client.post(url, {"kind": "geld", "amount_eur": amount, "description": "Ons budget"})
        content = response.content.decode()
        assert response.status_code == 200 and message in content, amount
        assert "Ons budget" in content and f'value="{amount}"' in content
    response = client.post(url, {"kind": "kennis", "amount_eur": "10", "description": "Kennis"})
    assert "hoort alleen bij geld" in response.content.decode()
    assert not Contribution.objects.exists()
    response = client.post(url, {"kind": "geld", "amount_eur": "2500,50", "description": "Ons budget"})
    assert response.status_code == 302
    assert str(Contribution.objects.get().amount_eur) == "2500.50"


def test_stale_edit_is_refused_with_current_values(client):
    deal = DealFactory()
    partner = DealPartnerFactory(deal=deal)
    url = reverse("deals:edit", args=[deal.slug])
    base = EDIT_BASE
    client.force_login(member_of(trekker_of(deal).organisation))
    assert client.post(url, {**base, "title": "Titel A", "goal": "Doel van A"}).status_code == 302
    client.force_login(member_of(partner.organisation))
    response = client.post(url, {**base, "title": "Titel B", "goal": "Doel van B"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze deal opgeslagen" in content
    assert "<title>Fout: " in content and content.count("data-error-summary") == 1  # the refusal, summarised
    assert "Doel van A" in content and 'value="2"' in content
    deal.refresh_from_db()
    assert (deal.title, deal.version) == ("Titel A", 2)


def test_edit_end_before_start_is_refused_in_dutch(client):
    deal = DealFactory()
    client.force_login(member_of(trekker_of(deal).organisation))
    data = {
        "version": 1, "financing": "geen", "title": "T", "goal": "G", "start_date": "2026-05-01",
        "end_date": "2026-04-01", "results-TOTAL_FORMS": 1, "results-INITIAL_FORMS": 0,
        "results-0-description": "Resultaat", "risks-TOTAL_FORMS": 0, "risks-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(reverse("deals:edit", args=[deal.slug]), data)
    assert "De einddatum kan niet vóór de startdatum liggen." in response.content.decode()
    deal.refresh_from_db()
    assert deal.version == 1 and not deal.results.exists()


def test_start_from_theme_needs_an_organisation(client):
    theme = ThemeFactory(name="Mantelzorg")
    url = reverse("deals:start") + "?thema=mantelzorg"
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))
    page = client.get(url).content.decode()
    assert f'value="{theme.pk}" checked' in page or f'value="{theme.pk}"\n' in page or "checked" in page
    response = client.post(
        url,
        {"organisation": organisation.pk, "title": "Mantelzorg Noord", "goal": "Rust", "themes": [theme.pk]},
    )
    deal = Deal.objects.get()
    assert response["Location"] == reverse("deals:edit", args=[deal.slug])
    assert list(deal.themes.all()) == [theme]


def test_step_page_shows_close_guard_in_dutch(client):
    deal = DealFactory(planning=True)
    client.force_login(member_of(trekker_of(deal).organisation))
    response = client.post(reverse("deals:step", args=[deal.slug, "sluiten"]))
    assert response.status_code == 200
    assert "minstens twee partners" in response.content.decode()
    deal.refresh_from_db()
    assert deal.status == "plannen"


def test_admin_lists_deals_partners_and_contributions(client, closed_deal):
    staff = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(
        user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(staff)
    partner = closed_deal.partners.first()
    for url in (
        "/beheer/snippets/deals/deal/",
        f"/beheer/snippets/deals/deal/edit/{closed_deal.pk}/",
        "/beheer/snippets/deals/dealpartner/",
        f"/beheer/snippets/deals/dealpartner/edit/{partner.pk}/",
        "/beheer/snippets/deals/contribution/",
        "/beheer/snippets/deals/kickoffmoment/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"Respijt in Bospolder" in client.get("/beheer/snippets/deals/deal/").content


def test_my_deals_and_making_list(client, busy_deal):
    assert client.get(reverse("deals:making")).status_code == 200
    assert busy_deal.title in client.get(reverse("deals:making")).content.decode()
    user = member_of(trekker_of(busy_deal).organisation)
    client.force_login(user)
    assert busy_deal.title in client.get(reverse("deals:mine")).content.decode()


def test_a_network_manager_creates_a_shared_kickoff_moment_in_beheer_and_others_cannot(client):
    from django.contrib.auth.models import Group

    from deals.models import KickoffMoment

    add_url = "/beheer/snippets/deals/kickoffmoment/add/"
    data = {
        "title": "Dealdag voorjaar",
        "starts_at": "2026-04-16 16:00",
        "place": "Stadhuis Rotterdam",
        "description": "Alle nieuwe deals van dit voorjaar samen van start.",
    }
    # refused: a member of an organisation without the network manager role
    client.force_login(member_of(OrganisationFactory()))
    response = client.post(add_url, data)
    assert response.status_code in (302, 403)
    assert not KickoffMoment.objects.exists()

    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get_or_create(name="Netwerkmanagers")[0])
    Authenticator.objects.create(
        user=manager, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(manager)
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    moment = KickoffMoment.objects.get(title="Dealdag voorjaar")
    assert moment.place == "Stadhuis Rotterdam"

    # the moment gathers several deals, each page shows it
    deals = [DealFactory(closed=True, kickoff_moment=moment) for _ in range(2)]
    client.logout()
    for deal in deals:
        assert "Dealdag voorjaar" in client.get(deal.get_absolute_url()).content.decode()
