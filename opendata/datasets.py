"""The registers of the apps that existed before the open-data issue, registered as datasets
(``reisgids.datasets``). Each reads through the same selector as its public page, so nothing a visitor
cannot see on the site is in the API or a download. Apps that came later (residence, schouw, kompas)
register their own datasets from their own ``discovery.py``; this module never has to change for them.
"""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel

from atlas import selectors as atlas_selectors
from atlas.filters import LessonFilter, NewsFilter
from atlas.models import LessonPage
from deals import selectors as deal_selectors
from deals.filters import DealFilter
from deals.models import Contribution, Deal, DealPartner, ExpectedResult, Milestone
from marktplaats import selectors as listing_selectors
from marktplaats.filters import ListingFilter
from marktplaats.models import Listing
from reisgids import selectors
from reisgids.datasets import (
    Dataset,
    Field,
    choice_field,
    date_field,
    datetime_field,
    id_field,
    name_field,
    names_field,
    page_fields,
    register_dataset,
    slug_field,
    text_field,
    url_field,
)
from reisgids.filters import ContactPointFilter, InstrumentFilter, OrganisationFilter
from reisgids.models import Area, Neighbourhood, Organisation, Theme


def _theme_prefetch():
    return Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug"))


def _area_prefetch():
    return Prefetch("areas", queryset=Area.objects.only("id", "name", "name_en", "slug"))


def _neighbourhood_prefetch():
    return Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "name", "slug"))


# --- the directory (kernel) ---------------------------------------------------------------------


def organisation_rows():
    return (
        selectors.organisation_list()
        .only(
            "id", "name", "slug", "kind", "summary", "description", "website", "parent", "contact_email",
            "contact_phone", "show_contact", "updated_at",
        )
        .select_related("parent")
        .prefetch_related(_neighbourhood_prefetch())
        .order_by("name", "pk")
    )  # fmt: skip


def _public_contact(attribute):
    return lambda row: getattr(row, attribute) if row.show_contact else ""


ORGANISATION_FIELDS = (
    id_field(),
    name_field(),
    slug_field(),
    choice_field("kind", _("Kind"), Organisation.Kind),
    text_field("summary", _("Summary")),
    text_field("description", _("Description")),
    text_field("website", _("Website")),
    Field("email", _("Public email address"), _public_contact("contact_email")),
    Field("phone", _("Public phone number"), _public_contact("contact_phone")),
    Field("part_of", _("Part of"), lambda row: row.parent.name if row.parent_id else ""),
    names_field("themes", _("Themes"), "themes"),
    names_field("areas", _("Areas"), "areas"),
    names_field("neighbourhoods", _("Neighbourhoods"), "neighbourhoods"),
    url_field(lambda row: row.get_absolute_url()),
    datetime_field("updated_at", _("Last changed")),
)


def contactpoint_rows():
    return (
        selectors.contactpoint_list()
        .only(
            "id", "name", "function", "approach_for", "email", "phone", "availability", "citywide",
            "updated_at", "organisation__id", "organisation__name", "organisation__slug",
        )
        .order_by("name", "pk")
    )  # fmt: skip


CONTACTPOINT_FIELDS = (
    id_field(),
    name_field(),
    text_field("function", _("Function")),
    text_field("approach_for", _("Approach me for")),
    Field("organisation", _("Organisation"), lambda row: row.organisation.name),
    Field("organisation_slug", _("Organisation (slug)"), lambda row: row.organisation.slug),
    text_field("email", _("Email address")),
    text_field("phone", _("Phone number")),
    text_field("availability", _("How and when to reach me")),
    names_field("themes", _("Themes"), "themes"),
    names_field("areas", _("Areas"), "areas"),
    # Works for the whole city: found under every area and neighbourhood filter, as on the page
    Field("citywide", _("City-wide"), lambda row: row.citywide, type=bool),
    datetime_field("updated_at", _("Last changed")),
)


def instrument_rows():
    return selectors.instrument_list().order_by("name", "pk")


INSTRUMENT_FIELDS = (
    id_field(),
    name_field(),
    slug_field(),
    text_field("summary", _("Summary")),
    text_field("description", _("Description")),
    Field("owner", _("Owner"), lambda row: row.owner.name),
    Field("offers", _("Offers"), lambda row: [str(label) for label in row.offers], type=list[str]),
    text_field("audience", _("For whom")),
    text_field("amount", _("Amounts")),
    text_field("deadlines", _("Deadlines")),
    text_field("information_url", _("More information"), attribute="url"),
    names_field("themes", _("Themes"), "themes"),
    url_field(lambda row: row.get_absolute_url()),
    datetime_field("updated_at", _("Last changed")),
)


THEME_FIELDS = (
    id_field(),
    name_field(),
    slug_field(),
    text_field("description", _("Description")),
    Field("deals_welcome", _("Deals welcome"), lambda row: row.deals_welcome, type=bool),
)

AREA_FIELDS = (id_field(), name_field(), slug_field())

