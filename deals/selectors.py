"""Reads of deals, permission-aware. Views never fetch deals by user-supplied ids themselves."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from deals import extensions
from deals.apps import CACHE_NAMESPACE as DEALS
from deals.models import Contribution, Deal, DealEvent, DealPartner, Milestone
from reisgids.caching import DIRECTORY, kept
from reisgids.models import ContactPoint, Membership, Theme, User
from reisgids.roles import is_network_manager, organisation_ids, remember_roles, role_annotations


def invitation_responder_ids(partners):
    """Who may answer each invitation in ``partners`` on behalf of the invited organisation, as
    {partner id: set of user ids}. The one rule behind the notification of an invitation, the
    buttons on the deal page and the guard of ``services.partner_respond``: the organisation's
    beheerders; when it has none (a gemeente-afdeling), its members who are one of its
    aanspreekpunten; and always the member a network manager assigned (``DealPartner.responder``).
    Only active members count. One query, whatever the number of partners."""
    partners = list(partners)
    if not partners:
        return {}
    assigned = {p.responder_id for p in partners if p.responder_id}
    rows = (
        Membership.objects.filter(
            organisation_id__in={p.organisation_id for p in partners}, user__is_active=True
        )
        .annotate(
            is_contact=Exists(
                ContactPoint.objects.filter(
                    organisation_id=OuterRef("organisation_id"), user_id=OuterRef("user_id")
                )
            )
        )
        .filter(Q(role=Membership.Role.BEHEERDER) | Q(is_contact=True) | Q(user_id__in=assigned))
        .values_list("organisation_id", "user_id", "role", "is_contact")
    )
    members, beheerders, contacts = defaultdict(set), defaultdict(set), defaultdict(set)
    for organisation_id, user_id, role, is_contact in rows:
        members[organisation_id].add(user_id)
        if role == Membership.Role.BEHEERDER:
            beheerders[organisation_id].add(user_id)
        if is_contact:
            contacts[organisation_id].add(user_id)
    responders = {}
    for partner in partners:
        ids = set(beheerders[partner.organisation_id] or contacts[partner.organisation_id])
        if partner.responder_id in members[partner.organisation_id]:
            ids.add(partner.responder_id)
        responders[partner.pk] = ids
    return responders


def invitation_responders(*, partner):
    """The users who may answer the invitation of ``partner`` (see ``invitation_responder_ids``)."""
    ids = invitation_responder_ids([partner])[partner.pk]
    return list(User.objects.filter(pk__in=ids).order_by("pk")) if ids else []


def may_answer(*, user, partner):
    """Whether ``user`` may accept or decline the invitation of ``partner``."""
    return user.is_authenticated and user.pk in invitation_responder_ids([partner])[partner.pk]


def invitation_members(*, partners):
    """The active members of each invited organisation, as {partner id: [users]}: the people a
    network manager can assign to answer. One query."""
    partners = list(partners)
    by_organisation = defaultdict(list)
    if partners:
        memberships = (
            Membership.objects.filter(
                organisation_id__in={p.organisation_id for p in partners}, user__is_active=True
            )
            .select_related("user")
            .order_by("user__first_name", "user__last_name", "user__email")
        )
        for membership in memberships:
            by_organisation[membership.organisation_id].append(membership.user)
    return {p.pk: by_organisation[p.organisation_id] for p in partners}


@dataclass
class DealAccess:
    """What one user may do with one deal."""

    deal: Deal
    member_org_ids: set = field(default_factory=set)
    answerable_partner_ids: set = field(default_factory=set)
    network_manager: bool = False

    def _partners(self, *statuses):
        return [p for p in self.deal.partners.all() if p.status in statuses]

    @property
    def accepted_partners(self):
        return self._partners(DealPartner.Status.ACCEPTED)

    @property
    def trekker(self):
        return next((p for p in self.deal.partners.all() if p.role == DealPartner.Role.TREKKER), None)

    @property
    def is_partner(self):
        """A member of an organisation that takes part: sees private fields, edits the deal."""
        return any(p.organisation_id in self.member_org_ids for p in self.accepted_partners)

    @property
    def is_trekker(self):
        trekker = self.trekker
        return bool(trekker and trekker.organisation_id in self.member_org_ids)

    @property
    def my_partners(self):
        """Accepted partnerships the user may edit the inbreng of."""
        return [p for p in self.accepted_partners if p.organisation_id in self.member_org_ids]

    @property
    def open_invitations(self):
        return self._partners(DealPartner.Status.INVITED)

    @property
    def my_invitations(self):
        """Invitations the user may answer (see ``invitation_responder_ids``)."""
        return [p for p in self.open_invitations if p.pk in self.answerable_partner_ids]

    @property
    def invitations_for_others(self):
        """Invitations of the user's organisations that someone else answers."""
        return [
            p
            for p in self.open_invitations
            if p.organisation_id in self.member_org_ids and p.pk not in self.answerable_partner_ids
        ]

    @property
    def is_invited(self):
        return any(p.organisation_id in self.member_org_ids for p in self.open_invitations)

    @property
    def can_withdraw_invitations(self):
        return self.is_trekker and self.deal.status not in (Deal.Status.FINISHED, Deal.Status.STOPPED)

    @property
    def can_assign_responders(self):
        """A network manager assigns who answers an open invitation."""
        return self.network_manager and self.deal.status not in (Deal.Status.FINISHED, Deal.Status.STOPPED)

    @property
    def can_view(self):
        return (
            self.deal.is_public
            or self.is_partner
            or self.is_invited
            or (self.network_manager and self.deal.status in Deal.OPEN_STATUSES)
        )

    @property
    def can_edit(self):
        return self.is_partner and self.deal.status not in (Deal.Status.FINISHED, Deal.Status.STOPPED)

    @property
    def can_see_private(self):
        return self.is_partner

    @property
    def can_suggest(self):
        return self.network_manager and self.deal.status in Deal.OPEN_STATUSES

    @property
    def joinable_organisation_ids(self):
        """The user's organisations that could still ask to join this deal in the making."""
        if not self.deal.in_the_making:
            return set()
        taken = {p.organisation_id for p in self.deal.partners.all()}
        return self.member_org_ids - taken


