"""What the kernel shows in the portal (``reisgids.registries``): organisations, contact persons and
policy instruments in the site-wide search, organisations and instruments in the sitemap."""

from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reisgids import selectors
from reisgids.registries import (
    ModelType,
    SectionSitemap,
    TextPage,
    TextType,
    ViewSitemap,
    glossary_terms,
    register_glossary_term,
    register_search_type,
    register_sitemap_section,
)


class OrganisationSitemap(SectionSitemap):
    url_name = "organisation_detail"

    def items(self):
        return selectors.organisation_list().prefetch_related(None).order_by("pk")


class InstrumentSitemap(SectionSitemap):
    url_name = "instrument_detail"

    def items(self):
        return selectors.instrument_list().select_related(None).prefetch_related(None).order_by("pk")


class OrientationSitemap(ViewSitemap):
    url_names = ("about", "glossary")


def orientation_pages():
    """``/over/`` and ``/wat-betekent/`` as text in the active language, for the site search: the
    same for every search in a language (code, settings and the registered steps and words), so
    rendered once per process and language instead of on every search."""
    return _orientation_pages(get_language(), settings.PLATFORM_ORGANISATION, len(glossary_terms()))


@lru_cache(maxsize=16)
def _orientation_pages(_language, _organisation, _terms):
    from django.template.loader import render_to_string
    from django.utils.html import strip_tags
    from django.utils.translation import gettext

    from reisgids.views import about_context

    about = strip_tags(render_to_string("reisgids/_about.html", about_context()))
    words = " ".join(f"{entry.term}: {entry.definition}" for entry in glossary_terms())
    return (
        TextPage(gettext("About this platform"), reverse("about"), " ".join(about.split())),
        TextPage(gettext("What does it mean?"), reverse("glossary"), words),
    )


def contact_point_url(contact):
    return f"{reverse('contactpoint_list')}?{urlencode({'q': contact.name})}"


def register():
    register_glossary_term(
        "aanspreekpunt",
        _("point of contact"),
        _(
            "Someone at the municipality or a partner whom you can approach for a certain question, "
            "theme or area."
        ),
        url=lambda: reverse("contactpoint_list"),
    )
    register_search_type(
        ModelType(
            "partijen",
            _("Parties"),
            "name",
            ("summary", "description"),
            only=("id", "name", "slug", "kind", "summary"),
            describe=lambda org: org.get_kind_display(),
            queryset=selectors.organisation_list,
            order=50,
        )
    )
    register_search_type(
        ModelType(
            "aanspreekpunten",
            _("Contact persons"),
            "name",
            ("function", "approach_for"),
            only=("id", "name", "function", "organisation__id", "organisation__name"),
            describe=lambda contact: f"{contact.function}, {contact.organisation.name}",
            queryset=selectors.contactpoint_list,
            url_of=contact_point_url,
            order=60,
        )
    )
    register_search_type(
        ModelType(
            "instrumenten",
            _("Policy instruments"),
            "name",
            ("summary", "description"),
            only=("id", "name", "slug", "owner__id", "owner__name"),
            describe=lambda instrument: instrument.owner.name,
            queryset=selectors.instrument_list,
            order=70,
        )
    )
    register_search_type(TextType("uitleg", _("About this platform"), orientation_pages, order=110))
    register_sitemap_section("orientation", OrientationSitemap, order=5)
    register_sitemap_section("organisations", OrganisationSitemap, order=20)
    register_sitemap_section("instruments", InstrumentSitemap, order=30)
