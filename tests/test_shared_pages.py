"""Cache the shared part, render the personal part (``reisgids.caching.slot``): the story page, the
organisation page, the listing page and the pages of the site tree come from the cache for every
visitor, signed in or not, and only the personal parts are rendered per request.

Correctness first: per page a visitor with more rights and one without, with the caches warmed in
both orders: the one without never sees the other's controls or fields, the one with sees theirs.
Then the cost: a warm page runs at most four queries signed in, the same at two data sizes."""

import datetime
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from marktplaats.models import Listing
from marktplaats.tests.factories import ConversationFactory, ListingFactory, VoucherClaimFactory, member_of
from reisgids.models import JoinRequest
from reisgids.notifications.services import notify
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import JoinRequestFactory, MembershipFactory, OrganisationFactory, UserFactory
from stories import views as stories_views
from stories.tests.factories import CommentFactory, StoryPageFactory
from tests.test_query_bounds_stories import seed_comments

pytestmark = pytest.mark.django_db

ORDERS = ["privileged first", "unprivileged first"]
SIGNED_IN_WARM_BOUND = 4
SIGN_IN_TO_RESPOND = "Log in om te reageren"  # the site speaks Dutch: "Log in to comment" is the same


def visitor(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pairs(order, url, privileged, unprivileged):
    """Pairs of (privileged page, unprivileged page), the caches warmed by the first of ``order``:
    twice round, so the second of each comes from caches the other filled."""
    clients = [privileged, unprivileged] if order == ORDERS[0] else [unprivileged, privileged]
    seen = {}
    for _round in range(2):
        for client in clients:
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            assert "\x00" not in html  # every slot filled
            seen.setdefault(id(client), []).append(html)
    return list(zip(seen[id(privileged)], seen[id(unprivileged)], strict=True))


def network_manager():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)[0])
    return user


# --- the story page ------------------------------------------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_story_page_comment_controls_are_each_visitors_own(order):
    author, other = UserFactory(), UserFactory()
    story = StoryPageFactory()
    own = CommentFactory(page=story, author=author)
    theirs = CommentFactory(page=story, author=other, created_at=timezone.now() - datetime.timedelta(hours=1))
    edit_own = reverse("stories:comment_edit", args=[own.pk])
    report_own = reverse("stories:comment_report", args=[own.pk])
    edit_theirs = reverse("stories:comment_edit", args=[theirs.pk])
    report_theirs = reverse("stories:comment_report", args=[theirs.pk])

    for author_page, other_page in pairs(order, story.url, visitor(author), visitor(other)):
        assert edit_own in author_page and report_own not in author_page
        assert report_theirs in author_page and edit_theirs not in author_page
        # the other visitor: may report the author's comment, not edit it; their own is past the window
        assert edit_own not in other_page and report_own in other_page
        assert edit_theirs not in other_page and report_theirs not in other_page
        for page in (author_page, other_page):
            assert 'name="text"' in page and f"?op={own.pk}" in page


@pytest.mark.parametrize("order", ORDERS)
def test_story_page_anonymous_and_signed_in_in_both_orders(order):
    member = UserFactory()
    story = StoryPageFactory()
    comment = CommentFactory(page=story)
    notify(recipients=[member], subject="Welkom")
    for member_page, anonymous_page in pairs(order, story.url, visitor(member), visitor()):
        assert reverse("stories:comment_report", args=[comment.pk]) in member_page
        assert 'name="text"' in member_page and SIGN_IN_TO_RESPOND not in member_page
        assert reverse("profile") in member_page and "reisgids-badge" in member_page
        assert reverse("stories:comment_report", args=[comment.pk]) not in anonymous_page
        assert f"?op={comment.pk}" not in anonymous_page and 'name="text"' not in anonymous_page
        assert reverse("account_login") in anonymous_page
        assert reverse("profile") not in anonymous_page and "reisgids-badge" not in anonymous_page


def test_story_page_edit_link_goes_with_the_edit_window_and_edits_show_at_once(monkeypatch):
    author = UserFactory()
    story = StoryPageFactory()
    comment = CommentFactory(page=story, author=author, text="Eerste versie")
    client = visitor(author)
    edit = reverse("stories:comment_edit", args=[comment.pk])
    assert edit in client.get(story.url).content.decode()
    response = client.post(edit, {"text": "Tweede versie"})
    assert response.status_code == 302
    page = client.get(story.url).content.decode()
    assert "Tweede versie" in page and "Eerste versie" not in page
    # An hour later the page is still the kept one: the link goes because the window is checked per
    # request, from the time in the comment's slot.
    later = time.time() + 3600
    monkeypatch.setattr(stories_views, "time", SimpleNamespace(time=lambda: later))
    page = client.get(story.url).content.decode()
    assert "Tweede versie" in page and edit not in page


