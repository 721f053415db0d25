"""The atlas pages of the reisgids (Wagtail): the home page, standard pages, nieuws and lessen en
successen. Verhalen (``stories``) and the agenda (``agenda``) hang under the home
page too.

Every page type has a plain-text ``intro`` (cards, meta description, search snippets). Index pages
filter with a FilterSet from ``atlas.filters`` and read through ``atlas.selectors``."""

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from atlas.statement import STATEMENT_SLUG, statement_facts
from reisgids.languages import locale_language
from reisgids.models import Organisation
from reisgids.pages import SameAddressInEveryLanguage

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class BodyBlock(blocks.StreamBlock):
    """The body of a standard page, a news item or a lesson: headings and rich-text paragraphs."""

    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", max_length=200)
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    quote = blocks.StructBlock(
        [
            ("text", blocks.TextBlock(label=_("Quote"))),
            ("source", blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)),
        ],
        label=_("Quote"),
        template="atlas/blocks/quote.html",
    )

    class Meta:
        template = "atlas/blocks/body.html"


def body_field():
    return StreamField(BodyBlock(), verbose_name=_("body"), blank=True)


INTRO_HELP = _("One or two sentences, shown in lists, search results and shared links.")


def intro_field(help_text=INTRO_HELP):
    return models.TextField(_("introduction"), blank=True, help_text=help_text)


def parent_url(page, request):
    """The URL of the page's parent (its section index), from its own URL: no query."""
    url = page.get_url(request)
    return url[: url.rstrip("/").rfind("/") + 1]


def original(model):
    """The one page of ``model`` (the home page, a section index) in the site's own language: its
    translations are pages of the same model."""
    return model.objects.filter(locale__language_code=settings.LANGUAGE_CODE).get()


