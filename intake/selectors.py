"""Reads of the intake, permission-aware. Who may open an intake: its initiator, the initiatieventeam,
the people it was handed to (aanspreekpunt, contactpersoon, procesbegeleider, the officials invited to
its meeting) and, once the plan is sent, the advisory platform, the second-opinion team and the
decision-makers of its amount. Its initiators are who sent it in and, for an idea sent on behalf of
an organisation, every member of it (co-initiators). Everyone else gets a 404, also other officials.
Visitors see only the anonymised counts on /idee/ (``public_stats``)."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
)
from django.http import Http404
from django.utils import timezone

from intake.apps import CACHE_NAMESPACE
from intake.models import Advice, CoInitiator, Intake, Meeting, Request, StepFigure, StepPeriod
from intake.services import DECIDER_GROUP
from reisgids import roles
from reisgids.caching import DIRECTORY, kept
from reisgids.filters import any_of_sql
from reisgids.models import User

S = Intake.Status
AFTER_PLAN = (S.ADVICE, S.ADVISED, S.SECOND_OPINION, S.DECISION, S.APPROVED, S.REFUSED, S.DEAL)
# The steps the public counts show, in the order of the route.
PUBLIC_STEPS = [status for status in S if status != S.UNVERIFIED]
STAFF_GROUPS = (
    roles.INITIATIVE_TEAM_GROUP,
    roles.PROCESS_GUIDES_GROUP,
    roles.ADVISORY_PLATFORM_GROUP,
    roles.SECOND_OPINION_GROUP,
    *DECIDER_GROUP.values(),
)


@dataclass
class IntakeAccess:
    intake: Intake
    is_initiator: bool  # who sent it in, a member of its organisation, or an invited co-initiator
    is_invited: bool  # only an invited co-initiator: neither who sent it in nor a member
    is_team: bool
    is_contact_point: bool
    is_contact_person: bool
    is_guide: bool
    is_advisor: bool
    is_second_opinion: bool
    is_decider: bool

    @property
    def sees_plan(self):
        return True  # whoever may open the intake sees its plan

    @property
    def answers_requests(self):
        """Whether this viewer answers the initiators' requests (``services.may_answer_requests``)."""
        intake = self.intake
        if intake.process_guide_id:
            return self.is_guide
        if intake.contact_person_id:
            return self.is_contact_person
        return self.is_team

    @property
    def acts_for_organisation(self):
        """Whether this initiator may act on behalf of the idea's organisation (ask help on the
        marktplaats, start its deal): who sent it in or a member, not a co-initiator invited from
        outside it (the marktplaats and the deals refuse who is not a member)."""
        return self.is_initiator and not self.is_invited

    @property
    def is_staff(self):
        return self.is_team or self.is_contact_point or self.is_contact_person or self.is_guide


def _user_groups(user):
    return roles.group_names(user)


def may_use_team_list(user):
    """Whether ``user`` has a role in the intake or is an aanspreekpunt (who may be handed one): the
    latter kept per user until the directory changes (reisgids.caching), so /idee/ asks no query."""
    if not user.is_authenticated:
        return False
    if _user_groups(user) & set(STAFF_GROUPS):
        return True
    return kept(
        "intake_contact_point_user",
        lambda: user.contact_points.exists(),
        namespaces=(DIRECTORY,),
        key_parts=(user.pk,),
    )


def _accepted(user):
    """The invitations ``user`` accepted and that still hold (not removed, not left)."""
    return CoInitiator.objects.filter(user_id=user.pk, status=CoInitiator.Status.ACCEPTED)


def _initiator_filter(user):
    """Q of the intakes ``user`` is an initiator of: sent in by them, or sent on behalf of an
    organisation they are a member of, or to which they accepted an invitation (co-initiators;
    ``services.is_initiator`` asks the same of the database for writes). The organisations are the
    ones ``reisgids.roles`` keeps on the user; the invitations a subquery.

    On PostgreSQL the keys of the three come first, each from its own index, as one array
    (``reisgids.filters.any_of_sql``): an OR over the initiator, the invitations and the organisation
    made PostgreSQL test every intake (a signed-in visitor's cold /idee/ read 10,000 to find none)."""
    ways = [Intake.objects.filter(initiator=user).values("pk"), _accepted(user).values("intake_id")]
    organisation_ids = roles.organisation_ids(user)
    if organisation_ids:
        ways.append(Intake.objects.filter(organisation_id__in=sorted(organisation_ids)).values("pk"))
    if connection.vendor == "postgresql":
        statements = [way.query.sql_with_params() for way in ways]
        sql = " UNION ".join(f"({statement})" for statement, _params in statements)
        return any_of_sql("pk", sql, [param for _statement, params in statements for param in params])
    mine = Q(initiator=user) | Q(pk__in=ways[1])
    if organisation_ids:
        mine |= Q(organisation_id__in=sorted(organisation_ids))
    return mine