# --- the organisation page -----------------------------------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
def test_organisation_page_buttons_for_a_beheerder_and_a_non_member(order):
    organisation = OrganisationFactory()
    beheerder = MembershipFactory(organisation=organisation, beheerder=True).user
    outsider = UserFactory()
    url = organisation.get_absolute_url()
    edit = reverse("organisation_edit", args=[organisation.slug])
    members = reverse("organisation_members", args=[organisation.slug])
    join = reverse("organisation_join", args=[organisation.slug])
    for beheerder_page, outsider_page in pairs(order, url, visitor(beheerder), visitor(outsider)):
        assert edit in beheerder_page and members in beheerder_page and join not in beheerder_page
        assert edit not in outsider_page and members not in outsider_page and join in outsider_page


@pytest.mark.parametrize("order", ORDERS)
def test_organisation_page_a_lid_does_not_get_the_beheerders_button(order):
    organisation = OrganisationFactory()
    beheerder = MembershipFactory(organisation=organisation, beheerder=True).user
    lid = MembershipFactory(organisation=organisation).user
    url = organisation.get_absolute_url()
    members = reverse("organisation_members", args=[organisation.slug])
    for beheerder_page, lid_page in pairs(order, url, visitor(beheerder), visitor(lid)):
        assert members in beheerder_page
        assert members not in lid_page and reverse("organisation_edit", args=[organisation.slug]) in lid_page


@pytest.mark.parametrize("order", ORDERS)
def test_organisation_page_anonymous_and_signed_in_in_both_orders(order):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation).user
    url = organisation.get_absolute_url()
    edit = reverse("organisation_edit", args=[organisation.slug])
    for member_page, anonymous_page in pairs(order, url, visitor(member), visitor()):
        assert edit in member_page and reverse("profile") in member_page
        assert edit not in anonymous_page and reverse("organisation_join", args=[organisation.slug]) not in (
            anonymous_page
        )
        assert reverse("profile") not in anonymous_page


def test_organisation_page_membership_changes_show_at_once():
    organisation = OrganisationFactory()
    user = UserFactory()
    client = visitor(user)
    url = organisation.get_absolute_url()
    edit = reverse("organisation_edit", args=[organisation.slug])
    join = reverse("organisation_join", args=[organisation.slug])
    assert join in client.get(url).content.decode()
    JoinRequestFactory(organisation=organisation, user=user, status=JoinRequest.Status.PENDING)
    page = client.get(url).content.decode()
    assert "De beheerders hebben nog geen besluit genomen" in page and join not in page
    membership = MembershipFactory(organisation=organisation, user=user)
    assert edit in client.get(url).content.decode()
    membership.delete()
    assert edit not in client.get(url).content.decode()


# --- the listing page ----------------------------------------------------------------------------


def _voucher_listing():
    listing = ListingFactory(aanbod=True, vouchers_total=5)
    claimer_organisation = OrganisationFactory(name="Buurthuis De Claim")
    claim = VoucherClaimFactory(listing=listing, organisation=claimer_organisation)
    ConversationFactory(listing=listing, organisation=OrganisationFactory(name="Stichting Gesprek"))
    return listing, claim


@pytest.mark.parametrize("order", ORDERS)
def test_listing_page_owner_and_responder_in_both_orders(order):
    listing, claim = _voucher_listing()
    owner = member_of(listing.organisation)
    responder = member_of(OrganisationFactory(name="Wijkteam Antwoord"))
    url = listing.get_absolute_url()
    edit = reverse("marktplaats:edit", args=[listing.pk])
    redeem = reverse("marktplaats:voucher_redeem", args=[claim.pk])
    respond = reverse("marktplaats:respond", args=[listing.pk])
    report = reverse("marktplaats:report", args=[listing.pk])
    hide = reverse("marktplaats:hide", args=[listing.pk])
    for owner_page, responder_page in pairs(order, url, visitor(owner), visitor(responder)):
        assert edit in owner_page and redeem in owner_page and "Stichting Gesprek" in owner_page
        assert respond not in owner_page and report not in owner_page and hide not in owner_page
        assert edit not in responder_page and redeem not in responder_page
        assert "Buurthuis De Claim" not in responder_page and "Stichting Gesprek" not in responder_page
        assert respond in responder_page and "Wijkteam Antwoord" in responder_page
        assert report in responder_page
        assert "Claim een voucher" in responder_page


@pytest.mark.parametrize("order", ORDERS)
def test_listing_page_network_manager_and_anonymous_in_both_orders(order):
    listing, claim = _voucher_listing()
    url = listing.get_absolute_url()
    hide = reverse("marktplaats:hide", args=[listing.pk])
    for manager_page, anonymous_page in pairs(order, url, visitor(network_manager()), visitor()):
        assert hide in manager_page and SIGN_IN_TO_RESPOND not in manager_page
        assert hide not in anonymous_page and SIGN_IN_TO_RESPOND in anonymous_page
        assert "Log in om een voucher te claimen" in anonymous_page
        assert reverse("marktplaats:voucher_redeem", args=[claim.pk]) not in anonymous_page


