"""Reads of the residencies, permission-aware. Who sees what:

- the residency page, its log, concerns and private activities: members of the partners that take
  part in the deal, and the resident; a log entry marked "home and host only" only the members of
  those two partners and the resident;
- anyone: that a deal has a partner in residence (named only when the person agreed), and public
  side activities.

Every page fetches what it shows in a fixed number of queries, whatever the number of entries or
concerns (tests assert it at two sizes)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, Value, When, Window
from django.http import Http404
from django.utils import timezone

from deals.apps import CACHE_NAMESPACE as DEALS
from deals.models import Deal, DealPartner
from reisgids.caching import DIRECTORY, kept
from reisgids.roles import organisation_ids
from residence.apps import PAGES_NAMESPACE
from residence.models import Activity, Concern, LogEntry, Residency, Response

# Ten entries a page: the page renders the same at 10 and at 1,000 entries (the bench compares them).
ENTRY_PAGE_SIZE = 10
# The residency page shows the first ten concerns (a handrem first); all of them, twenty a page, are
# on the residency's list of concerns.
CONCERNS_ON_PAGE = 10
CONCERN_PAGE_SIZE = 20
HANDREM_FIRST = Case(When(severity=Concern.Severity.HANDREM, then=Value(0)), default=Value(1))


@dataclass
class ResidencyAccess:
    residency: Residency
    user_id: int | None
    member_org_ids: set = field(default_factory=set)
    partner_org_ids: set = field(default_factory=set)

    @property
    def is_resident(self):
        return self.user_id is not None and self.user_id == self.residency.person_id

    @property
    def is_deal_partner(self):
        """A member of a partner that takes part in the deal (or the resident): sees the residency."""
        return self.is_resident or bool(self.member_org_ids & self.partner_org_ids)

    @property
    def is_pair(self):
        """A member of the home or the host partner (or the resident): sees every entry."""
        pair = {self.residency.home_partner_id, self.residency.host_partner_id}
        return self.is_resident or bool(self.member_org_ids & pair)

    @property
    def is_active(self):
        return self.residency.status == Residency.Status.ACTIVE


def _partner_org_ids(deal_id):
    return set(
        DealPartner.objects.filter(deal_id=deal_id, status=DealPartner.Status.ACCEPTED).values_list(
            "organisation_id", flat=True
        )
    )


def residency_access(*, user, residency):
    return ResidencyAccess(
        residency=residency,
        user_id=user.pk if user.is_authenticated else None,
        member_org_ids=organisation_ids(user),
        partner_org_ids=_partner_org_ids(residency.deal_id),
    )


def _residencies():
    return Residency.objects.select_related("deal", "person", "home_partner", "host_partner")


def residency_get_for_user(*, user, pk):
    """The residency and what ``user`` may see of it; 404 for anyone not a partner of the deal (so a
    residency does not reveal that it exists)."""
    if not user.is_authenticated:
        raise Http404
    residency = _residencies().filter(pk=pk).first()
    if residency is None:
        raise Http404
    access = residency_access(user=user, residency=residency)
    if not access.is_deal_partner:
        raise Http404
    return access


# What the residency page shows and what decides who sees it: the residency's own rows, its deal and
# the deal's partners, and the names of organisations and people.
PAGE_NAMESPACES = (DIRECTORY, DEALS, PAGES_NAMESPACE)


@dataclass(frozen=True)
class ResidencyFacts:
    """What decides who may see a residency page and how many log entries each audience sees:
    kept in the cache per residency (``residency_facts``), so a warm page runs no query for it."""

    residency: Residency
    partner_org_ids: frozenset
    entries_for_pair: int
    entries_for_partners: int
    concerns: int


def _load_facts(pk):
    residency = _residencies().filter(pk=pk).first()
    if residency is None:
        return None
    counts = LogEntry.objects.filter(residency=residency).aggregate(
        pair=Count("id"), partners=Count("id", filter=Q(visibility=LogEntry.Visibility.ALL))
    )
    return ResidencyFacts(
        residency=residency,
        partner_org_ids=frozenset(_partner_org_ids(residency.deal_id)),
        entries_for_pair=counts["pair"],
        entries_for_partners=counts["partners"],
        concerns=Concern.objects.filter(residency=residency).count(),
    )


def residency_facts(pk):
    """The ``ResidencyFacts`` of residency ``pk`` (None when there is none), from the cache until a
    write of the residency, its log, concerns, activities, deal or partners outdates it."""
    return kept("residency-page-facts", lambda: _load_facts(pk), namespaces=PAGE_NAMESPACES, key_parts=(pk,))


def residency_page_access(*, user, pk):
    """(access, facts) for the residency page: as ``residency_get_for_user`` (404 for anyone not a
    partner of the deal), from the kept facts and the signed-in user's organisations (no query on a
    warm request)."""
    if not user.is_authenticated:
        raise Http404
    facts = residency_facts(pk)
    if facts is None:
        raise Http404
    access = ResidencyAccess(
        residency=facts.residency,
        user_id=user.pk,
        member_org_ids=organisation_ids(user),
        partner_org_ids=set(facts.partner_org_ids),
    )
    if not access.is_deal_partner:
        raise Http404
    return access, facts


def visible_entries(access):
    """The log entries ``access`` may read, newest first, with their responses (a queryset: page it)."""
    entries = LogEntry.objects.filter(residency=access.residency).select_related("author")
    if not access.is_pair:
        entries = entries.filter(visibility=LogEntry.Visibility.ALL)
    return entries.prefetch_related(
        Prefetch("responses", queryset=Response.objects.select_related("author", "organisation"))
    ).order_by("-date", "-id")


def entry_get_for_user(*, user, pk):
    """(entry, access) when ``user`` may read the entry; else 404."""
    entry = LogEntry.objects.filter(pk=pk).values_list("residency_id", "visibility").first()
    if entry is None:
        raise Http404
    access = residency_get_for_user(user=user, pk=entry[0])
    if entry[1] != LogEntry.Visibility.ALL and not access.is_pair:
        raise Http404
    return LogEntry.objects.select_related("author").get(pk=pk), access


def concerns_of(access):
    """Every concern of the residency: open ones first (a handrem before the others), oldest first;
    then the closed ones (a queryset: slice or page it)."""
    return (
        Concern.objects.filter(residency=access.residency)
        .select_related("owner", "raised_by")
        .order_by("-status", HANDREM_FIRST, "raised_at", "id")
    )


def concern_get_for_user(*, user, pk):
    residency_id = Concern.objects.filter(pk=pk).values_list("residency_id", flat=True).first()
    if residency_id is None:
        raise Http404
    access = residency_get_for_user(user=user, pk=residency_id)
    concern = Concern.objects.select_related("owner", "raised_by", "deal").get(pk=pk)
    concern.residency = access.residency
    return concern, access


def activities_of(access):
    return list(
        Activity.objects.filter(residency=access.residency).prefetch_related("partners").order_by("starts_at")
    )


def activity_is_public(activity):
    """Whether anyone may see ``activity``: marked public, of a deal the public register shows (a
    public activity of a deal that is not public would reveal the deal: as ``datasets.activity_rows``)."""
    return activity.is_public and activity.residency.deal.status in Deal.PUBLIC_STATUSES


def activity_get_for_user(*, user, pk):
    """(activity, access or None): a public activity of a public deal is for everyone; any other one
    only for the partners of the deal."""
    activity = (
        Activity.objects.select_related(
            "residency__deal", "residency__host_partner", "residency__home_partner"
        )
        .prefetch_related("partners")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    public = activity_is_public(activity)
    if public and not user.is_authenticated:
        return activity, None
    try:
        access = residency_get_for_user(user=user, pk=activity.residency_id)
    except Http404:
        if public:
            return activity, None
        raise
    return activity, access


# --- the deal page --------------------------------------------------------------------------------


def public_residencies(*, deal):
    """What anyone may know: the active residencies of a deal, with the home and host partner."""
    return list(
        Residency.objects.filter(deal=deal, status=Residency.Status.ACTIVE)
        .select_related("person", "home_partner", "host_partner")
        .order_by("starts_on", "id")
    )


def deal_block(*, deal):
    """For the partners' block on the deal page: the planned and active residencies, the first
    ``CONCERNS_ON_PAGE`` open concerns of the deal (a handrem first, then the oldest) with their age,
    and how many concerns are open in all. Two queries, whatever the number of concerns."""
    residencies = list(
        Residency.objects.filter(deal=deal)
        .exclude(status=Residency.Status.ENDED)
        .select_related("person", "home_partner", "host_partner")
        .order_by("starts_on", "id")
    )
    concerns = list(
        Concern.objects.filter(deal=deal, status=Concern.Status.OPEN)
        .select_related("owner")
        .annotate(open_total=Window(Count("id")))
        .order_by(HANDREM_FIRST, "raised_at", "id")[:CONCERNS_ON_PAGE]
    )
    return residencies, concerns, concerns[0].open_total if concerns else 0


def deals_with_residence():
    """Ids of deals with an active residency (for the register's filter)."""
    return Residency.objects.filter(status=Residency.Status.ACTIVE).values("deal_id")


# --- the agenda -----------------------------------------------------------------------------------


def public_activities_upcoming(*, limit=20):
    """The upcoming public activities of active residencies in public deals (``activity_is_public``)."""
    return list(
        Activity.objects.filter(
            is_public=True,
            starts_at__gte=timezone.now(),
            residency__status=Residency.Status.ACTIVE,
            residency__deal__status__in=Deal.PUBLIC_STATUSES,
        )
        .select_related("residency__deal", "residency__host_partner")
        .order_by("starts_at", "id")[:limit]
    )


# --- the schouw -----------------------------------------------------------------------------------


def schouw_period(start, end):
    """The period of the summary: the given dates, by default the last year."""
    end = end or timezone.localdate()
    if start is None:
        try:
            start = end - datetime.timedelta(days=365)
        except OverflowError:  # an end date in the year 1
            start = datetime.date.min
    return start, end


def schouw_summary(*, deal, member_org_ids, start, end):
    """Everything of the deal's residencies in the period, for the partners (``member_org_ids``: the
    viewer's organisations; entries for home and host only are left out for other partners)."""
    residencies = list(
        Residency.objects.filter(deal=deal)
        .filter(starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("person", "home_partner", "host_partner")
        .order_by("starts_on", "id")
    )
    pair_ids = [r.pk for r in residencies if member_org_ids & {r.home_partner_id, r.host_partner_id}]
    entries = (
        LogEntry.objects.filter(residency__in=residencies, date__range=(start, end))
        .filter(Q(visibility=LogEntry.Visibility.ALL) | Q(residency_id__in=pair_ids))
        .select_related("author")
        .order_by("date", "id")
    )
    concerns = (
        Concern.objects.filter(residency__in=residencies, raised_at__date__lte=end)
        .filter(Q(status=Concern.Status.OPEN) | Q(closed_at__date__gte=start))
        .select_related("owner")
        .order_by("raised_at", "id")
    )
    activities = (
        Activity.objects.filter(residency__in=residencies, starts_at__date__range=(start, end))
        .prefetch_related("partners")
        .order_by("starts_at", "id")
    )
    return {
        "residencies": residencies,
        "entries": list(entries),
        "concerns": list(concerns),
        "activities": list(activities),
    }