NEIGHBOURHOOD_FIELDS = (
    id_field(),
    name_field(),
    slug_field(),
    Field("area", _("Area"), lambda row: row.area.name),
    Field("area_slug", _("Area (slug)"), lambda row: row.area.slug),
)


# --- deals ----------------------------------------------------------------------------------------


class ContributionOut(BaseModel):
    kind: str
    kind_label: str
    amount_eur: str | None
    hours: int | None
    description: str


class PartnerOut(BaseModel):
    organisation: str
    organisation_slug: str
    organisation_kind: str
    role: str
    role_label: str
    contributions: list[ContributionOut]


class ResultOut(BaseModel):
    description: str
    indicator: str
    target: str


class MilestoneOut(BaseModel):
    title: str
    date: datetime.date


def deal_rows():
    """The public register (``deal_register()``: closed, kick-off, running, finished), with what the
    public deal page shows: accepted partners with their inbreng, results and milestones; never the
    private fields (risks, internal notes, the schouw's set-up, the partners' messages)."""
    return (
        deal_selectors.deal_register()
        .only(
            "id",
            "title",
            "slug",
            "goal",
            "idea",
            "status",
            "start_date",
            "end_date",
            "closed_at",
            "kickoff_at",
            "financing",
            "updated_at",
        )  # fmt: skip
        .prefetch_related(
            _area_prefetch(),
            Prefetch(
                "partners",
                queryset=DealPartner.objects.filter(status=DealPartner.Status.ACCEPTED)
                .select_related("organisation")
                .only(
                    "id", "deal_id", "role", "organisation__name", "organisation__slug", "organisation__kind"
                )
                .prefetch_related(Prefetch("contributions", queryset=Contribution.objects.order_by("id")))
                .order_by("id"),
                to_attr="public_partners",
            ),
            Prefetch("results", queryset=ExpectedResult.objects.order_by("id")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
        )
        .order_by("-closed_at", "-id")
    )


def _partners(deal):
    roles = dict(DealPartner.Role.choices)
    kinds = dict(Contribution.Kind.choices)
    return [
        {
            "organisation": p.organisation.name,
            "organisation_slug": p.organisation.slug,
            "organisation_kind": p.organisation.kind,
            "role": p.role,
            "role_label": str(roles.get(p.role, p.role)),
            "contributions": [
                {
                    "kind": c.kind,
                    "kind_label": str(kinds.get(c.kind, c.kind)),
                    "amount_eur": str(c.amount_eur) if c.amount_eur is not None else None,
                    "hours": c.hours,
                    "description": c.description,
                }
                for c in p.contributions.all()
            ],
        }
        for p in deal.public_partners
    ]


def _partners_cell(partners):
    return "; ".join(
        f"{p['organisation']} ({p['role_label']}"
        + "".join(f", {c['kind_label']}" for c in p["contributions"])
        + ")"
        for p in partners
    )


DEAL_FIELDS = (
    id_field(),
    Field("title", _("Title"), lambda row: row.title),
    slug_field(),
    choice_field("status", _("Step"), Deal.Status),
    text_field("goal", _("Shared goal")),
    text_field("idea", _("Innovative idea")),
    names_field("themes", _("Themes"), "themes"),
    names_field("areas", _("Areas"), "areas"),
    names_field("neighbourhoods", _("Neighbourhoods"), "neighbourhoods"),
    Field(
        "partners", _("Partners and their input"), _partners, type=list[PartnerOut], display=_partners_cell
    ),
    Field(
        "results",
        _("Expected results"),
        lambda row: [
            {"description": r.description, "indicator": r.indicator, "target": r.target}
            for r in row.results.all()
        ],  # fmt: skip
        type=list[ResultOut],
        display=lambda items: "; ".join(r["description"] for r in items),
    ),
    Field(
        "milestones",
        _("Milestones"),
        lambda row: [{"title": m.title, "date": m.due_date} for m in row.milestones.all()],
        type=list[MilestoneOut],
        display=lambda items: "; ".join(f"{m['date'].isoformat()} {m['title']}" for m in items),
    ),
    date_field("start_date", _("Start date")),
    date_field("end_date", _("End date")),
    datetime_field("closed_at", _("Closed at")),
    datetime_field("kickoff_at", _("Kick-off")),
    choice_field("financing", _("Financing"), Deal.Financing),
    url_field(lambda row: row.get_absolute_url()),
    datetime_field("updated_at", _("Last changed")),
)


# --- marktplaats ----------------------------------------------------------------------------------


def listing_rows():
    """Open, visible listings. Who posted or answers them (people) is never published: only the
    organisation."""
    return (
        listing_selectors.listing_browse()
        .filter(status=Listing.Status.OPEN)
        .prefetch_related(_area_prefetch())
        .order_by("-created_at", "-pk")
    )


LISTING_FIELDS = (
    id_field(),
    choice_field("kind", _("Request or offer"), Listing.Kind),
    choice_field("category", _("Category"), Listing.Category),
    Field("title", _("Title"), lambda row: row.title),
    text_field("description", _("Description")),
    Field("organisation", _("Organisation"), lambda row: row.organisation.name),
    names_field("themes", _("Themes"), "themes"),
    names_field("areas", _("Areas"), "areas"),
    names_field("neighbourhoods", _("Neighbourhoods"), "neighbourhoods"),
    date_field("starts_on", _("Date or first day")),
    date_field("ends_on", _("Last day")),
    date_field("valid_until", _("Valid until")),
    url_field(lambda row: row.get_absolute_url()),
    datetime_field("created_at", _("Placed at")),
)


# --- pages (agenda, news, lessons, stories) -------------------------------------------------------


def news_rows():
    return atlas_selectors.news_list()


NEWS_FIELDS = page_fields(
    date_field("date", _("Date")),
    text_field("intro", _("Introduction")),
    names_field("themes", _("Themes"), "themes"),
)


def lesson_rows():
    return atlas_selectors.lesson_list().prefetch_related(_area_prefetch())


LESSON_FIELDS = page_fields(
    choice_field("kind", _("Kind of lesson"), LessonPage.Kind),
    Field("is_success", _("Success"), lambda row: row.is_success, type=bool),
    choice_field("source", _("Source"), LessonPage.Source),
    text_field("intro", _("Introduction")),
    names_field("themes", _("Themes"), "themes"),
    names_field("areas", _("Areas"), "areas"),
)


DIRECTORY = ("directory",)


def register():
    register_dataset(Dataset(
        key="organisations", title=_("Organisations"), order=10,
        description=_("Every organisation (partij) in the network: initiatives, municipal departments, "
                      "providers, funds and networks, with their themes and areas."),
        rows=organisation_rows, fields=ORGANISATION_FIELDS, filterset=OrganisationFilter,
        namespaces=DIRECTORY, updated="updated_at", page_url="/partijen/",
        keywords=("sociale kaart", "organisaties", "zorg", "welzijn"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="contact-points", title=_("Contact points"), order=20, lookup="id", lookup_type=int,
        description=_("Aanspreekpunten: who you can approach, and for what."),
        rows=contactpoint_rows, fields=CONTACTPOINT_FIELDS, filterset=ContactPointFilter,
        namespaces=DIRECTORY, updated="updated_at", page_url="/aanspreekpunten/",
        keywords=("aanspreekpunten", "gemeente"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="instruments", title=_("Policy instruments"), order=30,
        description=_("Beleidsinstrumenten: money, knowledge, space and procedures for initiatives."),
        rows=instrument_rows, fields=INSTRUMENT_FIELDS, filterset=InstrumentFilter,
        namespaces=DIRECTORY, updated="updated_at", page_url="/instrumenten/",
        keywords=("subsidie", "beleidsinstrumenten"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="themes", title=_("Themes"), order=40, frequency="irregular",
        description=_("The care and welfare themes used throughout the site."),
        rows=lambda: Theme.objects.order_by("name", "pk"), fields=THEME_FIELDS, namespaces=DIRECTORY,
        keywords=("thema's",),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="areas", title=_("Areas"), order=50, frequency="irregular",
        description=_("The gebieden of the municipality."),
        rows=lambda: Area.objects.order_by("name", "pk"), fields=AREA_FIELDS, namespaces=DIRECTORY,
        keywords=("gebieden",),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="neighbourhoods", title=_("Neighbourhoods"), order=55, frequency="irregular",
        description=_("The wijken of the municipality, each in its gebied."),
        rows=lambda: Neighbourhood.objects.select_related("area").order_by("name", "pk"),
        fields=NEIGHBOURHOOD_FIELDS, namespaces=DIRECTORY, keywords=("wijken",),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="deals", title=_("Care and welfare deals"), order=60,
        description=_("The public register of care and welfare deals: goal, partners and their input, "
                      "expected results and milestones."),
        rows=deal_rows, fields=DEAL_FIELDS, filterset=DealFilter, namespaces=("deals", "directory"),
        updated="updated_at", page_url="/deals/", keywords=("deals", "samenwerking"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="listings", title=_("Marketplace: open requests and offers"), order=70, lookup="id",
        lookup_type=int,
        description=_("Open requests and offers of the marktplaats, by organisation; no personal data."),
        rows=listing_rows, fields=LISTING_FIELDS, filterset=ListingFilter,
        namespaces=("marktplaats", "directory"), updated="updated_at", page_url="/marktplaats/",
        keywords=("marktplaats", "vraag en aanbod"),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="news", title=_("News"), order=90, filterset=NewsFilter,
        description=_("News items of the site."),
        rows=news_rows, fields=NEWS_FIELDS, namespaces=("atlas",), updated="last_published_at",
        page_url="/nieuws/", keywords=("nieuws",),
    ))  # fmt: skip
    register_dataset(Dataset(
        key="lessons", title=_("Lessons and successes"), order=100, filterset=LessonFilter,
        description=_("What deals and schouws taught: lessons about content, collaboration and the system."),
        rows=lesson_rows, fields=LESSON_FIELDS, namespaces=("atlas",), updated="last_published_at",
        page_url="/lessen/", keywords=("lessen", "kennisbank"),
    ))  # fmt: skip