@pytest.mark.parametrize("order", ORDERS)
def test_a_hidden_listing_is_only_for_its_members_and_network_managers_whatever_is_cached(order):
    listing = ListingFactory(hidden_at=timezone.now(), hidden_reason="Spam")
    owner = member_of(listing.organisation)
    url = listing.get_absolute_url()
    clients = [visitor(owner), visitor(UserFactory()), visitor()]
    if order == ORDERS[1]:
        clients.reverse()
    for _round in range(2):
        for client in clients:
            status = client.get(url).status_code
            assert status == (200 if client.session.get("_auth_user_id") == str(owner.pk) else 404)
    assert visitor(network_manager()).get(url).status_code == 200


def test_listing_page_changes_show_at_once():
    listing = ListingFactory()
    user = UserFactory()
    client = visitor(user)
    url = listing.get_absolute_url()
    edit = reverse("marktplaats:edit", args=[listing.pk])
    assert edit not in client.get(url).content.decode()
    membership = MembershipFactory(organisation=listing.organisation, user=user)
    assert edit in client.get(url).content.decode()
    membership.delete()
    assert edit not in client.get(url).content.decode()
    listing.title = "Nieuwe titel"
    listing.save()
    assert "Nieuwe titel" in client.get(url).content.decode()


# --- the pages of the site tree ------------------------------------------------------------------


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("url", ["/", "/verhalen/", "/nieuws/", "/agenda/"])
def test_tree_pages_have_each_visitors_own_header(order, url):
    member, other = UserFactory(), UserFactory()
    notify(recipients=[member], subject="Welkom")
    for member_page, other_page in pairs(order, url, visitor(member), visitor(other)):
        assert "reisgids-badge" in member_page and reverse("profile") in member_page
        assert "reisgids-badge" not in other_page and reverse("profile") in other_page
    for member_page, anonymous_page in pairs(order, url, visitor(member), visitor()):
        assert reverse("account_logout") in member_page and reverse("account_login") not in member_page
        assert reverse("account_logout") not in anonymous_page and reverse("account_login") in anonymous_page


def test_a_tree_page_is_kept_once_for_everyone(django_assert_max_num_queries):
    anonymous, member = visitor(), visitor(UserFactory())
    member.get("/nieuws/")  # the member's session, user and unread count are cached
    anonymous.get("/")
    with django_assert_max_num_queries(1):  # the member's page comes from what the anonymous visit kept
        response = member.get("/")
    assert reverse("account_logout") in response.content.decode()


# --- what a warm page costs signed in ------------------------------------------------------------


def _story_url(size):
    authors = [UserFactory() for _ in range(4)]
    story = StoryPageFactory(author=authors[0])
    seed_comments(story, size, authors)
    return story.url


def _organisation_url(size):
    organisation = OrganisationFactory()
    for _ in range(size // 10):
        MembershipFactory(organisation=organisation)
    return organisation.get_absolute_url()


def _listing_url(size):
    listing = ListingFactory(aanbod=True, vouchers_total=size)
    for _ in range(size // 10):
        VoucherClaimFactory(listing=listing)
        ConversationFactory(listing=listing)
    return listing.get_absolute_url()


def _signed_in_users(url):
    """A member of no organisation, a beheerder of another, and (for a listing) its poster."""
    users = [UserFactory(), MembershipFactory(beheerder=True).user]
    if "/marktplaats/" in url:
        listing = Listing.objects.get(pk=url.rstrip("/").rsplit("/", 1)[1])
        users.append(member_of(listing.organisation))
    return users


@pytest.mark.parametrize("size", [10, 300])
@pytest.mark.parametrize(
    "make_url", [_story_url, _organisation_url, _listing_url], ids=["story", "org", "list"]
)
def test_a_warm_shared_page_runs_at_most_four_queries(django_assert_max_num_queries, make_url, size):
    url = make_url(size)
    for user in _signed_in_users(url):
        client = visitor(user)
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(SIGNED_IN_WARM_BOUND):
            assert client.get(url).status_code == 200
    anonymous = visitor()
    anonymous.get(url)
    with django_assert_max_num_queries(SIGNED_IN_WARM_BOUND):
        assert anonymous.get(url).status_code == 200


# --- the mechanism -------------------------------------------------------------------------------


def test_a_slot_must_be_registered_and_holds_only_ids_numbers_and_slugs():
    from django.core.exceptions import ImproperlyConfigured

    from reisgids.caching import slot

    with pytest.raises(ImproperlyConfigured):
        slot("no_such_slot", 1)
    with pytest.raises(ValueError, match="Slot arguments"):
        slot("organisation_actions", "1:2")
    assert slot("organisation_actions", 7) == "\x00slot:organisation_actions:7\x00"


def test_pages_answered_by_a_middleware_have_their_slots_filled_too():
    member = UserFactory()
    response = visitor(member).get("/beheer/")  # 403 from AdminRequiresMFAMiddleware: no admin access
    assert response.status_code == 403
    html = response.content.decode()
    assert "\x00" not in html and reverse("account_logout") in html
