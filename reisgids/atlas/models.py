"""The atlas pages of the reisgids (Wagtail): the home page, standard pages, nieuws and lessen en
successen. Verhalen (``reisgids.stories``) and the agenda (``reisgids.agenda``) hang under the home
page too."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """``/``: what the reisgids is, what is new, and the ways in."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One paragraph: what the reisgids is.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
