"""Forms of the stories. They collect and check input; ``stories.services`` writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reisgids.forms import CleanInputMixin
from reisgids.models import Organisation, Theme
from stories.models import COMMENT_MAX_LENGTH, REPORT_REASON_MAX_LENGTH, StoryPage, embed_provider


class StoryForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Kind of story"), choices=StoryPage.Kind.choices, widget=forms.RadioSelect, initial="blog"
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give your story a title.")}
    )
    intro = forms.CharField(
        label=_("Introduction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences: what the story is about. At most 500 characters."),
        error_messages={"required": _("Write a short introduction.")},
    )
    body = forms.CharField(
        label=_("Your story"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    embed_url = forms.URLField(
        label=_("Link to the video or podcast"),
        required=False,
        assume_scheme="https",
        help_text=_("For a video or podcast: a link to YouTube, Vimeo, SoundCloud or Spotify."),
    )
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Required for a video or podcast: the text of it, for people who cannot watch or listen."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        url = data.get("embed_url")
        if url and not embed_provider(url):
            self.add_error("embed_url", _("Use a link to YouTube, Vimeo, SoundCloud or Spotify (https)."))
        if kind in (StoryPage.Kind.VIDEO, StoryPage.Kind.PODCAST):
            if not url and "embed_url" not in self.errors:
                self.add_error("embed_url", _("Give the link to the video or podcast."))
            if not (data.get("transcript") or "").strip() and "transcript" not in self.errors:
                self.add_error(
                    "transcript", _("Add a transcript or a text version, so everyone can follow it.")
                )
        elif not (data.get("body") or "").strip() and "body" not in self.errors:
            self.add_error("body", _("Write your story."))
        return data

    def service_data(self):
        return {
            key: self.cleaned_data.get(key)
            for key in ("kind", "title", "intro", "body", "embed_url", "transcript", "themes")
        }


class CommentForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, at most 2,000 characters."),
        error_messages={"required": _("Write a comment.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a comment.")},
    )


class ReportForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this comment? (optional)"),
        required=False,
        max_length=REPORT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
