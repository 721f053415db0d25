"""The agenda (``/agenda/``): network meetings, trainings, workshops and kick-offs, with an archive of
past events and iCal downloads (per event and for the whole agenda)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from reisgids.pages import SameAddressInEveryLanguage

PAGE_SIZE = 20


class EventIndexPage(SameAddressInEveryLanguage, RoutablePageMixin, Page):
    """``/agenda/``: upcoming events; ``archief/`` the past ones; ``agenda.ics`` the iCal feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["atlas.HomePage"]
    subpage_types = ["agenda.EventPage"]
    max_count = 1
    template = "agenda/event_index_page.html"
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("agenda")

    def _listing(self, request, *, past):
        from agenda import selectors
        from agenda.filters import EventFilter

        events = selectors.event_past() if past else selectors.event_upcoming()
        filter_ = EventFilter(request.GET or None, queryset=events.descendant_of(self._events_parent()))
        page = Paginator(filter_.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.prefetch_cards(page.object_list)
        listing = render_to_string(
            "agenda/_event_listing.html", {"filter": filter_, "page": page, "past": past}, request
        )
        return {"listing": listing, "past": past}

    def _events_parent(self):
        """The index the events hang under: this one, or for its English version the Dutch original
        (events without an English version are listed there in Dutch, marked so)."""
        from django.conf import settings
        from wagtail.models import Locale

        from reisgids.languages import locale_language

        if locale_language(self.locale_id) == settings.LANGUAGE_CODE:
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    @path("")
    def upcoming(self, request):
        from reisgids.registries import agenda_items

        # What other apps add to the agenda (reisgids.registries.register_agenda_source).
        context = {**self._listing(request, past=False), "other_items": agenda_items()}
        return self.render(request, context_overrides=context)

    @path("archief/", name="archive")
    def archive(self, request):
        return self.render(request, context_overrides=self._listing(request, past=True))


class EventPage(SameAddressInEveryLanguage, RoutablePageMixin, Page):
    """One event in the agenda."""

    class Kind(models.TextChoices):
        NETWORK = "netwerkbijeenkomst", _("network meeting")
        TRAINING = "training", _("training")
        WORKSHOP = "workshop", _("workshop (co-development)")
        KICKOFF = "kick-off", _("kick-off")
        OTHER = "anders", _("other")

    class GivenBy(models.TextChoices):
        GEMEENTE = "gemeente", _("the gemeente")
        INITIATIVE = "ervaren-initiatief", _("an experienced initiative")
        PROFESSIONAL = "professional", _("professionals")

    intro = models.TextField(
        _("introduction"), help_text=_("One or two sentences: what happens and for whom.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.NETWORK)
    given_by = models.CharField(
        _("given by"),
        max_length=30,
        choices=GivenBy.choices,
        blank=True,
        help_text=_("For trainings and workshops: who gives it."),
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    place = models.TextField(_("place"), blank=True, help_text=_("Address, or the name of the place."))
    online_url = models.URLField(_("online link"), blank=True)
    organiser = models.ForeignKey(
        "reisgids.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    organiser_name = models.CharField(
        _("organiser name"),
        max_length=200,
        blank=True,
        help_text=_("Shown when no organisation is chosen, or to name a person or network."),
    )
    audience = models.CharField(_("for whom"), max_length=300, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    body = RichTextField(_("text"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    themes = ParentalManyToManyField(
        "reisgids.Theme", blank=True, related_name="events", verbose_name=_("themes")
    )
    areas = ParentalManyToManyField(
        "reisgids.Area", blank=True, related_name="events", verbose_name=_("areas")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("given_by")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [FieldPanel("organiser"), FieldPanel("organiser_name"), FieldPanel("audience")],
            heading=_("Organiser and audience"),
        ),
        FieldPanel("registration_url"),
        FieldPanel("body"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
    ]
    parent_page_types = ["agenda.EventIndexPage"]
    subpage_types = []
    template = "agenda/event_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("organiser_name"),
        index.SearchField("audience"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if not self.place and not self.online_url:
            errors["place"] = _("Give a place or an online link (or both).")
        if errors:
            raise ValidationError(errors)

    @property
    def when(self):
        """Date and time in words, in Dutch: "dinsdag 8 december 2026, 19:30–21:00"."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        if start.date() == end.date():
            return f"{date_format(start, 'l j F Y, H:i')}–{date_format(end, 'H:i')}"
        return f"{date_format(start, 'l j F Y, H:i')} – {date_format(end, 'l j F Y, H:i')}"

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def organiser_display(self):
        return self.organiser_name or (self.organiser.name if self.organiser_id else "")

    @path("ics/", name="ical")
    def ical(self, request):
        from agenda.ical import event_ical

        if not self.live:
            raise Http404
        return event_ical(self)
