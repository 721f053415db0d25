"""Forms of the kompas: they collect and check input; ``kompas.services`` writes."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atlas.models import LessonPage
from kompas.models import MAX_LESSONS, Gremium, Proposal
from reisgids.comments import COMMENT_MAX_LENGTH, REPORT_REASON_MAX_LENGTH
from reisgids.forms import CHOSEN_ID, ChooserField, CleanInputMixin, MultipleChooserField
from reisgids.models import Organisation, Theme, User

TEXTAREA = {"rows": 5}
MAX_REVIEW_DATES = 12


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LessonsChooserField(MultipleChooserField):
    """The lessons behind a proposal, one per line ("Title (#id)" as the inventory page's "bundle"
    button fills them in, a bare id, or a title): bounded whatever the number of lessons (no
    checkbox per lesson). At most ``MAX_LESSONS``; the lines with an id are looked up in one query,
    and an unpublished lesson is refused with its own message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", LessonPage.objects.live())
        kwargs.setdefault("search_fields", ("title",))
        kwargs.setdefault("label_of", lambda lesson: lesson.title)
        super().__init__(max_choices=MAX_LESSONS, **kwargs)

    def to_python(self, value):
        lines = [line.strip()[:300] for line in (value or "").splitlines() if line.strip()]
        if len(lines) > self.max_choices:
            raise forms.ValidationError(
                _("Choose at most %(max)d lessons."), code="max_choices", params={"max": self.max_choices}
            )
        ids = {}
        for line in lines:
            chosen = CHOSEN_ID.search(line) or (line.isdigit() and re.match(r"(\d+)", line))
            if chosen and len(chosen[1]) <= 18:  # a primary key, not a number past bigint
                ids[line] = int(chosen[1])
        found = LessonPage.objects.only("pk", "title", "live").in_bulk(set(ids.values())) if ids else {}
        if any(not lesson.live for lesson in found.values()):
            raise forms.ValidationError(_("Only published lessons can be evidence."), code="unpublished")
        by_id = [found[ids[line]] for line in lines if line in ids and ids[line] in found]
        rest = "\n".join(line for line in lines if not (line in ids and ids[line] in found))
        return list(dict.fromkeys([*by_id, *super().to_python(rest)]))