def _access_queryset(user):
    """The deal with what decides what ``user`` may do with it: its partners (with their
    organisations, whose names the invitations show) and the user's roles (``reisgids.roles``,
    loaded with the deal). Two queries."""
    return Deal.objects.annotate(**role_annotations(user)).prefetch_related(
        Prefetch("partners", queryset=DealPartner.objects.select_related("organisation"))
    )


def _detail_prefetches(*, private):
    """What a deal page shows besides the deal and its partners; the risk analysis only with
    ``private``."""
    return (
        "kickoff_moment",
        Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug")),
        "areas",
        "neighbourhoods",
        "instruments",
        "results",
        "milestones",
        "partners__contributions",
        *(("risks",) if private else ()),
    )


def deal_access(*, user, deal):
    member_ids = organisation_ids(user)
    mine = [
        p
        for p in deal.partners.all()
        if p.status == DealPartner.Status.INVITED and p.organisation_id in member_ids
    ]
    answerable = {pk for pk, ids in invitation_responder_ids(mine).items() if user.pk in ids}
    return DealAccess(
        deal=deal,
        member_org_ids=member_ids,
        answerable_partner_ids=answerable,
        network_manager=is_network_manager(user),
    )


def _kept_deal(slug):
    """The deal with this slug and its partners (with their organisations), from the cache, as if
    fetched and prefetched; None when there is no such deal. Kept per version of the deals (every
    save or deletion of a deal or a partner bumps it: a new slug, status or visibility too) and of
    the directory (an organisation's name). For reads only; a write loads them from the database."""

    def load():
        deal = Deal.objects.filter(slug=slug).first()
        if deal is None:
            return None
        return deal, list(DealPartner.objects.filter(deal_id=deal.pk).select_related("organisation"))

    found = kept("deal_with_partners", load, namespaces=(DEALS, DIRECTORY), key_parts=(slug,))
    if found is None:
        return None
    deal, partners = found
    queryset = deal.partners.all()
    queryset._result_cache, queryset._prefetch_done = partners, True  # what prefetch_related does
    deal._prefetched_objects_cache = {"partners": queryset}
    return deal


