"""What the kompas shows in the portal (``reisgids.registries``): public proposals in the sitemap, the
last step of the cycle on the home page and its words in the glossary; and on the deals pages the
public proposals behind each theme its priorities made welcome (``deals.extensions``)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deals.extensions import WelcomeReason, register_welcome_source
from kompas import datasets
from kompas.apps import CACHE_NAMESPACE  # a write of a proposal bumps it (kompas.apps)
from kompas.models import Period, Priority, Proposal
from reisgids.registries import (
    SectionSitemap,
    register_cycle_step,
    register_glossary_term,
    register_sitemap_section,
)


class ProposalSitemap(SectionSitemap):
    url_name = "kompas:detail"

    def items(self):
        return Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES).order_by("pk")


def cycle_figures():
    """The home page's figure of step 4: proposals for a change of the system that anybody can see.
    One query."""
    return [(_("kompas proposals"), Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES).count())]


def welcome_reasons(theme_ids):
    """The public proposals behind each of ``theme_ids`` in the latest priorities: three queries."""
    period = Period.objects.filter(priorities__isnull=False).order_by("-start").first()
    if period is None:
        return {}
    public = Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES).only("pk", "title", "slug")
    priorities = Priority.objects.filter(period=period, theme_id__in=theme_ids).prefetch_related(
        Prefetch("proposals", queryset=public.order_by("title", "pk"))
    )
    return {
        priority.theme_id: [
            WelcomeReason(title=proposal.title, url=proposal.get_absolute_url())
            for proposal in priority.proposals.all()
        ]
        for priority in priorities
    }


def register():
    register_welcome_source("kompas", welcome_reasons, namespaces=(CACHE_NAMESPACE,))
    datasets.register()  # proposals, decisions and priorities as open data (reisgids.datasets)
    register_sitemap_section("kompas", ProposalSitemap, order=60)
    register_cycle_step(
        "kompas",
        step=4,
        title=_("Kompas"),
        description=_(
            "Lessons become proposals to change rules, purchasing or policy; the board decides, and its "
            "priorities decide which themes are welcome in the next deals."
        ),
        url=lambda: reverse("kompas:list"),
        figures=cycle_figures,
        namespaces=(CACHE_NAMESPACE,),
    )
    register_glossary_term(
        "kompas",
        _("kompas"),
        _(
            "The part of the platform where lessons from deals and schouwen become proposals to change "
            "the system (rules, subsidies, purchasing, policy). The board decides on them and sets the "
            "priorities for the next round of deals."
        ),
        url=lambda: reverse("kompas:list"),
    )
