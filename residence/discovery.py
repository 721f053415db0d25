"""How the residencies take part in a deal and in the portal, through registries of lower layers
(never by editing them): the handrem's step guard, the sections of the deal page, the hand-over to
the schouw and the register's filter (``deals.extensions``), public side activities on /agenda/
(``reisgids.registries.register_agenda_source``)."""

import django_filters
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from deals.apps import CACHE_NAMESPACE as DEALS
from deals.extensions import (
    EvaluationInput,
    register_deal_filter,
    register_deal_section,
    register_evaluation_input,
    register_step_guard,
)
from reisgids.caching import fragment
from reisgids.registries import (
    AgendaItem,
    register_agenda_source,
    register_cycle_step,
    register_glossary_term,
    register_kompas_figure,
)
from residence import datasets, selectors, services
from residence.apps import CACHE_NAMESPACE
from residence.models import Activity, Concern, LogEntry, Residency


def render_deal_section(request, access):
    """The public line (a deal has a partner in residence) for everyone; for the deal's partners the
    residencies with their open concerns and age, a handrem in red. The same for every viewer of one
    audience (partner or not), so from the fragment cache per deal, audience and day (the ages)."""
    audience = "partner" if access.is_partner else "public"
    return fragment(
        request,
        "residence_deal_section",
        lambda: _render_deal_section(request, access),
        namespaces=(DEALS, CACHE_NAMESPACE),
        key_parts=(access.deal.pk, audience, timezone.localdate()),
        vary_on_query=False,
    )


def _render_deal_section(request, access):
    deal = access.deal
    if access.is_partner:
        residencies, concerns, open_total = selectors.deal_block(deal=deal)
        if not residencies and not concerns and deal.status in services.CLOSED_DEAL:
            return ""
        context = {
            "deal": deal,
            "residencies": residencies,
            "concerns": concerns,
            "more_concerns": open_total - len(concerns),
            "handrems": [c for c in concerns if c.is_handrem],
            "partner": True,
        }
    else:
        residencies = selectors.public_residencies(deal=deal)
        if not residencies:
            return ""
        context = {"deal": deal, "residencies": residencies, "partner": False}
    return render_to_string("residence/_deal_section.html", context, request)


def evaluation_inputs(deal, start, end):
    """The "bereid de schouw voor" summary of the deal's residencies in the period, when it has any."""
    if not Residency.objects.filter(deal=deal).exists():
        return []
    start, end = selectors.schouw_period(start, end)
    counts = {
        "entries": LogEntry.objects.filter(residency__deal=deal, date__range=(start, end)).count(),
        "concerns": Concern.objects.filter(deal=deal, raised_at__date__range=(start, end)).count(),
        "activities": Activity.objects.filter(
            residency__deal=deal, starts_at__date__range=(start, end)
        ).count(),
    }
    url = reverse("residence:schouw", kwargs={"slug": deal.slug})
    url += "?" + urlencode({"van": start.isoformat(), "tot": end.isoformat()})
    return [
        EvaluationInput(
            title=str(_("Partner in residence: summary for the schouw")),
            url=url,
            summary=str(
                _(
                    "%(entries)s log entries, %(concerns)s concerns and %(activities)s side activities "
                    "in the period."
                )
                % counts
            ),
        )
    ]


def with_residence_filter():
    def filter_deals(queryset, name, value):
        if value != "ja":
            return queryset
        return queryset.filter(pk__in=selectors.deals_with_residence())

    return django_filters.ChoiceFilter(
        label=_("Partner in residence"),
        choices=[("ja", _("With a partner in residence"))],
        empty_label=_("With or without"),
        method=filter_deals,
    )


def agenda_items():
    return [
        AgendaItem(
            title=activity.title,
            start=activity.starts_at,
            place=activity.place,
            url=activity.get_absolute_url(),
            kind=activity.get_kind_display(),
            organiser=activity.residency.deal.title,
        )
        for activity in selectors.public_activities_upcoming()
    ]


def register():
    register_step_guard("residence-handrem", services.open_handrem_reasons, namespaces=(CACHE_NAMESPACE,))
    register_deal_section("residence", render=render_deal_section, namespaces=(CACHE_NAMESPACE,), order=50)
    register_evaluation_input("residence", evaluation_inputs)
    register_deal_filter("residentie", with_residence_filter)
    # the deal's step decides whether its public activities show (selectors.public_activities_upcoming)
    register_agenda_source("residence", items=agenda_items, namespaces=(CACHE_NAMESPACE, DEALS), order=50)
    datasets.register()  # what anyone may see of the residencies as open data (reisgids.datasets)
    register_kompas_figure("residencies", residencies_in, label=_("Partners in residence at work"), order=50)
    register_cycle_step(
        "residence",
        step=2,
        title=_("Partner in residence"),
        description=_(
            "Someone of one partner works inside another for a while, and keeps a log of what gets stuck."
        ),
        url=lambda: reverse("deals:list") + "?" + urlencode({"residentie": "ja"}),
        figures=cycle_figures,
        namespaces=(CACHE_NAMESPACE,),
    )
    register_glossary_term(
        "partner-in-residence",
        _("partner in residence"),
        _(
            "A person of one partner in a deal who works for a while inside another partner's "
            "organisation, to learn how the other works and to solve problems on the spot. They keep "
            "a log and raise bottlenecks."
        ),
        url=lambda: reverse("deals:list") + "?" + urlencode({"residentie": "ja"}),
    )
    register_glossary_term(
        "knelpunt",
        _("bottleneck"),
        _(
            "A problem a partner in residence runs into that the deal's partners have to solve "
            "together, such as a rule that gets in the way."
        ),
    )
    register_glossary_term(
        "handrem",
        _("handbrake"),
        _(
            "A bottleneck so serious that the partners stop and talk first: while it is open, the deal "
            "cannot move on to its next step."
        ),
    )


def residencies_in(start, end):
    """The kompas report's figure: residencies that were active for some time from ``start`` to
    ``end`` (exclusive)."""
    return (
        Residency.objects.exclude(status=Residency.Status.PLANNED)
        .filter(starts_on__lt=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .count()
    )


def cycle_figures():
    """The home page's figure of step 2: partners in residence at work now. One query."""
    active = Residency.objects.filter(status=Residency.Status.ACTIVE).count()
    return [(_("partners in residence at work"), active)]
