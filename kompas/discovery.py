"""What the kompas shows in the portal (``reisgids.registries``): public proposals in the sitemap."""

from kompas import datasets
from kompas.models import Proposal
from reisgids.registries import SectionSitemap, register_sitemap_section


class ProposalSitemap(SectionSitemap):
    url_name = "kompas:detail"

    def items(self):
        return Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES).order_by("pk")


def register():
    datasets.register()  # proposals, decisions and priorities as open data (reisgids.datasets)
    register_sitemap_section("kompas", ProposalSitemap, order=60)
