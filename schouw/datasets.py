"""The schouw's open data (``reisgids.datasets``): the published schouw reports, as their public
report page shows them (``selectors.published_reports``). Registered from ``discovery.register()``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    text_field,
    url_field,
)
from schouw import selectors
from schouw.models import Schouw, SchouwDeal

CACHE_NAMESPACE = register_namespace("schouw-reports")

REPORT_FIELDS = (
    id_field(),
    Field("title", _("Title"), lambda row: row.title),
    choice_field("kind", _("Kind"), Schouw.Kind),
    Field("deal", _("Deal"), lambda row: row.deal.title if row.deal_id else ""),
    Field("deal_slug", _("Deal (slug)"), lambda row: row.deal.slug if row.deal_id else ""),
    # a peer review or college tour: the deals it is linked to (a schouw of a deal: its one deal above)
    names_field("linked_deals", _("Linked deals"), "deals", attribute="title"),
    date_field("planned_for", _("Date of the schouw")),
    date_field("period_start", _("Period evaluated from")),
    date_field("period_end", _("Period evaluated until")),
    text_field("goes_well", _("What goes well")),
    text_field("can_improve", _("What can improve")),
    text_field("worth_sharing", _("What is worth sharing")),
    text_field("next_steps", _("Next steps")),
    text_field("report", _("Report"), attribute="report_summary"),
    url_field(lambda row: reverse("schouw:report", kwargs={"pk": row.pk})),
    datetime_field("published_at", _("Published at")),
)


def register():
    register_invalidation(Schouw, SchouwDeal, namespaces=(CACHE_NAMESPACE,))
    register_dataset(Dataset(
        key="schouw-reports", title=_("Schouw reports"), order=110, lookup="id", lookup_type=int,
        description=_("The published reports of the schouws of deals: what goes well, what can improve, "
                      "what is worth sharing and the next steps."),
        rows=selectors.published_reports, fields=REPORT_FIELDS, namespaces=(CACHE_NAMESPACE,),
        updated="updated_at", frequency="irregular", keywords=("schouw", "evaluatie", "deals"),
    ))  # fmt: skip
