"""Reads of the schouw, permission-aware. Who sees what:

- before the report is published, a schouw (its observations, meetlat, appraisals, bespreking) is
  seen only by its participants: members of its partners and ambtenaren (who run schouwen);
  anyone else gets a 404, so a schouw's existence is not given away;
- an invited outsider sees only its own appraisal form, through its link (``participant_for_token``);
- after publication the report (never the individual appraisals) is public, also on the deal page.

Each page's selector fetches what it shows in a fixed number of queries, whatever the number of
partners, criteria, observations or participants."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from deals.apps import CACHE_NAMESPACE as DEALS
from deals.models import Contribution, Deal, DealPartner
from reisgids.caching import DIRECTORY, kept
from reisgids.roles import is_civil_servant, organisation_ids
from schouw.apps import PAGES_NAMESPACE
from schouw.models import (
    SCORES,
    Appraisal,
    Criterion,
    Lesson,
    NoSchouwReason,
    Participant,
    Schouw,
    SchouwDeal,
    SchouwPartner,
)
from schouw.services import next_schouw_date, token_hash

Ph = Schouw.Phase


@dataclass
class SchouwAccess:
    schouw: Schouw
    my_org_ids: set = field(default_factory=set)
    civil_servant: bool = False

    @property
    def is_participant(self):
        return self.civil_servant or bool(self.my_org_ids)


def _partners_prefetch():
    return Prefetch(
        "partners",
        queryset=SchouwPartner.objects.select_related("organisation").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
        ),
    )


def _access(user, schouw):
    partner_orgs = {p.organisation_id for p in schouw.partners.all()}
    return SchouwAccess(
        schouw=schouw, my_org_ids=organisation_ids(user) & partner_orgs, civil_servant=is_civil_servant(user)
    )


def _deals_prefetch():
    return Prefetch("deals", queryset=Deal.objects.order_by("title", "pk"))


def _schouw_with_partners(pk):
    return (
        Schouw.objects.select_related("deal", "coordinator")
        .prefetch_related(_partners_prefetch())
        .filter(pk=pk)
        .first()
    )


# What the schouw's pages show besides the schouw's own rows: the deal (its title, agreements) and
# the names of organisations and people.
PAGE_NAMESPACES = (DIRECTORY, DEALS, PAGES_NAMESPACE)


def appraisal_count(schouw):
    return Appraisal.objects.filter(criterion__partner__schouw=schouw).count()


def _kept_page(pk):
    schouw = _schouw_with_partners(pk)
    return None if schouw is None else (schouw, appraisal_count(schouw))


def schouw_kept_for_user(*, user, pk):
    """As ``schouw_get_for_user`` (404 for anyone who does not take part), with the schouw, its
    partners and their meetlat from the cache until a write of the schouw outdates them: a warm
    request runs no query for it (the user's organisations and groups come with the signed-in user).
    ``(access, number of appraisals)``: the bespreking's pages of appraisal texts are counted from it."""
    kept_page = kept("schouw-page", lambda: _kept_page(pk), namespaces=PAGE_NAMESPACES, key_parts=(pk,))
    schouw, appraisals = kept_page if kept_page is not None else (None, 0)
    return _participant_access(user, schouw), appraisals


def schouw_get_for_user(*, user, pk):
    """The schouw for a participant (404 for anyone else)."""
    return _participant_access(user, _schouw_with_partners(pk))


def _participant_access(user, schouw):
    """``user``'s access to ``schouw``; 404 when there is none or ``user`` does not take part."""
    if schouw is None:
        raise Http404
    access = _access(user, schouw)
    if not access.is_participant:
        raise Http404
    return access


def schouw_get_report(*, user, pk):
    """The schouw whose report ``user`` may read: published, or ``user`` takes part. With the deals
    it is about (a variant's linked deals: one query, however many)."""
    schouw = (
        Schouw.objects.select_related("deal")
        .prefetch_related(_partners_prefetch(), _deals_prefetch())
        .filter(pk=pk)
        .first()
    )
    if schouw is None:
        raise Http404
    access = _access(user, schouw)
    if not (schouw.is_published or access.is_participant):
        raise Http404
    return access


def observations(schouw):
    return list(schouw.observations.select_related("author", "organisation").order_by("created_at", "id"))


def _deals_with_agreements():
    return Deal.objects.prefetch_related(
        "results",
        Prefetch(
            "partners",
            queryset=DealPartner.objects.filter(status=DealPartner.Status.ACCEPTED)
            .select_related("organisation")
            .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.order_by("id"))),
        ),
    )