class ProposalForm(CleanInputMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of change"), choices=Proposal.Kind.choices, widget=forms.RadioSelect
    )
    problem = forms.CharField(
        label=_("Problem"),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What goes wrong in the rules or routines, as the lessons show."),
    )
    change = forms.CharField(
        label=_("Proposed change"), max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    intended_effect = forms.CharField(
        label=_("Intended effect on working together"), max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    lessons = LessonsChooserField(label=_("Lessons as evidence"))
    organisations = MultipleChooserField(
        label=_("Proposed by"),
        queryset=Organisation.objects.all(),
        help_text=_("The organisations that propose it, one name per line."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lessons"].help_text = _(
            "One lesson per line: its title, or tick them on the page “Lessons together” and choose "
            "“Write a proposal with the chosen lessons”. At most %(max)d."
        ) % {"max": MAX_LESSONS}
        self.fields["title"].error_messages["required"] = _("Give the proposal a title.")
        self.fields["kind"].error_messages["required"] = _(
            "Choose what kind of rule or routine the proposal changes."
        )
        self.fields["problem"].error_messages["required"] = _("Describe the problem the lessons show.")
        self.fields["change"].error_messages["required"] = _("Describe the change you propose.")
        self.fields["intended_effect"].error_messages["required"] = _(
            "Describe the intended effect on working together."
        )
        # Required here too (not only in the service), so an empty proposal hears about every
        # missing part at once, not about the lessons only after the texts are right.
        self.fields["lessons"].error_messages["required"] = _("Choose at least one lesson as evidence.")
        self.fields["organisations"].error_messages["required"] = _(
            "Choose the organisations that propose it."
        )


class SupportForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Support on behalf of"), queryset=None, empty_label=None)

    def __init__(self, *args, organisations, choices=None, **kwargs):
        """``choices``: the ``(pk, name)`` of ``organisations``, when known (kept in the cache), so
        showing the form runs no query; the queryset still checks what is posted."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if choices is not None:
            self.fields["organisation"].choices = choices


class CommentForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write a comment.")


class ReportCommentForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is inappropriate? (optional)"),
        max_length=REPORT_REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScheduleForm(CleanInputMixin, forms.Form):
    gremium = forms.ModelChoiceField(label=_("Body"), queryset=Gremium.objects.filter(active=True))
    meeting_date = forms.DateField(label=_("Meeting date"), widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gremium"].error_messages["required"] = _("Choose the body that decides.")
        self.fields["meeting_date"].error_messages["required"] = _("Give the date of the meeting.")
        self.fields["meeting_date"].error_messages["invalid"] = _("Give a date such as 31-12-2026.")


class DecisionForm(CleanInputMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s.value, s.label) for s in Proposal.Status if s in Proposal.DECIDED],
        widget=forms.RadioSelect,
    )
    reasoning = forms.CharField(label=_("Reasoning"), max_length=5000, widget=forms.Textarea(attrs=TEXTAREA))
    measure = forms.CharField(
        label=_("Measure"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When adopted: what changes in the rules or routines."),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        required=False,
        max_length=300,
        help_text=_("When adopted: how the effect is measured."),
    )
    owner = ChooserField(
        label=_("Owner of the measure"),
        queryset=User.objects.none(),
        search_fields=("first_name", "last_name", "email"),
        label_of=lambda user: user.get_full_name() or user.email,
        required=False,
        help_text=_("Type the name; when several match, choose from the suggestions."),
    )
    review_dates = forms.CharField(
        label=_("Review dates"),
        required=False,
        max_length=200,
        help_text=_("When adopted: one or more dates (dd-mm-yyyy), separated by commas."),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["decision"].error_messages["required"] = _("Choose the decision.")
        self.fields["reasoning"].error_messages["required"] = _("Give the reasoning of the decision.")

    def clean_review_dates(self):
        value = self.cleaned_data["review_dates"].strip()
        dates = []
        for part in [p.strip() for p in value.split(",") if p.strip()][: MAX_REVIEW_DATES + 1]:
            for pattern in ("%d-%m-%Y", "%Y-%m-%d"):
                try:
                    dates.append(datetime.datetime.strptime(part, pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise ValidationError(
                    _("“%(value)s” is not a date such as 31-12-2026.") % {"value": part[:20]}
                )
        if len(dates) > MAX_REVIEW_DATES:
            raise ValidationError(_("Give at most %(max)d review dates.") % {"max": MAX_REVIEW_DATES})
        if any(date <= timezone.localdate() for date in dates):
            raise ValidationError(_("A review date must be in the future."))
        return dates


class MonitoringForm(CleanInputMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_input())
    value = forms.CharField(label=_("Value of the indicator"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = _("Give the date of the value.")
        self.fields["date"].error_messages["invalid"] = _("Give a date such as 31-12-2026.")
        self.fields["value"].error_messages["required"] = _("Give the value of the indicator.")


class CloseMeasureForm(CleanInputMixin, forms.Form):
    note = forms.CharField(
        label=_("Why does the monitoring end?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = _("Say why the monitoring ends.")


class PriorityForm(CleanInputMixin, forms.Form):
    """One theme of the priorities: chosen or not, the reason, the proposals behind it."""

    chosen = forms.BooleanField(label=_("Deals welcome"), required=False)
    reason = forms.CharField(
        label=_("Why deals are welcome"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals behind it"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, theme, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.fields["chosen"].label = theme.name
        self.fields["proposals"].queryset = proposals

    def clean(self):
        data = super().clean()
        if data.get("chosen") and not (data.get("reason") or "").strip():
            self.add_error(
                "reason",
                _("Give the reason why deals on %(theme)s are welcome.") % {"theme": self.theme.name},
            )
        return data
