"""The kompas' open data (``reisgids.datasets``): the public proposals for system change with their
decisions (as ``/kompas/`` shows them: everything but drafts, through ``selectors.proposal_list``
for a visitor), and the priorities: the themes on which deals are welcome, per period. Registered from
``discovery.register()``."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from kompas import selectors
from kompas.filters import ProposalFilter
from kompas.models import Period, Priority, Proposal
from reisgids.caching import register_invalidation, register_namespace
from reisgids.datasets import (
    Dataset,
    Field,
    choice_field,
    date_field,
    datetime_field,
    id_field,
    names_field,
    register_dataset,
    slug_field,
    text_field,
    url_field,
)
from reisgids.models import Theme

CACHE_NAMESPACE = register_namespace("kompas")


def proposal_rows():
    return (
        selectors.proposal_list(drafts=False)
        .defer("decided_by", "created_by", "news_page")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("id", "name")))
        .order_by("-created_at", "-pk")
    )


PROPOSAL_FIELDS = (
    id_field(),
    Field("title", _("Title"), lambda row: row.title),
    slug_field(),
    choice_field("kind", _("Kind of change"), Proposal.Kind),
    choice_field("status", _("Status"), Proposal.Status),
    text_field("problem", _("Problem")),
    text_field("change", _("Proposed change")),
    text_field("intended_effect", _("Intended effect")),
    names_field("organisations", _("Organisations"), "organisations"),
    names_field("themes", _("Themes"), "themes"),
    Field("period", _("Kompas period"), lambda row: row.period.slug),
    Field("body", _("Deciding body"), lambda row: row.gremium.name if row.gremium_id else ""),
    date_field("meeting_date", _("Meeting date")),
    text_field("decision_reasoning", _("Reasoning of the decision")),
    datetime_field("decided_at", _("Decided at")),
    Field("supporters", _("Supporters"), lambda row: row.support_count, type=int),
    url_field(lambda row: row.get_absolute_url()),
    datetime_field("updated_at", _("Last changed")),
)


def priority_rows():
    """Every period's priorities, each naming only the public proposals behind it (a draft linked to a
    priority stays inside)."""
    return (
        Priority.objects.select_related("period", "theme")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES).only("id", "title"),
            )
        )
        .order_by("-period__start", "theme__name", "pk")
    )


PRIORITY_FIELDS = (
    id_field(),
    Field("period", _("Kompas period"), lambda row: row.period.slug),
    Field("theme", _("Theme"), lambda row: row.theme.name),
    Field("theme_slug", _("Theme (slug)"), lambda row: row.theme.slug),
    text_field("reason", _("Why deals are welcome")),
    names_field("proposals", _("Proposals"), "proposals", attribute="title"),
    datetime_field("created_at", _("Set at")),
)


def register():
    register_invalidation(Proposal, Priority, namespaces=(CACHE_NAMESPACE,), m2m=True)
    register_invalidation(Period, namespaces=(CACHE_NAMESPACE,))
    register_dataset(Dataset(
        key="kompas-proposals", title=_("Kompas: proposals and decisions"), order=120,
        description=_("Proposals for system change drawn from the lessons, the body that decides, "
                      "and the decision with its reasoning."),
        rows=proposal_rows, fields=PROPOSAL_FIELDS, filterset=ProposalFilter,
        namespaces=(CACHE_NAMESPACE, "directory"), updated="updated_at", page_url="/kompas/",
        keywords=("kompas", "systeemverandering", "besluiten"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="kompas-priorities", title=_("Kompas: priorities"), order=125, lookup="id", lookup_type=int,
        description=_("Per kompas period, the themes on which deals are welcome in the next round, "
                      "with the reason and the proposals behind them."),
        rows=priority_rows, fields=PRIORITY_FIELDS, namespaces=(CACHE_NAMESPACE, "directory"),
        frequency="irregular", page_url="/kompas/", keywords=("kompas", "prioriteiten", "thema's"),
    ))  # fmt: skip
