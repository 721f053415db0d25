"""The marktplaats pages over HTTP: list with filters, detail with matches, forms with Dutch errors,
every write refused for strangers and allowed for members, query counts independent of data size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from marktplaats.models import Conversation, Listing, VoucherClaim
from marktplaats.tests.factories import ListingFactory, member_of
from reisgids.models import Organisation
from reisgids.tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("marktplaats:list")


def form_data(org, **overrides):
    return {
        "organisation": org.pk,
        "kind": "vraag",
        "category": "subsidie",
        "title": "Hulp bij subsidieaanvraag",
        "description": "Wie helpt ons?",
        **overrides,
    }


def test_list_shows_open_listings_and_filters(client):
    wijk = NeighbourhoodFactory(name="Bloemhof")
    theme = ThemeFactory(name="Armoede")
    vraag = ListingFactory(title="Wie schrijft mee", neighbourhoods=[wijk], themes=[theme])
    aanbod = ListingFactory(
        aanbod=True,
        title="Zaaltje aan de Maas",
        category=Listing.Category.RUIMTE,
        organisation=OrganisationFactory(kind=Organisation.Kind.BEDRIJF),
    )
    filled = ListingFactory(filled=True, title="Al geregeld")
    page = LIST

    def html(url):
        return client.get(url).content.decode()

    body = html(page)
    assert vraag.title in body and aanbod.title in body and filled.title not in body
    assert aanbod.title not in html(page + "?kind=vraag")
    assert vraag.title not in html(page + "?category=ruimte")
    assert aanbod.title not in html(page + f"?neighbourhood={wijk.slug}")
    assert aanbod.title not in html(page + f"?theme={theme.slug}")
    assert aanbod.title not in html(page + f"?area={wijk.area.slug}")
    assert vraag.title not in html(page + "?organisation_kind=bedrijf")
    assert vraag.title not in html(page + "?q=zaaltje")
    assert filled.title in html(page + "?status=ingevuld")
    assert filled.title in html(page + "?status=alle")


def test_detail_shows_matches_with_reason(client):
    wijk = NeighbourhoodFactory(name="Feijenoord-wijk")
    vraag = ListingFactory(neighbourhoods=[wijk])
    ListingFactory(aanbod=True, title="Coaching businessplan", category="businessplan", neighbourhoods=[wijk])
    body = client.get(vraag.get_absolute_url()).content.decode()
    assert "Coaching businessplan" in body
    assert "zelfde wijk, verwante categorie" in body


def test_description_is_sanitised_and_links_get_nofollow_ugc(client):
    listing = ListingFactory(description='<script>alert("x")</script> Zie https://example.nl <b>vet</b>')
    body = client.get(listing.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
    assert 'href="https://example.nl" rel="nofollow ugc"' in body


def test_create_needs_membership(client):
    response = client.get(reverse("marktplaats:create"))
    assert response.status_code == 302
    stranger = member_of(OrganisationFactory())
    client.force_login(stranger)
    org = OrganisationFactory()
    response = client.post(reverse("marktplaats:create"), form_data(org))
    assert response.status_code == 200  # org is not a choice: form error
    assert not Listing.objects.exists()


def test_create_bad_input_gives_dutch_errors_and_keeps_input(client):
    org = OrganisationFactory()
    client.force_login(member_of(org))
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("marktplaats:create"),
        form_data(org, title="", description="x" * 100_000, valid_until=yesterday),
    )
    body = response.content.decode()
    assert "Geef je vraag of aanbod een titel." in body
    assert "De beschrijving is te lang: maximaal 5000 tekens (nu 100000)." in body
    response = client.post(
        reverse("marktplaats:create"), form_data(org, title="Mijn titel", valid_until=yesterday)
    )
    body = response.content.decode()
    assert "De einddatum kan niet in het verleden liggen." in body
    assert 'value="Mijn titel"' in body
    assert not Listing.objects.exists()


def test_create_then_edit_by_member(client):
    org = OrganisationFactory()
    client.force_login(member_of(org))
    response = client.post(reverse("marktplaats:create"), form_data(org, title="<b>Hallo</b>"))
    listing = Listing.objects.get()
    assert response.url == listing.get_absolute_url()
    assert "&lt;b&gt;Hallo&lt;/b&gt;" in client.get(listing.get_absolute_url()).content.decode()
    data = form_data(org, title="Nieuw")
    del data["organisation"]
    response = client.post(reverse("marktplaats:edit", args=[listing.pk]), data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Nieuw"


@pytest.mark.parametrize("name", ["edit", "withdraw", "fill"])
def test_stranger_cannot_edit_or_close(client, name):
    listing = ListingFactory()
    client.force_login(member_of(OrganisationFactory()))
    response = client.post(reverse(f"marktplaats:{name}", args=[listing.pk]), {"title": "Gekaapt"})
    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN and listing.title != "Gekaapt"


def test_member_withdraws_and_fills(client):
    listing = ListingFactory()
    client.force_login(member_of(listing.organisation))
    client.post(reverse("marktplaats:withdraw", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == Listing.Status.INGETROKKEN
    other = ListingFactory(organisation=listing.organisation)
    helper = OrganisationFactory()
    Conversation.objects.create(listing=other, organisation=helper)
    client.post(reverse("marktplaats:fill", args=[other.pk]), {"matched_organisation": helper.pk})
    other.refresh_from_db()
    assert other.status == Listing.Status.INGEVULD and other.matched_organisation == helper


def test_respond_and_conversation_private_to_both_sides(client):
    listing = ListingFactory()
    poster = member_of(listing.organisation)
    org = OrganisationFactory()
    client.force_login(member_of(org))
    response = client.post(
        reverse("marktplaats:respond", args=[listing.pk]), {"organisation": org.pk, "body": "Wij helpen"}
    )
    conversation = Conversation.objects.get()
    assert response.url == conversation.get_absolute_url()
    client.force_login(poster)
    response = client.post(conversation.get_absolute_url(), {"body": ""})
    assert "Schrijf een bericht." in response.content.decode()
    client.post(conversation.get_absolute_url(), {"body": "Top"})
    assert conversation.messages.count() == 2
    client.force_login(member_of(OrganisationFactory()))
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_voucher_pages(client):
    listing = ListingFactory(aanbod=True, vouchers_total=1)
    poster = member_of(listing.organisation)
    org = OrganisationFactory()
    client.force_login(member_of(org))
    client.post(reverse("marktplaats:voucher_claim", args=[listing.pk]), {"organisation": org.pk})
    claim = VoucherClaim.objects.get()
    other = OrganisationFactory()
    client.force_login(member_of(other))
    response = client.post(
        reverse("marktplaats:voucher_claim", args=[listing.pk]), {"organisation": other.pk}, follow=True
    )
    assert "Helaas, alle vouchers zijn al geclaimd." in response.content.decode()
    assert client.post(reverse("marktplaats:voucher_redeem", args=[claim.pk])).status_code == 403
    client.force_login(poster)
    client.post(reverse("marktplaats:voucher_redeem", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == VoucherClaim.Status.REDEEMED


def test_hidden_listing_only_for_its_members(client):
    listing = ListingFactory(hidden_at=timezone.now(), hidden_reason="spam")
    assert client.get(listing.get_absolute_url()).status_code == 404
    client.force_login(member_of(listing.organisation))
    assert client.get(listing.get_absolute_url()).status_code == 200


# --- query bounds ------------------------------------------------------------------------------


def make_listings(count, theme, wijk, area):
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(kind=Organisation.Kind.INITIATIEF, name=f"Bulk {i}", slug=f"bulk-{i}")
            for i in range(20)
        ]
    )
    until = timezone.localdate() + datetime.timedelta(days=30)
    kinds = list(Listing.Kind.values)
    categories = list(Listing.Category.values)
    listings = Listing.objects.bulk_create(
        [
            Listing(
                kind=kinds[i % 2],
                category=categories[i % len(categories)],
                title=f"Listing {i}",
                description="Beschrijving",
                organisation=organisations[i % 20],
                valid_until=until,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    Listing.themes.through.objects.bulk_create(
        [Listing.themes.through(listing_id=x.pk, theme_id=theme.pk) for x in listings], batch_size=2000
    )
    Listing.neighbourhoods.through.objects.bulk_create(
        [Listing.neighbourhoods.through(listing_id=x.pk, neighbourhood_id=wijk.pk) for x in listings],
        batch_size=2000,
    )
    Listing.areas.through.objects.bulk_create(
        [Listing.areas.through(listing_id=x.pk, area_id=area.pk) for x in listings], batch_size=2000
    )
    return listings


QUERY_BOUND = 12


@pytest.mark.parametrize("count", [20, 5000])
def test_query_count_constant(client, django_assert_max_num_queries, count):
    theme = ThemeFactory(name="Armoede")
    wijk = NeighbourhoodFactory(name="Bloemhof")
    listings = make_listings(count, theme, wijk, wijk.area)
    urls = [
        LIST,
        LIST + f"?kind=aanbod&theme={theme.slug}&neighbourhood={wijk.slug}&area={wijk.area.slug}&q=List",
        LIST + "?page=2",
        listings[0].get_absolute_url(),
        listings[1].get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(QUERY_BOUND):
            response = client.get(url)
        assert response.status_code == 200
    org = listings[0].organisation
    client.force_login(member_of(org))
    for url in urls:
        with django_assert_max_num_queries(QUERY_BOUND + 4):
            assert client.get(url).status_code == 200


def test_fill_page_offers_deal_invite_only_for_a_deal_listing(client):
    from deals.models import DealPartner
    from deals.tests.factories import DealFactory

    deal = DealFactory(in_the_making=True)
    trekker_org = deal.partners.get(role=DealPartner.Role.TREKKER).organisation
    listing = ListingFactory(organisation=trekker_org, category=Listing.Category.PARTNER, deal=deal)
    plain = ListingFactory(organisation=trekker_org)
    corporation = OrganisationFactory(name="Woonstad")
    Conversation.objects.create(listing=listing, organisation=corporation)
    client.force_login(member_of(trekker_org, beheerder=True))
    assert "invite_to_deal" not in client.get(reverse("marktplaats:fill", args=[plain.pk])).content.decode()
    assert "invite_to_deal" in client.get(reverse("marktplaats:fill", args=[listing.pk])).content.decode()
    client.post(
        reverse("marktplaats:fill", args=[listing.pk]),
        {"matched_organisation": corporation.pk, "invite_to_deal": "on"},
    )
    assert deal.partners.get(organisation=corporation).status == DealPartner.Status.INVITED
