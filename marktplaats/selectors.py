"""Reads for the marktplaats, permission-aware. Every page runs a fixed number of queries."""

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from marktplaats.models import ACTIVE_VISIBLE, Conversation, Listing, Message, VoucherClaim
from reisgids.models import Neighbourhood, Organisation, Theme
from reisgids.roles import is_network_manager, organisation_ids

MATCH_LIMIT = 5
CANDIDATES_PER_REASON = 50

# Categories that help each other: a match on a related category counts, with less weight.
RELATED_CATEGORIES = {
    Listing.Category.BUSINESSPLAN: {Listing.Category.SUBSIDIE, Listing.Category.KENNIS},
    Listing.Category.SUBSIDIE: {Listing.Category.BUSINESSPLAN, Listing.Category.KENNIS},
    Listing.Category.KENNIS: {
        Listing.Category.BUSINESSPLAN,
        Listing.Category.SUBSIDIE,
        Listing.Category.WORKSHOP,
    },
    Listing.Category.WORKSHOP: {Listing.Category.KENNIS},
    Listing.Category.HANDJES: set(),
    Listing.Category.RUIMTE: set(),
    Listing.Category.PARTNER: set(),
    Listing.Category.MATERIAAL: set(),
    Listing.Category.OVERIG: set(),
}


def can_edit(user, listing):
    return listing.organisation_id in organisation_ids(user)