def linked_deals_context(schouw):
    """For a peer review or college tour, what phase 1 shows of each linked deal (as
    ``deal_context`` does for a schouw of a deal). Four queries, however many deals."""
    if not schouw.is_variant:
        return []
    return list(_deals_with_agreements().filter(schouw_links__schouw=schouw).order_by("title", "pk"))


def deal_context(schouw):
    """What phase 1 shows next to the observations: the deal's goal, agreements, expected results
    and each partner's inbreng."""
    if schouw.deal_id is None:
        return None
    deal = (
        Deal.objects.filter(pk=schouw.deal_id)
        .prefetch_related(
            "results",
            Prefetch(
                "partners",
                queryset=DealPartner.objects.filter(status=DealPartner.Status.ACCEPTED)
                .select_related("organisation")
                .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.order_by("id"))),
            ),
        )
        .get()
    )
    return deal


def participants(schouw):
    return list(schouw.participants.select_related("organisation").order_by("invited_at", "id"))


def my_appraisals(schouw, user):
    """{criterion id: appraisal} of ``user`` (a member) in this schouw."""
    return {
        a.criterion_id: a
        for a in Appraisal.objects.filter(
            criterion__partner__schouw=schouw, author=user, participant__isnull=True
        )
    }


@dataclass
class CriterionResult:
    criterion: Criterion
    counts: list  # [(score, label, count)]
    average: float | None

    @property
    def average_width(self):
        """The bar of the chart: the average on the scale, in 0–100."""
        return 0 if self.average is None else round(self.average / SCORES[-1][0] * 100)


def results(schouw):
    """Per partner (with its advice) and criterion: the count per score and the average, counted by
    the database (the bench's schouw has 1,500 appraisals; their texts are paged, ``appraisal_texts``).
    Two queries."""
    counts = {
        f"score_{value}": Count("appraisals", filter=Q(appraisals__score=value)) for value, _label in SCORES
    }
    criteria = Criterion.objects.order_by("position", "id").annotate(
        average_score=Avg("appraisals__score"), **counts
    )
    partners = list(
        SchouwPartner.objects.filter(schouw=schouw)
        .select_related("organisation")
        .prefetch_related(Prefetch("criteria", queryset=criteria))
    )
    out = []
    for partner in partners:
        rows = [
            CriterionResult(
                criterion,
                [(value, label, getattr(criterion, f"score_{value}")) for value, label in SCORES],
                None if criterion.average_score is None else round(criterion.average_score, 1),
            )
            for criterion in partner.criteria.all()
        ]
        out.append((partner, rows))
    return out


# Fifty appraisal texts a page: a bespreking of 10 partners and 50 participants has 1,500.
APPRAISAL_PAGE_SIZE = 50


def appraisal_page_number(value, appraisals):
    """The page of appraisal texts asked for (``value``, a query parameter), within the pages there
    are for ``appraisals`` texts: a number of a cache key, so bounded."""
    last = max(1, -(-appraisals // APPRAISAL_PAGE_SIZE))
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), last)


@dataclass
class AppraisalTexts:
    """One page of the appraisal texts (``page``), grouped as the results are: ``groups`` is
    ``[(partner, [(criterion, list items as HTML)])]``."""

    page: object
    groups: list


def _appraisal_items(appraisals):
    """The appraisals as list items, rendered here rather than in the template (fifty a page)."""
    scores = dict(SCORES)
    kinds = dict(Participant.Kind.choices)
    partner = str(_("a partner"))
    return format_html_join(
        "",
        '<li class="utrecht-unordered-list__item">{}{} <span class="reisgids-meta">— {}</span></li>',
        (
            (
                linebreaksbr(a.text, autoescape=True),
                format_html(' <span class="reisgids-meta">({})</span>', scores[a.score]) if a.score else "",
                kinds[a.participant.kind]
                if a.participant_id
                else (a.author_organisation.name if a.author_organisation_id else partner),
            )
            for a in appraisals
        ),
    )


