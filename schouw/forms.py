"""Forms of the schouw. They only collect and check input; ``schouw.services`` writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from deals.models import Deal
from reisgids.forms import ChooserField, CleanInputMixin, MultipleChooserField
from reisgids.models import Organisation
from schouw.models import MAX_LINKED_DEALS, SCORES, Lesson, Observation, Participant, Schouw

TEXT_MAX = 4000


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ObservationForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label=_("What did you see?"),
        max_length=TEXT_MAX,
        widget=_textarea(5),
        help_text=_("Results, positive and negative, expected and unexpected. No criteria yet."),
    )
    tone = forms.ChoiceField(
        label=_("Positive or negative?"), choices=Observation.Tone.choices, widget=forms.RadioSelect
    )
    expectation = forms.ChoiceField(
        label=_("Expected or unexpected?"), choices=Observation.Expectation.choices, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("About which partner (optional)"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("The collaboration as a whole")
        self.fields["text"].error_messages["required"] = _("Write what you saw.")
        self.fields["tone"].error_messages["required"] = _("Choose whether it was positive or negative.")
        self.fields["expectation"].error_messages["required"] = _("Choose whether it was expected.")


class CriterionForm(CleanInputMixin, forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Explanation"), max_length=TEXT_MAX, required=False, widget=_textarea(2)
    )
    is_inbreng = forms.BooleanField(required=False, widget=forms.HiddenInput)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=12, absolute_max=12)


def appraisal_form_class(criteria):
    """A form with a text and a score per criterion (``c<id>`` and ``s<id>``)."""
    fields = {}
    for criterion in criteria:
        fields[f"c{criterion.pk}"] = forms.CharField(
            label=_("Your appraisal: %(criterion)s") % {"criterion": criterion.title},
            max_length=TEXT_MAX,
            required=False,
            widget=_textarea(3),
        )
        fields[f"s{criterion.pk}"] = forms.TypedChoiceField(
            label=_("Score (optional): %(criterion)s") % {"criterion": criterion.title},
            choices=[("", _("No score")), *[(value, f"{value} – {label}") for value, label in SCORES]],
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": _("Choose a score from the list.")},
        )
    return type("AppraisalForm", (CleanInputMixin, forms.Form), fields)


def appraisal_entries(form, criteria):
    """{criterion id: (text, score)} from a bound form; raw values, the service checks them."""
    return {
        c.pk: (form.data.get(f"c{c.pk}", ""), form.cleaned_data.get(f"s{c.pk}") if form.is_bound else None)
        for c in criteria
    }


class DiscussionForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Schouw
        fields = ["goes_well", "can_improve", "worth_sharing", "next_steps", "follow_up_deal"]
        widgets = {name: _textarea(4) for name in ["goes_well", "can_improve", "worth_sharing", "next_steps"]}
        help_texts = {
            "follow_up_deal": _("The deal ends: the partners want to continue in a new deal."),
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["goes_well", "can_improve", "worth_sharing", "next_steps"]:
            self.fields[name].max_length = TEXT_MAX
        for partner in partners:
            self.fields[f"advice_{partner.pk}"] = forms.CharField(
                label=_("Advice to %(organisation)s") % {"organisation": partner.organisation.name},
                max_length=TEXT_MAX,
                required=False,
                initial=partner.advice,
                widget=_textarea(3),
            )

    def advice(self, partners):
        return {p.pk: self.cleaned_data.get(f"advice_{p.pk}", "") for p in partners}


class AgreementForm(CleanInputMixin, forms.Form):
    agreements = forms.CharField(
        label=_("The agreements, revised"),
        max_length=TEXT_MAX,
        widget=_textarea(6),
        help_text=_("The deal's process agreements as they will be. They replace the current ones."),
    )
    reason = forms.CharField(label=_("Why they change"), max_length=TEXT_MAX, widget=_textarea(3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreements"].error_messages["required"] = _("Write the revised agreements.")
        self.fields["reason"].error_messages["required"] = _("Say why the agreements change.")


class LessonForm(CleanInputMixin, forms.Form):
    title = forms.CharField(label=_("The lesson in one line"), max_length=200)
    text = forms.CharField(
        label=_("Explanation"),
        max_length=TEXT_MAX,
        widget=_textarea(4),
        help_text=_("Write it for readers who were not there: other initiatives, the gemeente, the city."),
    )
    kind = forms.ChoiceField(label=_("Kind of lesson"), choices=Lesson.Kind.choices, widget=forms.RadioSelect)
    is_success = forms.BooleanField(label=_("This is a success worth copying"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Formulate the lesson in one line.")
        self.fields["text"].error_messages["required"] = _(
            "Explain the lesson for readers who were not there."
        )
        self.fields["kind"].error_messages["required"] = _("Choose what kind of lesson this is.")


class ReportForm(CleanInputMixin, forms.Form):
    report_summary = forms.CharField(
        label=_("The report"),
        max_length=20000,
        widget=_textarea(12),
        help_text=_(
            "A rich, nuanced picture of the collaboration and of each partner's contribution, in your "
            "own words. Blank lines start a new paragraph."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_summary"].error_messages["required"] = _("Write the report.")


class NoSchouwForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why was there no schouw?"),
        max_length=TEXT_MAX,
        widget=_textarea(4),
        help_text=_("This is shown publicly on the deal page."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Say why there was no schouw.")


# --- /beheer/ ----------------------------------------------------------------------------------


# The deals a schouw can evaluate or a variant can link: closed, after the kick-off, in progress.
LINKABLE_DEALS = Deal.objects.filter(
    status__in=(Deal.Status.CLOSED, Deal.Status.KICKOFF, Deal.Status.RUNNING)
)


def _bound_help_text(field):
    """The bound in the help text, in the language of the request (not at import)."""
    field.help_text = field.help_text % {"max": MAX_LINKED_DEALS}


def linked_deals_field(**kwargs):
    """Several deals for a peer review or college tour, one title per line, at most
    ``MAX_LINKED_DEALS`` (a chooser: the deals are unbounded)."""
    return MultipleChooserField(
        label=_("Linked deals"),
        queryset=LINKABLE_DEALS,
        search_fields=("title",),
        max_choices=MAX_LINKED_DEALS,
        required=False,
        error_messages={"max_choices": _("Link at most %(max)d deals to a peer review or college tour.")},
        **kwargs,
    )


class SchouwCreateForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Schouw.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    # A chooser, not a select: the running deals are unbounded (one query to resolve the typed
    # title, at most 20 suggestions; none listed to render the form).
    deal = ChooserField(
        label=_("Deal"),
        queryset=LINKABLE_DEALS,
        search_fields=("title",),
        required=False,
        help_text=_(
            "For a schouw of a deal: its partners take part. Type the deal's title; when several "
            "match, choose from the suggestions."
        ),
    )
    deals = linked_deals_field(
        help_text=_(
            "For a peer review or a college tour: the deals it is about, one title per line (at most "
            "%(max)d). Its report is listed on each of their pages once published; when no "
            "organisations are named, the deals' partners take part."
        )
    )
    organisations = MultipleChooserField(
        label=_("Organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_(
            "For a peer review or a college tour: the initiatives that take part, one name per line."
        ),
    )
    planned_for = forms.DateField(label=_("Date of the schouw"), widget=_date_input(), required=False)
    period_start = forms.DateField(label=_("Period evaluated from"), widget=_date_input(), required=False)
    period_end = forms.DateField(label=_("Period evaluated until"), widget=_date_input(), required=False)
    setting = forms.CharField(
        label=_("Setting"),
        max_length=TEXT_MAX,
        required=False,
        widget=_textarea(3),
        help_text=_("Left empty: taken from the deal's process agreements."),
    )
    reporter = forms.CharField(
        label=_("Who writes the report"),
        max_length=200,
        required=False,
        help_text=_("Left empty: taken from the deal's process agreements."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Give the schouw a title.")
        _bound_help_text(self.fields["deals"])


class LinkDealsForm(CleanInputMixin, forms.Form):
    """The deals a peer review or college tour is linked to, changed in /beheer/."""

    deals = linked_deals_field(
        help_text=_(
            "One title per line, at most %(max)d. Once the report is published, it is listed on each "
            "of their pages and the links are frozen. The partners of a newly linked deal take part; "
            "those of a deal no longer linked leave, unless they already contributed."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_help_text(self.fields["deals"])


class InviteForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Who"), choices=Participant.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    organisation = ChooserField(
        label=_("Organisation (from the directory, optional)"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_(
            "Type the name; when several match, choose from the suggestions. Left empty, the name and "
            "email address are those of the organisation in the directory."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Fill in the name.")
        self.fields["email"].error_messages["required"] = _(
            "Fill in a valid email address, like naam@voorbeeld.nl."
        )

    def clean(self):
        """A peer chosen from the directory is invited under its name and its email address there,
        unless a person's name and address are typed."""
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation is not None:
            cleaned["name"] = cleaned.get("name") or organisation.name
            cleaned["email"] = cleaned.get("email") or organisation.contact_email
        if not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", self.fields["name"].error_messages["required"])
        if not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", self.fields["email"].error_messages["required"])
        return cleaned