def listing_browse():
    """Visible listings for the list page, with what a card shows."""
    return (
        Listing.objects.filter(hidden_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("themes", "neighbourhoods")
    )


def listing_get(*, pk):
    """A listing with what its page shows, whoever looks (``may_see`` decides who may); 404 when
    there is none."""
    listing = (
        Listing.objects.select_related("organisation", "contact_person", "matched_organisation", "deal")
        .prefetch_related("themes", "areas", "neighbourhoods")
        .filter(pk=pk)
        .first()
    )
    if listing is None:
        raise Http404
    return listing


def may_see(user, *, organisation_id, hidden):
    """Hidden listings only for the poster's members and network managers."""
    return not hidden or organisation_id in organisation_ids(user) or is_network_manager(user)


def listing_get_for_user(*, user, pk):
    """A listing as ``user`` may see it: hidden listings only for its members and network managers."""
    listing = listing_get(pk=pk)
    if not may_see(user, organisation_id=listing.organisation_id, hidden=listing.hidden_at is not None):
        raise Http404
    return listing


def listing_for_update(*, user, pk):
    listing = listing_get_for_user(user=user, pk=pk)
    if not can_edit(user, listing):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return listing


def matches_for(listing, *, limit=MATCH_LIMIT):
    """The best-matching active listings of the other kind, each with ``match_reasons``. Scores:
    same category 4, related category 2, same wijk 3, same theme 2, same gebied 1; ties go to the
    newest. Three queries whatever the number of listings (the listing's thema's, gebieden and wijken
    are prefetched). Only a bounded set of candidates is scored: for each reason to match, the
    ``CANDIDATES_PER_REASON`` newest listings that have it (see ``_candidate_ids``)."""
    other_kind = Listing.Kind.AANBOD if listing.kind == Listing.Kind.VRAAG else Listing.Kind.VRAAG
    theme_ids = [t.pk for t in listing.themes.all()]
    area_ids = [a.pk for a in listing.areas.all()]
    wijk_ids = [n.pk for n in listing.neighbourhoods.all()]
    related = sorted(RELATED_CATEGORIES.get(listing.category, set()))
    through_theme = Listing.themes.through
    through_area = Listing.areas.through
    through_wijk = Listing.neighbourhoods.through
    false = Value(False, output_field=BooleanField())
    active = Listing.objects.filter(ACTIVE_VISIBLE, kind=other_kind).exclude(
        organisation_id=listing.organisation_id
    )
    reasons = {
        "category": active.filter(category=listing.category),
        "related": active.filter(category__in=related) if related else None,
        "wijk": active.filter(
            pk__in=through_wijk.objects.filter(neighbourhood_id__in=wijk_ids).values("listing_id")
        )
        if wijk_ids
        else None,
        "theme": active.filter(
            pk__in=through_theme.objects.filter(theme_id__in=theme_ids).values("listing_id")
        )
        if theme_ids
        else None,
        "area": active.filter(pk__in=through_area.objects.filter(area_id__in=area_ids).values("listing_id"))
        if area_ids
        else None,
    }
    candidates = Listing.objects.filter(
        pk__in=_candidate_ids(active, [q for q in reasons.values() if q is not None])
    )
    candidates = candidates.annotate(
        same_category=Case(When(category=listing.category, then=Value(True)), default=false),
        related_category=Case(When(category__in=related, then=Value(True)), default=false)
        if related
        else false,
        same_theme=Exists(through_theme.objects.filter(listing_id=OuterRef("pk"), theme_id__in=theme_ids))
        if theme_ids
        else false,
        same_area=Exists(through_area.objects.filter(listing_id=OuterRef("pk"), area_id__in=area_ids))
        if area_ids
        else false,
        same_wijk=Exists(
            through_wijk.objects.filter(listing_id=OuterRef("pk"), neighbourhood_id__in=wijk_ids)
        )
        if wijk_ids
        else false,
    ).annotate(
        score=Case(When(same_category=True, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(related_category=True, then=Value(2)), default=Value(0), output_field=IntegerField())
        + Case(When(same_wijk=True, then=Value(3)), default=Value(0), output_field=IntegerField())
        + Case(When(same_theme=True, then=Value(2)), default=Value(0), output_field=IntegerField())
        + Case(When(same_area=True, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    rows = list(
        candidates.filter(score__gt=0)
        .select_related("organisation")
        .order_by("-score", "-created_at", "-id")[:limit]
    )
    for row in rows:
        reasons = []
        if row.same_wijk:
            reasons.append(_("same neighbourhood"))
        elif row.same_area:
            reasons.append(_("same area"))
        if row.same_theme:
            reasons.append(_("same theme"))
        if row.same_category:
            reasons.append(_("same category"))
        elif row.related_category:
            reasons.append(_("related category"))
        row.match_reasons = reasons
    return rows


def _candidate_ids(active, per_reason):
    """The ids to score: the union of the newest ``CANDIDATES_PER_REASON`` rows of each query in
    ``per_reason``, each read from a partial index in order of recency (``ACTIVE_VISIBLE``), so the
    matching reads a few hundred rows at most, however many listings there are. An older listing
    that is among no reason's newest is not considered: recency counts for a match too.
    Where the database cannot slice the parts of a UNION (SQLite), every active listing is a
    candidate, as befits the small data of a development set-up."""
    if not per_reason or not connection.features.supports_slicing_ordering_in_compound:
        return active.values("pk")
    first, *rest = (
        query.order_by("-created_at", "-id").values("pk")[:CANDIDATES_PER_REASON] for query in per_reason
    )
    return first.union(*rest, all=True) if rest else first


def conversation_get_for_user(*, user, pk):
    conversation = (
        Conversation.objects.select_related("listing", "listing__organisation", "organisation")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=Message.objects.select_related("sender", "sender_organisation"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if conversation is None or not user.is_authenticated:
        raise Http404
    ids = organisation_ids(user)
    if conversation.organisation_id not in ids and conversation.listing.organisation_id not in ids:
        raise Http404
    return conversation


def voucher_claims(*, listing):
    """The claims of ``listing`` that are not cancelled, with what the poster's table shows."""
    return list(
        VoucherClaim.objects.filter(listing=listing)
        .exclude(status=VoucherClaim.Status.CANCELLED)
        .select_related("organisation", "claimed_by")
    )


def voucher_claim_of(*, user, listing_id):
    """``user``'s active claim on listing ``listing_id`` (not cancelled), or None: one query."""
    return (
        VoucherClaim.objects.filter(listing_id=listing_id, claimed_by=user)
        .exclude(status=VoucherClaim.Status.CANCELLED)
        .select_related("organisation")
        .first()
    )


def conversations_of_listing(*, user, listing_id, organisation_id):
    """The conversations of listing ``listing_id`` that ``user`` takes part in: every one for the
    poster's members, a responder's own, none (and no query) for anyone else."""
    ids = organisation_ids(user)
    conversations = Conversation.objects.filter(listing_id=listing_id).select_related("organisation")
    if organisation_id in ids:
        return list(conversations)
    if not ids:
        return []
    return list(conversations.filter(organisation_id__in=ids))


def match_counts(start, end):
    """Matches made from ``start`` until ``end`` (fulfilled listings with a matched organisation,
    by the moment they were fulfilled) per theme and per wijk, for the kompas: two queries."""
    matched = Q(
        listings__status=Listing.Status.INGEVULD,
        listings__matched_organisation__isnull=False,
        listings__closed_at__gte=start,
        listings__closed_at__lt=end,
    )
    themes = Theme.objects.annotate(matches=Count("listings", filter=matched)).filter(matches__gt=0)
    wijken = Neighbourhood.objects.annotate(matches=Count("listings", filter=matched)).filter(matches__gt=0)
    return (
        {t.slug: t.matches for t in themes.only("slug")},
        {n.slug: n.matches for n in wijken.only("slug")},
    )


def deals_for_linking(user):
    """Deals still being formed in which one of the user's organisations takes part."""
    from deals.models import Deal, DealPartner

    if not user.is_authenticated:
        return Deal.objects.none()
    partner = DealPartner.objects.filter(
        deal=OuterRef("pk"), status=DealPartner.Status.ACCEPTED, organisation__memberships__user=user
    )
    return Deal.objects.filter(Exists(partner), status__in=Deal.OPEN_STATUSES).order_by("title")


def fill_candidates(listing):
    """Organisations the poster can choose as the match: those that responded or claimed."""
    return (
        Organisation.objects.filter(
            Q(listing_conversations__listing=listing) | Q(voucher_claims__listing=listing)
        )
        .exclude(pk=listing.organisation_id)
        .distinct()
        .order_by("name")
    )


def follows_for_user(user):
    """What the user's organisations follow."""
    from marktplaats.models import Follow

    return Follow.objects.filter(organisation_id__in=organisation_ids(user)).select_related(
        "organisation", "theme", "area"
    )
