"""What the kompas shows in the portal (``reisgids.registries``): public proposals in the sitemap, the
last step of the cycle on the home page and its words in the glossary."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompas import datasets
from kompas.apps import CACHE_NAMESPACE  # a write of a proposal bumps it (kompas.apps)
from kompas.models import Proposal
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


def register():
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