def deal_get_for_user(*, user, slug, for_update=False, detail=True):
    """The deal with this slug and what ``user`` may do with it. 404 when the user may not see it,
    so private deals do not reveal that they exist. One fetch decides and feeds the page: the deal
    with its partners and the user's roles; with ``detail`` also everything the deal page shows.
    Without ``detail`` (a page, no write) the deal and its partners come from the cache and the
    user's roles from the signed-in user (``reisgids.roles``): no query on a warm page; the page
    loads what else it shows with ``deal_prefetch_detail``, only when that is not cached."""
    if not detail and not for_update:
        deal = _kept_deal(slug)
        if deal is None:
            raise Http404
    else:
        queryset = _access_queryset(user)
        if detail:
            queryset = queryset.prefetch_related(*_detail_prefetches(private=True))
        if for_update:
            queryset = queryset.select_for_update(of=("self",))
        try:
            deal = queryset.get(slug=slug)
        except Deal.DoesNotExist as error:
            raise Http404 from error
        remember_roles(user, deal)
    access = deal_access(user=user, deal=deal)
    if not access.can_view:
        raise Http404
    return access


def deal_prefetch_detail(deal, *, private):
    """Load what the deal page of ``deal`` (from ``deal_get_for_user(detail=False)``) shows besides
    its partners; the risk analysis only with ``private`` (callers have checked that the viewer is a
    partner). A fixed number of queries."""
    prefetch_related_objects([deal], *_detail_prefetches(private=private))
    return deal


def deal_events_for_partners(*, deal, limit=100):
    return list(DealEvent.objects.filter(deal=deal).select_related("actor")[:limit])


def _list_queryset():
    return Deal.objects.only(
        "id",
        "title",
        "slug",
        "goal",
        "status",
        "closed_at",
        "start_date",
        "end_date",
        "kickoff_at",
        "seeking_partners",
        "seeking_text",
        "seeking_partner_kinds",
        "seeking_contribution_kinds",
        "created_at",
    ).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug")),
        "neighbourhoods",
        Prefetch(
            "partners",
            queryset=DealPartner.objects.filter(status=DealPartner.Status.ACCEPTED)
            .select_related("organisation")
            .only(
                "id",
                "deal_id",
                "role",
                "status",
                "organisation__id",
                "organisation__name",
                "organisation__slug",
                "organisation__kind",
            ),
        ),
    )


def deal_register():
    """The public register: closed, running and finished deals."""
    return _list_queryset().filter(status__in=Deal.PUBLIC_STATUSES)


def deals_in_the_making(*, user):
    """Deals published as "in de maak". A network manager sees every deal still being formed."""
    if is_network_manager(user):
        return (
            _list_queryset()
            .filter(status__in=Deal.OPEN_STATUSES)
            .order_by("-seeking_partners", "-created_at")
        )
    return (
        _list_queryset()
        .filter(status__in=Deal.MAKING_STATUSES, seeking_partners=True)
        .order_by("-created_at")
    )


def deals_for_user(*, user):
    """Deals where one of the user's organisations takes part, is invited or asked to join."""
    if not user.is_authenticated:
        return Deal.objects.none()
    mine = DealPartner.objects.filter(
        deal=OuterRef("pk"),
        organisation__memberships__user=user,
        status__in=[DealPartner.Status.ACCEPTED, DealPartner.Status.INVITED, DealPartner.Status.REQUESTED],
    )
    return _list_queryset().filter(Exists(mine)).order_by("-updated_at")


def welcome_themes():
    """The themes on which deals are welcome, each with ``behind``: what the apps that mark them
    (``deals.extensions.register_welcome_source``) say stands behind it. A fixed number of queries."""
    themes = list(Theme.objects.filter(deals_welcome=True).order_by("name"))
    reasons = extensions.welcome_reasons([theme.pk for theme in themes])
    for theme in themes:
        theme.behind = reasons.get(theme.pk, [])
    return themes


def upcoming_kickoffs(*, limit=200):
    return (
        Deal.objects.filter(status=Deal.Status.CLOSED, kickoff_at__gte=timezone.now())
        .select_related("kickoff_moment")
        .order_by("kickoff_at")[:limit]
    )


def recently_closed(*, limit=50):
    return (
        Deal.objects.filter(status__in=Deal.PUBLIC_STATUSES, closed_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=DealPartner.objects.filter(status=DealPartner.Status.ACCEPTED).select_related(
                    "organisation"
                ),
            )
        )
        .order_by("-closed_at")[:limit]
    )


def export_rows(queryset):
    """The register as flat rows for CSV and JSON: all fields, and a fixed number of queries per
    chunk of rows (the export streams)."""
    queryset = queryset.defer(None).prefetch_related(
        "areas",
        Prefetch(
            "partners",
            queryset=DealPartner.objects.filter(status=DealPartner.Status.ACCEPTED)
            .select_related("organisation")
            .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.order_by("id"))),
            to_attr="export_partners",
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date")),
    )
    return queryset