class HomePage(SameAddressInEveryLanguage, Page):
    """``/``: what the reisgids is, what is new, and the ways in."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One paragraph: what the reisgids is.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "atlas/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """A path of the site in the language of this home page; under ``/en/`` a page that has no
        English version yet is the Dutch page (same path: a translation keeps its slug), which its
        template marks ``lang="nl"`` (``atlas.templatetags.content_language``)."""
        from atlas.caching import cached_route

        if not path_components and getattr(self, "kept_in_site_cache", False):
            return type(self).objects.get(pk=self.pk).route(request, path_components)
        try:
            return cached_route(self, request, path_components, super().route)
        except Http404:
            if locale_language(self.locale_id) == settings.LANGUAGE_CODE:
                raise
            original = self.get_translation_or_none(Locale.get_default())
            if original is None or original.pk == self.pk:
                raise
            return original.specific.route(request, path_components)

    @property
    def localized(self):
        """Wagtail's ``localized`` (the home page in the active language), without its locale query
        when this is already the one: Wagtail asks it of the site's root page on every page request
        (``atlas.caching.cached_site`` keeps the root as a ``HomePage``)."""
        if locale_language(self.locale_id) == get_language():
            return self
        return super().localized

    def get_context(self, request, *args, **kwargs):
        from reisgids.registries import cycle_steps, home_blocks

        context = super().get_context(request, *args, **kwargs)
        # The blocks every app registered (reisgids.registries), each read lazily: only when the
        # cached fragment is rendered (see reisgids.caching). Upcoming events move with the clock,
        # so the fragment is kept per hour as well.
        blocks = home_blocks()
        context["home_blocks"] = [(block, SimpleLazyObject(block.items)) for block in blocks]
        namespaces = dict.fromkeys(("atlas", "directory"))
        for block in blocks:
            namespaces.update(dict.fromkeys(block.namespaces))
        # The cycle's steps (reisgids.registries.register_cycle_step): the template calls their url and
        # figures, so the figures are read only when the cached fragment is rendered.
        steps = cycle_steps()
        context["cycle"] = steps
        for step in steps:
            namespaces.update(dict.fromkeys(step.namespaces))
        context["home_namespaces"] = " ".join(namespaces)
        context["cache_key"] = (self.pk, timezone.now().strftime("%Y%m%d%H"))
        return context


class StandardPage(SameAddressInEveryLanguage, Page):
    """A page of text: the accessibility statement, the privacy statement, "Hoe werkt de gemeente?"."""

    intro = intro_field()
    body = body_field()

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["atlas.HomePage", "atlas.StandardPage"]
    subpage_types = ["atlas.StandardPage"]
    template = "atlas/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The accessibility statement shows its facts (status, organisation, date, contact) from the
        # environment above the editor's text.
        context["statement_facts"] = statement_facts() if self.slug == STATEMENT_SLUG else None
        return context


class SectionIndexPage(SameAddressInEveryLanguage, Page):
    """A section's index: its own text, then the section's pages filtered by a FilterSet from
    ``atlas.filters`` (``filter_name``) over a list selector (``list_selector``)."""

    intro = intro_field()

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["atlas.HomePage"]
    max_count = 1
    filter_name = ""
    list_selector = ""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from atlas import filters, selectors

        context = super().get_context(request, *args, **kwargs)
        filterset_class = getattr(filters, self.filter_name)
        # Lazy: the filter form and the page of results are built only when the cached fragment
        # is rendered (see reisgids.caching).
        filtered = SimpleLazyObject(
            lambda: filters.filtered_page(request, filterset_class, getattr(selectors, self.list_selector)())
        )
        context["filter"] = SimpleLazyObject(lambda: filtered[0])
        context["results"] = SimpleLazyObject(lambda: filtered[1])
        return context


class NewsIndexPage(SectionIndexPage):
    """``/nieuws/``: news of the network, newest first, filtered by theme."""

    subpage_types = ["atlas.NewsPage"]
    template = "atlas/news_index_page.html"
    filter_name = "NewsFilter"
    list_selector = "news_list"

    class Meta:
        verbose_name = _("news index")


class NewsPage(SameAddressInEveryLanguage, Page):
    date = models.DateField(_("date"))
    intro = intro_field()
    body = body_field()
    themes = ParentalManyToManyField(
        "reisgids.Theme", blank=True, related_name="news_pages", verbose_name=_("themes")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=_("Optional. Give the image a title that describes it: it is its text alternative."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["atlas.NewsIndexPage"]
    subpage_types = []
    template = "atlas/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["-date"], name="atlas_news_date")]

    def get_context(self, request, *args, **kwargs):
        from atlas import selectors

        context = super().get_context(request, *args, **kwargs)
        context["detail"] = SimpleLazyObject(lambda: selectors.news_prefetch_detail(self))
        context["index_url"] = parent_url(self, request)
        return context


class LessonIndexPage(SectionIndexPage):
    """``/lessen/``: lessen en successen, the knowledge base, filtered on every facet."""

    subpage_types = ["atlas.LessonPage"]
    template = "atlas/lesson_index_page.html"
    filter_name = "LessonFilter"
    list_selector = "lesson_list"

    class Meta:
        verbose_name = _("lessons index")


class LessonForm(WagtailAdminPageForm):
    """Multiple choices kept as a JSON list, edited as checkboxes."""

    partner_kinds = forms.MultipleChoiceField(
        label=_("kinds of partners involved"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    principles = forms.MultipleChoiceField(
        label=_("key principles"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The key principles of working together differently that this lesson touches."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = LessonPage.Principle.choices


class LessonPage(SameAddressInEveryLanguage, Page):
    """One lesson or success: what was learned, where, by whom, with what kind of partners."""

    class Kind(models.TextChoices):
        CONTENT = "inhoudelijk", _("About the content")
        COLLABORATION = "samenwerking", _("About working together")
        SYSTEM = "systeem", _("About the system")

    class Source(models.TextChoices):
        SCHOUW = "schouw", _("Schouw")
        PEER_REVIEW = "peer-review", _("Peer review")
        COLLEGE_TOUR = "college-tour", _("College tour")
        OTHER = "anders", _("Other")

    class Principle(models.TextChoices):
        # The six sleutelprincipes of the Zutphen guide "Anders samenwerken".
        EQUAL = "gelijkwaardige-samenwerking", _("Equal collaboration")
        OUTSIDE_IN = "buiten-is-binnen", _("Outside = inside")
        DIRECTION = "regie-waar-het-helpt", _("Direction where it helps")
        TRUST = "vertrouwen-lef-samen-leren", _("Trust, courage and learning together")
        VALUE = "elk-initiatief-heeft-waarde", _("Every initiative has value")
        BETTER = "beter", _("Better")

    intro = intro_field(help_text=_("The lesson in one or two sentences."))
    body = body_field()
    kind = models.CharField(_("kind of lesson"), max_length=20, choices=Kind.choices)
    is_success = models.BooleanField(
        _("success"), default=False, help_text=_("A success worth copying, not only a lesson.")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OTHER)
    partner_kinds = models.JSONField(_("kinds of partners involved"), default=list, blank=True)
    principles = models.JSONField(_("key principles"), default=list, blank=True)
    themes = ParentalManyToManyField(
        "reisgids.Theme", blank=True, related_name="lesson_pages", verbose_name=_("themes")
    )
    areas = ParentalManyToManyField(
        "reisgids.Area", blank=True, related_name="lesson_pages", verbose_name=_("areas")
    )
    neighbourhoods = ParentalManyToManyField(
        "reisgids.Neighbourhood", blank=True, related_name="lesson_pages", verbose_name=_("neighbourhoods")
    )
    organisations = ParentalManyToManyField(
        "reisgids.Organisation", blank=True, related_name="lesson_pages", verbose_name=_("organisations")
    )
    deals = ParentalManyToManyField(
        "deals.Deal", blank=True, related_name="lesson_pages", verbose_name=_("deals")
    )

    base_form_class = LessonForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("is_success"), FieldPanel("source"), FieldPanel("principles")],
            heading=_("What kind of lesson"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("neighbourhoods"),
            ],
            heading=_("Themes and places"),
        ),
        MultiFieldPanel(
            [FieldPanel("partner_kinds"), FieldPanel("organisations"), FieldPanel("deals")],
            heading=_("Who was involved"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("is_success"),
        index.FilterField("source"),
    ]
    parent_page_types = ["atlas.LessonIndexPage"]
    subpage_types = []
    template = "atlas/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def principle_items(self):
        labels = dict(self.Principle.choices)
        return [(value, labels[value]) for value in self.principles if value in labels]

    def partner_kind_items(self):
        labels = dict(Organisation.Kind.choices)
        return [(value, labels[value]) for value in self.partner_kinds if value in labels]

    def get_context(self, request, *args, **kwargs):
        from atlas import selectors

        context = super().get_context(request, *args, **kwargs)
        context["detail"] = SimpleLazyObject(lambda: selectors.lesson_prefetch_detail(self))
        context["index_url"] = parent_url(self, request)
        return context