def own_intakes(user, *, limit):
    """The ideas ``user`` is an initiator of (sent in by them or on behalf of their organisation),
    newest first (at most ``limit``), with their id, title and step only: kept per user and their
    organisations until any intake changes (reisgids.caching), so /idee/ asks no query."""
    if not user.is_authenticated:
        return []
    rows = kept(
        "intake_own",
        lambda: list(
            Intake.objects.filter(_initiator_filter(user))
            .order_by("-created_at", "-pk")
            .values_list("pk", "title", "status")[:limit]
        ),
        namespaces=(CACHE_NAMESPACE,),
        key_parts=(user.pk, limit, *sorted(roles.organisation_ids(user))),
    )
    return [Intake(pk=pk, title=title, status=status) for pk, title, status in rows]


def sees_every_intake(user):
    """Whether ``user`` may open every intake (the initiative team): the team's list is then the
    same for all of them."""
    return roles.INITIATIVE_TEAM_GROUP in _user_groups(user)


def _visible_filter(user):
    """Q of the intakes ``user`` may open (the team: every intake)."""
    groups = _user_groups(user)
    if sees_every_intake(user):
        return Q()
    visible = (
        _initiator_filter(user)
        | Q(contact_point__user=user)
        | Q(contact_person=user)
        | Q(process_guide=user)
        | Q(pk__in=Meeting.attendees.through.objects.filter(user=user).values("meeting__intake_id"))
    )
    if roles.ADVISORY_PLATFORM_GROUP in groups or roles.SECOND_OPINION_GROUP in groups:
        visible |= Q(status__in=AFTER_PLAN)
    deciders = [maker for maker, group in DECIDER_GROUP.items() if group in groups]
    if deciders:
        visible |= Q(status__in=AFTER_PLAN, decision_maker__in=deciders)
    return visible


def intake_list_for_user(*, user, status=None, overdue=False):
    """The intakes ``user`` may open, newest first, with what the list shows (a fixed number of
    queries, whatever their number)."""
    if not user.is_authenticated:
        return Intake.objects.none()
    intakes = (
        Intake.objects.filter(_visible_filter(user))
        .select_related("holder", "theme", "neighbourhood", "area")
        .only(
            "id",
            "title",
            "status",
            "status_since",
            "due_on",
            "holder_role",
            "created_at",
            "initiator_id",
            "holder__id",
            "holder__first_name",
            "holder__last_name",
            "holder__email",
            "theme__id",
            "theme__name",
            "neighbourhood__id",
            "neighbourhood__name",
            "area__id",
            "area__name",
        )
    )
    intakes = intakes.annotate(
        request_overdue=Exists(
            Request.objects.filter(
                intake=OuterRef("pk"), status=Request.Status.OPEN, due_on__lt=timezone.localdate()
            )
        )
    )
    if status:
        intakes = intakes.filter(status=status)
    if overdue:
        intakes = intakes.filter(due_on__lt=timezone.localdate()).exclude(status__in=Intake.ENDED)
    return intakes.order_by("-created_at", "-pk")


def _page_rows(queryset):
    """``queryset`` with everything an intake's page shows (a fixed number of queries)."""
    return queryset.select_related(
        "initiator",
        "organisation",
        "area",
        "neighbourhood",
        "theme",
        "holder",
        "contact_point__organisation",
        "contact_point__user",
        "contact_person",
        "process_guide",
    ).prefetch_related(
        Prefetch("periods", queryset=StepPeriod.objects.order_by("started_at", "pk")),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.prefetch_related(Prefetch("attendees", User.objects.order_by("pk"))),
        ),
        Prefetch("advices", queryset=Advice.objects.select_related("author")),
        Prefetch("requests", queryset=Request.objects.select_related("author", "answered_by")),
        Prefetch("co_initiators", queryset=CoInitiator.objects.filter(status__in=CoInitiator.ACTIVE)),
    )


def _with_co_initiator(queryset, user):
    """``queryset`` with whether ``user`` accepted an invitation as co-initiator (no query of its own)."""
    return queryset.annotate(is_co_initiator=Exists(_accepted(user).filter(intake=OuterRef("pk"))))


