"""The residencies' open data (``reisgids.datasets``): what the site shows anyone, and nothing more.

- ``residencies``: the active residencies of public deals, as the deal page's public line shows them
  (``selectors.public_residencies``): the person, their functions and the host partner only when the
  person agreed to be named (``name_public``), else only the home partner. Never an e-mail address,
  the time per week, the openness agreement, the log or the concerns.
- ``residence-activities``: the public side activities of residencies in public deals, as their public
  page shows them.

Registered from ``discovery.register()``."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from deals.apps import CACHE_NAMESPACE as DEALS
from deals.models import Deal
from reisgids.datasets import (
    Dataset,
    Field,
    choice_field,
    datetime_field,
    id_field,
    register_dataset,
    text_field,
    url_field,
)
from reisgids.models import Organisation
from residence.apps import CACHE_NAMESPACE
from residence.models import Activity, Function, Residency

FUNCTION_LABELS = dict(Function.choices)


def residency_rows():
    return (
        Residency.objects.filter(status=Residency.Status.ACTIVE, deal__status__in=Deal.PUBLIC_STATUSES)
        .select_related("deal", "home_partner", "host_partner", "person")
        .only(
            "id", "name_public", "functions", "deal__title", "deal__slug", "home_partner__name",
            "host_partner__name", "person__first_name", "person__last_name",
        )
        .order_by("deal__title", "starts_on", "pk")
    )  # fmt: skip


def _named(get):
    """A value the deal page shows only when the person agreed to be named."""
    return lambda row: get(row) if row.name_public else ""


RESIDENCY_FIELDS = (
    id_field(),
    Field("deal", _("Deal"), lambda row: row.deal.title),
    Field("deal_slug", _("Deal (slug)"), lambda row: row.deal.slug),
    Field("home_partner", _("Home partner"), lambda row: "" if row.name_public else row.home_partner.name),
    Field("person", _("Partner in residence"), _named(lambda row: row.person.get_full_name())),
    Field("host_partner", _("Host partner"), _named(lambda row: row.host_partner.name)),
    Field(
        "functions",
        _("Functions"),
        lambda row: [str(FUNCTION_LABELS.get(f, f)) for f in row.functions] if row.name_public else [],
        type=list[str],
    ),
    url_field(lambda row: row.deal.get_absolute_url()),
)


def activity_rows():
    return (
        Activity.objects.filter(is_public=True, residency__deal__status__in=Deal.PUBLIC_STATUSES)
        .select_related("residency__deal")
        .only(
            "id", "kind", "title", "starts_at", "place", "description", "report", "residency__id",
            "residency__deal__title", "residency__deal__slug",
        )
        .prefetch_related(Prefetch("partners", queryset=Organisation.objects.only("id", "name")))
        .order_by("-starts_at", "-pk")
    )  # fmt: skip


ACTIVITY_FIELDS = (
    id_field(),
    Field("title", _("Title"), lambda row: row.title),
    choice_field("kind", _("Kind"), Activity.Kind),
    datetime_field("starts_at", _("Start")),
    text_field("place", _("Place")),
    Field("deal", _("Deal"), lambda row: row.residency.deal.title),
    Field("deal_slug", _("Deal (slug)"), lambda row: row.residency.deal.slug),
    Field(
        "partners", _("Partners involved"), lambda row: [o.name for o in row.partners.all()], type=list[str]
    ),
    text_field("description", _("Description")),
    text_field("report", _("Report")),
    url_field(lambda row: row.get_absolute_url()),
)


def register():
    register_dataset(Dataset(
        key="residencies", title=_("Partners in residence"), order=115, lookup="id", lookup_type=int,
        description=_("Which public deals have a partner in residence: the home partner, or — when the "
                      "person agreed to be named — the person, their functions and the host partner."),
        rows=residency_rows, fields=RESIDENCY_FIELDS, namespaces=(CACHE_NAMESPACE, DEALS, "directory"),
        page_url="/deals/?residentie=ja", keywords=("partner in residence", "deals", "samenwerking"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="residence-activities", title=_("Side activities of partners in residence"), order=116,
        lookup="id", lookup_type=int,
        description=_("The public side activities (workshops, meetings) of partners in residence, with "
                      "the deal and, afterwards, the short report."),
        rows=activity_rows, fields=ACTIVITY_FIELDS, namespaces=(CACHE_NAMESPACE, DEALS, "directory"),
        page_url="/agenda/", keywords=("partner in residence", "agenda"),
    ))  # fmt: skip
