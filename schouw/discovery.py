"""How the schouw takes part in the rest of the site (``deals.extensions``, ``reisgids.caching``,
``reisgids.accounts.exports``), registered from ``SchouwConfig.ready()``:

- the step guard on "afgerond": a deal finishes only with a published schouw report (its own, or
  that of a peer review or college tour linked to it), or with the reason why there was none,
  recorded by the trekker and shown publicly (``NoSchouwReason``);
- a section at the end of the deal page: the published reports and that reason for everyone; for the
  deal's partners also the running schouw with its phase and link;
- what the deal page shows of a schouw is kept in the deal page's cache for anonymous visitors, so
  the schouw's models bump the deals' namespace;
- the observations, appraisals, lessons and revisions a user wrote in "download my data";
- on a lesson page of the knowledge base, the published report of the schouw that formulated it."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deals.apps import CACHE_NAMESPACE as DEALS
from deals.extensions import register_deal_section, register_step_guard
from reisgids.caching import fragment, register_invalidation
from reisgids.registries import (
    register_cycle_step,
    register_glossary_term,
    register_kompas_figure,
    register_lesson_origin,
)
from schouw import datasets, exports, selectors, services  # noqa: F401 - exports registers its section
from schouw.models import Lesson, NoSchouwReason, Schouw, SchouwDeal


def render_deal_section(request, access):
    """Published reports (or why there was no schouw) for everyone, the running schouw for the
    partners, the link to record a reason for the trekker: from the fragment cache per deal and
    audience."""
    return fragment(
        request,
        "schouw_deal_section",
        lambda: _render_deal_section(request, access),
        namespaces=(DEALS,),
        key_parts=(access.deal.pk, access.is_partner, access.is_trekker),
        vary_on_query=False,
    )


def _render_deal_section(request, access):
    schouwen, reason = selectors.deal_schouwen(access.deal.pk)
    published = [s for s in schouwen if s.is_published]
    running = [s for s in schouwen if not s.is_published] if access.is_partner else []
    if not (published or running or reason or access.is_trekker):
        return ""
    return render_to_string(
        "schouw/_deal_section.html",
        {
            "published": published,
            "running": running,
            "reason": reason,
            "access": access,
        },
        request,
    )


def register():
    datasets.register()  # the published reports as open data (reisgids.datasets)
    register_step_guard("schouw", services.finish_refusals, namespaces=(DEALS,))
    register_deal_section("schouw", render=render_deal_section, order=60)
    register_invalidation(Schouw, NoSchouwReason, SchouwDeal, namespaces=(DEALS,))
    register_cycle_step(
        "schouw",
        step=3,
        title=_("Schouw"),
        description=_(
            "The partners, peers and people with lived experience look back together and write down "
            "the lessons."
        ),
        url=lambda: "/lessen/",  # the lessons its reports yield (the atlas' section)
        figures=cycle_figures,
        namespaces=(DEALS,),
    )
    register_glossary_term(
        "schouw",
        _("schouw"),
        _(
            "A joint review of a deal: the partners, peers from elsewhere and people with lived "
            "experience look at what the deal achieved, each against their own yardstick, and discuss "
            "it. The report yields lessons for others."
        ),
    )
    register_glossary_term(
        "meetlat",
        _("yardstick"),
        _(
            "What one partner in a deal wants to be judged on in the schouw: its own criteria, set "
            "before the review."
        ),
    )
    register_kompas_figure("schouw_reports", published_reports, label=_("Schouw reports published"), order=40)
    register_lesson_origin("schouw", lesson_origins)


def lesson_origins(page_id):
    """The lesson page's link to the published report of the schouw that formulated it. One query."""
    lessons = Lesson.objects.filter(page_id=page_id, schouw__phase=Schouw.Phase.PUBLISHED).select_related(
        "schouw"
    )
    return [
        (
            _("Report of the schouw “%(title)s”") % {"title": lesson.schouw.title},
            reverse("schouw:report", args=[lesson.schouw_id]),
        )
        for lesson in lessons
    ]


def published_reports(start, end):
    """The kompas report's figure: schouw reports published from ``start`` to ``end`` (exclusive)."""
    return Schouw.objects.filter(published_at__date__gte=start, published_at__date__lt=end).count()


def cycle_figures():
    """The home page's figures of step 3: schouwen under way and reports published. One query."""
    counts = Schouw.objects.aggregate(
        running=Count("pk", filter=Q(phase__in=Schouw.RUNNING)),
        published=Count("pk", filter=Q(phase=Schouw.Phase.PUBLISHED)),
    )
    return [
        (_("schouwen under way"), counts["running"]),
        (_("schouw reports published"), counts["published"]),
    ]