def _access_of(intake, user):
    groups = _user_groups(user)
    contact_point = intake.contact_point if intake.contact_point_id else None
    sent_or_member = intake.initiator_id == user.pk or (
        intake.organisation_id is not None and intake.organisation_id in roles.organisation_ids(user)
    )
    invited = not sent_or_member and getattr(intake, "is_co_initiator", False)
    return IntakeAccess(
        intake=intake,
        is_initiator=sent_or_member or invited,
        is_invited=invited,
        is_team=roles.INITIATIVE_TEAM_GROUP in groups,
        is_contact_point=bool(contact_point and contact_point.user_id == user.pk),
        is_contact_person=intake.contact_person_id == user.pk,
        is_guide=intake.process_guide_id == user.pk,
        is_advisor=roles.ADVISORY_PLATFORM_GROUP in groups,
        is_second_opinion=roles.SECOND_OPINION_GROUP in groups,
        is_decider=bool(intake.decision_maker) and DECIDER_GROUP[intake.decision_maker] in groups,
    )


def intake_get_for_user(*, user, pk):
    """The intake ``pk`` with everything its page shows, and what ``user`` may do with it; 404 when
    ``user`` may not open it."""
    if not user.is_authenticated:
        raise Http404
    intake = _page_rows(_with_co_initiator(Intake.objects.filter(_visible_filter(user), pk=pk), user)).first()
    if intake is None:
        raise Http404
    return _access_of(intake, user)


# What decides who may do what with an intake, and what its personal parts (buttons, forms) show.
ACCESS_FIELDS = (
    "id",
    "status",
    "initiator",
    "organisation",
    "contact_point__user",
    "contact_person",
    "process_guide",
    "decision_maker",
    "influence",
    "plan_help_listing_id",
)


def intake_access_for_user(*, user, pk):
    """What ``user`` may do with intake ``pk``, in one query; 404 when ``user`` may not open it. The
    intake holds only ``ACCESS_FIELDS``: its page's shared part comes from ``intake_page_get``."""
    if not user.is_authenticated:
        raise Http404
    intake = (
        _with_co_initiator(Intake.objects.filter(_visible_filter(user), pk=pk), user)
        .select_related("contact_point")
        .only(*ACCESS_FIELDS)
        .first()
    )
    if intake is None:
        raise Http404
    return _access_of(intake, user)


def intake_page_get(*, pk):
    """The intake ``pk`` with everything its page shows, whoever asks: only for the page of an intake
    ``intake_access_for_user`` let the visitor open (its shared part is the same for everyone who
    may open it). 404 when there is none."""
    intake = _page_rows(Intake.objects.filter(pk=pk)).first()
    if intake is None:
        raise Http404
    return intake


def co_initiators_of(intake):
    """Every invitation of ``intake``, open and ended, oldest first, with who invited and who ended
    it (one query)."""
    return list(
        CoInitiator.objects.filter(intake=intake)
        .select_related("invited_by", "ended_by", "user")
        .order_by("created_at", "pk")
    )


def co_initiator_get(*, intake, pk):
    """The invitation ``pk`` of ``intake`` (whose access the caller checked); 404 for another idea's."""
    invitation = CoInitiator.objects.select_related("intake").filter(intake=intake, pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def step_times(intake, *, now=None):
    """[(step label, started, duration, is current, started as a Unix time)] from the prefetched
    periods."""
    now = now or timezone.now()
    return [
        {
            "status": period.get_status_display(),
            "started_at": period.started_at,
            "duration": (period.ended_at or now) - period.started_at,
            "current": period.ended_at is None,
            "since": int(period.started_at.timestamp()),
        }
        for period in intake.periods.all()
    ]


def is_overdue(intake, *, today=None):
    return bool(intake.due_on and not intake.is_ended and intake.due_on < (today or timezone.localdate()))


def public_stats():
    """Anonymised: the number of ideas per step and the median time spent in each step (closed steps).
    One query of a dozen rows, whatever the number of intakes: the figures are kept by the moves
    (``intake.figures``)."""
    kept = {row.status: row for row in StepFigure.objects.all()}
    rows = [
        {
            "status": status,
            "label": status.label,
            "count": kept[status].ideas_now if status in kept else 0,
            "median": kept[status].median if status in kept else None,
        }
        for status in PUBLIC_STEPS
    ]
    return {"rows": rows, "total": sum(row["count"] for row in rows)}
