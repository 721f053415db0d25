"""Verhalen (``/verhalen/``): stories by members of organisations — a blog, a video or a podcast —
moderated through Wagtail's workflow before they are public, and comments on published stories."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from reisgids.comments import (  # the limits are re-exported for the stories' forms
    COMMENT_MAX_LENGTH,  # noqa: F401
    EDIT_WINDOW_MINUTES,  # noqa: F401
    REPORT_REASON_MAX_LENGTH,  # noqa: F401
    CommentBase,
    CommentReportBase,
)
from reisgids.pages import SameAddressInEveryLanguage

# Hosts of the embed providers we accept, with the name shown in "Bekijk de video op …".
EMBED_PROVIDERS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
    "soundcloud.com": "SoundCloud",
    "www.soundcloud.com": "SoundCloud",
    "open.spotify.com": "Spotify",
}


def embed_provider(url):
    """The provider's name for an accepted embed URL (https only), else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https":
        return None
    return EMBED_PROVIDERS.get((parts.hostname or "").lower())


class StoryIndexPage(SameAddressInEveryLanguage, Page):
    """``/verhalen/``: the published stories, newest first, filtered by thema and kind."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["atlas.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1
    template = "stories/story_index_page.html"
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("stories index")

    def get_context(self, request, *args, **kwargs):
        from stories.views import story_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_index_context(request, self))
        return context


class StoryPage(SameAddressInEveryLanguage, Page):
    """One story. Members submit it on the site (``/verhalen/insturen/``); it stays a draft until a
    contentbeheerder approves it in Wagtail's moderation workflow."""

    class Kind(models.TextChoices):
        BLOG = "blog", _("Blog")
        VIDEO = "video", _("Video")
        PODCAST = "podcast", _("Podcast")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BLOG)
    intro = models.TextField(
        _("introduction"), max_length=500, help_text=_("One or two sentences: what the story is about.")
    )
    body = RichTextField(_("story"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    embed_url = models.URLField(
        _("video or podcast link"),
        blank=True,
        help_text=_("A link to YouTube, Vimeo, SoundCloud or Spotify."),
    )
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("The text of the video or podcast, for people who cannot watch or listen."),
    )
    themes = ParentalManyToManyField(
        "reisgids.Theme", blank=True, related_name="stories", verbose_name=_("themes")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        "reisgids.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("organisation"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("embed_url"), FieldPanel("transcript")], heading=_("Video or podcast")),
        FieldPanel("themes"),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("organisation")], heading=_("Author")),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    template = "stories/story_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("transcript"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def clean(self):
        super().clean()
        errors = {}
        if self.embed_url and not embed_provider(self.embed_url):
            errors["embed_url"] = _("Use a link to YouTube, Vimeo, SoundCloud or Spotify (https).")
        if self.kind in (self.Kind.VIDEO, self.Kind.PODCAST):
            if not self.embed_url:
                errors["embed_url"] = _("Give the link to the video or podcast.")
            if not (self.transcript or "").strip():
                errors["transcript"] = _("Add a transcript or a text version, so everyone can follow it.")
        if errors:
            raise ValidationError(errors)

    @property
    def provider(self):
        return embed_provider(self.embed_url)

    def get_context(self, request, *args, **kwargs):
        from stories.views import story_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_page_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        from stories.views import story_page_serve

        return story_page_serve(request, self, super().serve, *args, **kwargs)


class Comment(CommentBase):
    """A reaction on a published story (the moderation is ``reisgids.comments``). One level of
    replies: a reply to a reply is attached to the top comment."""

    page = models.ForeignKey(
        StoryPage, on_delete=models.CASCADE, related_name="comments", verbose_name=_("story")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story_comments",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["page", "created_at", "id"],
                condition=Q(parent__isnull=True),
                name="comment_top_level",
            ),
            models.Index(fields=["parent", "created_at"], name="comment_replies"),
            models.Index(fields=["author", "created_at"], name="comment_author_recent"),
            models.Index(fields=["-report_count"], condition=Q(report_count__gt=0), name="comment_reported"),
        ]

    def get_absolute_url(self):
        return f"{self.page.url}#reactie-{self.pk}"


class CommentReport(CommentReportBase):
    """ "Meld ongepast": one report per user per comment."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="unique_comment_report_per_user")
        ]
