"""Every marktplaats service, allowed for the right person and refused for the others, with its
audit row and the notification of the other side (without email addresses)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from marktplaats import selectors, services
from marktplaats.models import Conversation, Listing, Report, VoucherClaim
from marktplaats.tests.factories import ListingFactory, VoucherClaimFactory, member_of
from reisgids.notifications.models import Notification
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import (
    AreaFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def data(**overrides):
    return {
        "kind": Listing.Kind.VRAAG,
        "category": Listing.Category.SUBSIDIE,
        "title": "Hulp bij subsidieaanvraag",
        "description": "Wie helpt ons met de aanvraag?",
        "starts_on": None,
        "ends_on": None,
        "valid_until": None,
        **overrides,
    }


def actions(instance):
    return list(
        ModelLogEntry.objects.for_instance(instance)
        .order_by("timestamp", "id")
        .values_list("action", flat=True)
    )


# --- listings ----------------------------------------------------------------------------------


def test_member_posts_listing_with_default_validity_and_audit():
    org = OrganisationFactory()
    user = member_of(org)
    theme = ThemeFactory(name="Mantelzorg")
    listing = services.listing_create(actor=user, organisation=org, data=data(themes=[theme]))
    assert listing.status == Listing.Status.OPEN
    assert listing.valid_until == today() + datetime.timedelta(days=90)
    assert listing.contact_person == user
    assert list(listing.themes.all()) == [theme]
    assert actions(listing) == ["marktplaats.listing.create"]


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_non_member_cannot_post(who):
    org = OrganisationFactory()
    actor = AnonymousUser() if who == "anonymous" else member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.listing_create(actor=actor, organisation=org, data=data())
    assert not Listing.objects.exists()


def test_bad_input_refused_with_field_errors():
    org = OrganisationFactory()
    user = member_of(org)
    with pytest.raises(ValidationError) as error:
        services.listing_create(
            actor=user,
            organisation=org,
            data=data(title="  ", valid_until=today() - datetime.timedelta(days=1)),
        )
    assert set(error.value.error_dict) == {"title"}
    with pytest.raises(ValidationError) as error:
        services.listing_create(
            actor=user, organisation=org, data=data(ends_on=today() - datetime.timedelta(days=1))
        )
    assert "ends_on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.listing_create(
            actor=user, organisation=org, data=data(vouchers_total=3, kind=Listing.Kind.VRAAG)
        )
    assert "vouchers_total" in error.value.error_dict


def test_posting_is_rate_limited():
    org = OrganisationFactory()
    user = member_of(org)
    for _ in range(services.RATE_LIMIT):
        services.listing_create(actor=user, organisation=org, data=data())
    with pytest.raises(ValidationError):
        services.listing_create(actor=user, organisation=org, data=data())
    assert Listing.objects.count() == services.RATE_LIMIT


def test_update_allowed_for_member_refused_for_stranger():
    listing = ListingFactory()
    member = member_of(listing.organisation)
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.listing_update(actor=stranger, listing=listing, data=data(title="Gekaapt"))
    services.listing_update(
        actor=member, listing=listing, data=data(title="Nieuwe titel", valid_until=listing.valid_until)
    )
    listing.refresh_from_db()
    assert listing.title == "Nieuwe titel"
    assert "marktplaats.listing.update" in actions(listing)


def test_withdraw_and_fill_only_by_members_and_only_once():
    listing = ListingFactory()
    member = member_of(listing.organisation)
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.listing_withdraw(actor=stranger, listing=listing)
    with pytest.raises(PermissionDenied):
        services.listing_mark_filled(actor=stranger, listing=listing)
    services.listing_withdraw(actor=member, listing=listing)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.INGETROKKEN
    with pytest.raises(ValidationError):
        services.listing_mark_filled(actor=member, listing=listing)


def test_mark_filled_counts_the_match_per_theme_and_wijk_and_tells_the_match():
    theme = ThemeFactory(name="Eenzaamheid")
    wijk = NeighbourhoodFactory(name="Afrikaanderwijk")
    listing = ListingFactory(themes=[theme], neighbourhoods=[wijk])
    member = member_of(listing.organisation)
    helper = OrganisationFactory()
    helper_member = member_of(helper)
    services.listing_mark_filled(actor=member, listing=listing, matched_organisation=helper)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.INGEVULD
    assert listing.matched_organisation == helper
    by_theme, by_wijk = selectors.match_counts(*this_day())
    assert by_theme[theme.slug] == 1
    assert by_wijk[wijk.slug] == 1
    assert Notification.objects.filter(recipient=helper_member).count() == 1


def test_hide_only_by_network_manager_and_poster_told():
    listing = ListingFactory()
    poster = member_of(listing.organisation)
    with pytest.raises(PermissionDenied):
        services.listing_hide(actor=poster, listing=listing, reason="spam")
    manager = UserFactory()
    manager.groups.add(Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)[0])
    with pytest.raises(ValidationError):
        services.listing_hide(actor=manager, listing=listing, reason=" ")
    services.listing_hide(actor=manager, listing=listing, reason="Reclame")
    listing.refresh_from_db()
    assert listing.hidden_at is not None
    assert Notification.objects.get(recipient=poster).body.endswith("Reclame")


# --- conversations -----------------------------------------------------------------------------


def test_conversation_between_responder_and_poster_without_email_addresses(mailoutbox):
    listing = ListingFactory()
    poster = member_of(listing.organisation)
    poster.notification_preference = "direct"
    poster.save()
    responder_org = OrganisationFactory()
    responder = member_of(responder_org)
    conversation = services.conversation_start(
        actor=responder, listing=listing, organisation=responder_org, body="Wij helpen graag."
    )
    listing.refresh_from_db()
    assert listing.status == Listing.Status.IN_GESPREK
    services.message_send(actor=poster, conversation=conversation, body="Fijn, wanneer kun je?")
    assert [m.sender for m in conversation.messages.all()] == [responder, poster]
    assert Notification.objects.filter(recipient=poster).count() == 1
    assert Notification.objects.filter(recipient=responder).count() == 1
    for mail in mailoutbox:
        assert responder.email not in mail.body and poster.email not in mail.body
    assert actions(conversation) == ["marktplaats.conversation.start"]


def test_conversation_refused_for_own_listing_strangers_and_closed_listings():
    listing = ListingFactory()
    poster = member_of(listing.organisation)
    with pytest.raises(ValidationError):
        services.conversation_start(
            actor=poster, listing=listing, organisation=listing.organisation, body="x"
        )
    other = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.conversation_start(actor=poster, listing=listing, organisation=other, body="x")
    responder = member_of(other)
    conversation = services.conversation_start(
        actor=responder, listing=listing, organisation=other, body="Hoi"
    )
    outsider = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.message_send(actor=outsider, conversation=conversation, body="Ik lees mee")
    closed = ListingFactory(filled=True)
    with pytest.raises(ValidationError):
        services.conversation_start(actor=responder, listing=closed, organisation=other, body="x")
    assert Conversation.objects.count() == 1


# --- vouchers ----------------------------------------------------------------------------------


def test_voucher_claim_cancel_redeem():
    listing = ListingFactory(aanbod=True, vouchers_total=1)
    poster = member_of(listing.organisation)
    org = OrganisationFactory()
    claimant = member_of(org)
    with pytest.raises(ValidationError):
        services.voucher_claim(actor=poster, listing=listing, organisation=listing.organisation)
    with pytest.raises(PermissionDenied):
        services.voucher_claim(actor=poster, listing=listing, organisation=org)
    claim = services.voucher_claim(actor=claimant, listing=listing, organisation=org)
    second_org = OrganisationFactory()
    second = member_of(second_org)
    with pytest.raises(services.VouchersGone):
        services.voucher_claim(actor=second, listing=listing, organisation=second_org)
    with pytest.raises(PermissionDenied):
        services.voucher_cancel(actor=second, claim=claim)
    with pytest.raises(PermissionDenied):
        services.voucher_redeem(actor=claimant, claim=claim)
    services.voucher_cancel(actor=claimant, claim=claim)
    second_claim = services.voucher_claim(actor=second, listing=listing, organisation=second_org)
    services.voucher_redeem(actor=poster, claim=second_claim)
    second_claim.refresh_from_db()
    assert second_claim.status == VoucherClaim.Status.REDEEMED
    assert actions(second_claim) == ["marktplaats.voucher.claim", "marktplaats.voucher.redeem"]
    with pytest.raises(ValidationError):
        services.voucher_cancel(actor=second, claim=second_claim)


def test_voucher_only_once_per_person():
    claim = VoucherClaimFactory()
    member_of(claim.organisation, user=claim.claimed_by)
    with pytest.raises(ValidationError):
        services.voucher_claim(actor=claim.claimed_by, listing=claim.listing, organisation=claim.organisation)


# --- reports and matching ----------------------------------------------------------------------


def test_report_needs_sign_in_and_reason_and_tells_network_managers():
    listing = ListingFactory()
    with pytest.raises(PermissionDenied):
        services.report_create(actor=AnonymousUser(), listing=listing, reason="spam")
    reporter = UserFactory()
    with pytest.raises(ValidationError):
        services.report_create(actor=reporter, listing=listing, reason="")
    manager = UserFactory()
    manager.groups.add(Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)[0])
    services.report_create(actor=reporter, listing=listing, reason="Dit is reclame")
    assert Report.objects.get().reason == "Dit is reclame"
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_matches_with_reasons_best_first():
    theme = ThemeFactory(name="Armoede")
    area = AreaFactory(name="Feijenoord")
    wijk = NeighbourhoodFactory(name="Bloemhof", area=area)
    vraag = ListingFactory(themes=[theme], neighbourhoods=[wijk], areas=[area])
    best = ListingFactory(aanbod=True, themes=[theme], neighbourhoods=[wijk])
    category_only = ListingFactory(aanbod=True, category=Listing.Category.SUBSIDIE)
    related = ListingFactory(aanbod=True, category=Listing.Category.BUSINESSPLAN)
    ListingFactory(aanbod=True, category=Listing.Category.RUIMTE)  # nothing in common
    ListingFactory(aanbod=True, filled=True, themes=[theme])  # closed
    ListingFactory(aanbod=True, organisation=vraag.organisation)  # own organisation
    ListingFactory(themes=[theme])  # another vraag
    matches = selectors.matches_for(vraag)
    assert matches == [best, category_only, related]
    assert [str(r) for r in matches[0].match_reasons] == ["zelfde wijk", "zelfde thema", "zelfde categorie"]
    assert [str(r) for r in matches[2].match_reasons] == ["verwante categorie"]
    assert selectors.matches_for(best)[0] == vraag


def test_expire_and_remind_once():
    listing = ListingFactory(valid_until=today() - datetime.timedelta(days=1))
    soon = ListingFactory(valid_until=today() + datetime.timedelta(days=5))
    poster = member_of(soon.organisation)
    later = ListingFactory(valid_until=today() + datetime.timedelta(days=30))
    assert services.expire_and_remind() == (1, 1)
    assert services.expire_and_remind() == (0, 0)
    listing.refresh_from_db()
    later.refresh_from_db()
    assert listing.status == Listing.Status.VERLOPEN
    assert later.status == Listing.Status.OPEN
    assert Notification.objects.filter(recipient=poster).count() == 1


def test_partner_for_a_deal_fills_and_invites_the_match_to_the_deal():
    from deals.models import DealPartner
    from deals.tests.factories import DealFactory

    deal = DealFactory(in_the_making=True)
    trekker_org = deal.partners.get(role=DealPartner.Role.TREKKER).organisation
    listing = ListingFactory(organisation=trekker_org, category=Listing.Category.PARTNER, deal=deal)
    trekker = member_of(trekker_org, beheerder=True)
    corporation = OrganisationFactory()
    services.listing_mark_filled(
        actor=trekker, listing=listing, matched_organisation=corporation, invite_to_deal=True
    )
    invited = deal.partners.get(organisation=corporation)
    assert invited.status == DealPartner.Status.INVITED


def test_deal_invite_refused_when_not_the_trekker_and_nothing_saved():
    from deals.tests.factories import DealFactory

    deal = DealFactory(in_the_making=True)
    listing = ListingFactory(category=Listing.Category.PARTNER, deal=deal)
    member = member_of(listing.organisation)
    with pytest.raises(ValidationError) as error:
        services.listing_mark_filled(
            actor=member, listing=listing, matched_organisation=OrganisationFactory(), invite_to_deal=True
        )
    assert "invite_to_deal" in error.value.error_dict
    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN


def this_day():
    """From the start of today until the start of tomorrow (the period of ``match_counts``)."""
    import datetime

    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return start, start + datetime.timedelta(days=1)