def appraisal_texts(schouw, number, appraisals):
    """Page ``number`` of the texts of every appraisal in ``schouw`` (``appraisals`` of them, as
    ``schouw_kept_for_user`` counted): per partner in the order of the results, criterion and
    appraisal. One query."""
    rows = (
        Appraisal.objects.filter(criterion__partner__schouw=schouw)
        .select_related("criterion__partner__organisation", "author_organisation", "participant")
        .order_by(
            "criterion__partner__organisation__name",
            "criterion__partner_id",
            "criterion__position",
            "criterion_id",
            "id",
        )
    )
    paginator = Paginator(rows, APPRAISAL_PAGE_SIZE)
    paginator.count = appraisals  # counted already: no query for it
    page = paginator.get_page(number)
    groups = []
    for appraisal in page.object_list:
        criterion = appraisal.criterion
        if not groups or groups[-1][0].pk != criterion.partner_id:
            groups.append((criterion.partner, []))
        criteria = groups[-1][1]
        if not criteria or criteria[-1][0].pk != criterion.pk:
            criteria.append((criterion, []))
        criteria[-1][1].append(appraisal)
    groups = [
        (partner, [(criterion, _appraisal_items(items)) for criterion, items in criteria])
        for partner, criteria in groups
    ]
    return AppraisalTexts(page=page, groups=groups)


def lessons(schouw):
    return list(Lesson.objects.filter(schouw=schouw).select_related("page").order_by("created_at", "id"))


def participant_for_token(token):
    """The invited participant whose link holds ``token`` (None when there is none), with its schouw
    and the partners' meetlat for the form."""
    if not token or len(token) > 100:
        return None
    return (
        Participant.objects.select_related("schouw")
        .prefetch_related(Prefetch("schouw__partners", queryset=_partners_prefetch().queryset))
        .filter(token_hash=token_hash(token))
        .first()
    )


def schouwen_for_user(*, user):
    """The schouwen ``user`` takes part in (as a member of a partner), newest first."""
    ids = organisation_ids(user)
    if not ids:
        return Schouw.objects.none()
    return (
        Schouw.objects.filter(partners__organisation_id__in=ids)
        .select_related("deal")
        .distinct()
        .order_by("-planned_for", "-id")
    )


def deal_schouwen(deal_id):
    """The schouwen of a deal (its own, and the published peer reviews and college tours linked to
    it: nothing of a variant shows on a deal page before its report is published), and why there
    was none (for the deal page). Two queries, however many deals a variant links."""
    linked = SchouwDeal.objects.filter(deal_id=deal_id).values("schouw_id")
    schouwen = list(
        Schouw.objects.filter(Q(deal_id=deal_id) | Q(pk__in=linked, phase=Ph.PUBLISHED))
        .defer("report_pdf")
        .order_by("-planned_for", "-id")
    )
    reason = NoSchouwReason.objects.filter(deal_id=deal_id).first()
    return schouwen, reason


def overdue(*, today=None):
    """For the /beheer/ report: planned schouwen whose date has passed, and deals in progress whose
    next schouw (from the frequency of their procesafspraken) is due with none planned. A peer review
    or college tour linked to a deal counts for it like the deal's own schouw: planned or running, the
    deal is not due; published, its date is the deal's last schouw. Four queries, whatever the number
    of deals."""
    today = today or timezone.localdate()
    late = list(
        Schouw.objects.filter(phase=Ph.PLANNED, planned_for__lt=today)
        .select_related("deal", "coordinator")
        .order_by("planned_for", "id")
    )
    deals = list(
        Deal.objects.filter(status=Deal.Status.RUNNING)
        .only("id", "title", "slug", "schouw_frequency", "start_date", "closed_at")
        .order_by("title")
    )
    ids = [d.pk for d in deals]
    rows = [
        *Schouw.objects.filter(deal__in=ids).values_list("deal_id", "phase", "planned_for"),
        *SchouwDeal.objects.filter(deal__in=ids).values_list(
            "deal_id", "schouw__phase", "schouw__planned_for"
        ),
    ]
    planned = {deal_id for deal_id, phase, _day in rows if phase in (Ph.PLANNED, *Schouw.RUNNING)}
    last = {}
    for deal_id, phase, day in rows:
        if phase == Ph.PUBLISHED and (deal_id not in last or day > last[deal_id]):
            last[deal_id] = day
    due = []
    for deal in deals:
        if deal.pk in planned:
            continue
        when = next_schouw_date(deal, last=last.get(deal.pk))
        if when is not None and when < today:
            due.append((deal, when))
    return late, due


def published_reports():
    """The schouws whose report is published (public, like their report page), newest first, with a
    variant's linked deals."""
    return (
        Schouw.objects.filter(phase=Ph.PUBLISHED)
        .select_related("deal")
        .prefetch_related(_deals_prefetch())
        .defer("report_pdf")
        .order_by("-published_at", "-pk")
    )
