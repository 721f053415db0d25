"""Forms of the residencies. They only collect and check input; ``residence.services`` writes and
gives the Dutch messages of what it refuses (shown next to the fields, ``apply_service_errors``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reisgids.forms import CleanInputMixin
from reisgids.models import Organisation, User
from residence.models import (
    Activity,
    Concern,
    Function,
    LogEntry,
    TimeUnit,
    as_amount,
    plain_amount,
    time_per_week_errors,
)

MULTI_HELP = _("Hold Ctrl (or Cmd on a Mac) to choose more than one.")


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _required(field, message):
    field.error_messages["required"] = message
    return field


class TimeAmountField(forms.DecimalField):
    """The time per week: a number with a comma or a point ("1,5" or "1.5"); shown without trailing
    zeros ("16", not "16,0"). Its bounds depend on the unit: ``ResidencyForm.clean``."""

    def __init__(self, **kwargs):
        super().__init__(localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)

    def prepare_value(self, value):
        amount = as_amount(value) if not isinstance(value, str) else None
        return plain_amount(amount) if amount is not None else value


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


class ResidencyForm(CleanInputMixin, forms.Form):
    person = PersonChoiceField(
        label=_("Partner in residence"),
        queryset=User.objects.none(),
        help_text=_("A member of the home partner."),
    )
    home_partner = forms.ModelChoiceField(
        label=_("Works in the name of (home partner)"), queryset=Organisation.objects.none()
    )
    host_partner = forms.ModelChoiceField(
        label=_("Resides at (host partner)"), queryset=Organisation.objects.none()
    )
    starts_on = forms.DateField(label=_("Start date"), widget=_date())
    ends_on = forms.DateField(label=_("End date"), required=False, widget=_date())
    time_amount = TimeAmountField(
        label=_("Time per week"),
        help_text=_("Days (0.5 to 5, in half days) or whole hours (1 to 60). For example: 2 or 1,5"),
    )
    time_unit = forms.ChoiceField(
        label=_("Days or hours"), choices=TimeUnit.choices, widget=forms.RadioSelect
    )
    functions = forms.MultipleChoiceField(
        label=_("Functions agreed"), choices=Function.choices, widget=forms.CheckboxSelectMultiple
    )
    openness = forms.CharField(
        label=_("Agreements on openness"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partner in residence may see and share at the host partner."),
    )

    def __init__(self, *args, partners, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["home_partner"].queryset = partners
        self.fields["host_partner"].queryset = partners
        _required(self.fields["person"], _("Choose the partner in residence."))
        _required(self.fields["home_partner"], _("Choose the home partner."))
        _required(self.fields["host_partner"], _("Choose the host partner."))
        _required(self.fields["starts_on"], _("Fill in the start date."))
        _required(
            self.fields["time_amount"], _("Fill in the time per week, for example 2 (days) or 16 (hours).")
        )
        self.fields["time_amount"].error_messages["invalid"] = _(
            "Fill in the time per week as a number, for example 2 or 1,5."
        )
        _required(self.fields["time_unit"], _("Choose days or hours per week."))
        _required(self.fields["functions"], _("Choose at least one function."))
        _required(
            self.fields["openness"],
            _("Write down what the partner in residence may see and share at the host."),
        )

    def clean(self):
        data = super().clean()
        if data.get("time_amount") is not None and data.get("time_unit"):
            for field, message in time_per_week_errors(data["time_amount"], data["time_unit"]).items():
                self.add_error(field, message)
        return data


class ResidencyEditForm(ResidencyForm):
    """The terms a beheerder of the home or the host partner changes (not who, nor where)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partners=Organisation.objects.none(), people=User.objects.none(), **kwargs)
        for name in ("person", "home_partner", "host_partner"):
            del self.fields[name]


class ConsentForm(CleanInputMixin, forms.Form):
    name_public = forms.BooleanField(
        label=_("Show my name and functions on the public deal page"),
        required=False,
        help_text=_(
            "Without your consent the public deal page only says that the deal has a partner in "
            "residence of your organisation. You can withdraw your consent at any time."
        ),
    )


class EndForm(CleanInputMixin, forms.Form):
    end_note = forms.CharField(label=_("End note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self.fields["end_note"], _("Write a short end note."))


class LogEntryForm(CleanInputMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date())
    kind = forms.ChoiceField(label=_("Kind"), choices=LogEntry.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("What happened"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=LogEntry.Visibility.choices,
        widget=forms.RadioSelect,
        initial=LogEntry.Visibility.ALL,
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a PDF, office document or image."),
        widget=forms.ClearableFileInput(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self.fields["date"], _("Fill in the date."))
        _required(self.fields["kind"], _("Choose what kind of entry this is."))
        _required(self.fields["text"], _("Write what happened."))
        _required(self.fields["visibility"], _("Choose who may read this entry."))


class ResponseForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label=_("Your response"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self.fields["text"], _("Write your response."))


class ConcernForm(CleanInputMixin, forms.Form):
    title = forms.CharField(label=_("What is the problem"), max_length=200)
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Concern.Severity.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A handrem stops the deal: it takes no next step until the home and the host partner "
            "both confirmed a resolution."
        ),
    )
    owner = forms.ModelChoiceField(label=_("Owner (partner)"), queryset=Organisation.objects.none())
    description = forms.CharField(
        label=_("Explanation"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    actions = forms.CharField(
        label=_("Agreed actions"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=_date())

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = partners
        _required(self.fields["title"], _("Describe the problem in a few words."))
        _required(self.fields["severity"], _("Choose how serious it is."))
        _required(self.fields["owner"], _("Choose the partner that owns this concern."))


class ConcernEditForm(ConcernForm):
    """The concern's text, owner, actions and due date; its severity stays (``concern_update``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["severity"]


class ResolutionForm(CleanInputMixin, forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The home and the host partner each confirm the same text; then the concern is closed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self.fields["resolution"], _("Write down how the concern was resolved."))


class ActivityForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners involved"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(label=_("Public: show in the agenda"), required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        _required(self.fields["kind"], _("Choose what kind of activity this is."))
        _required(self.fields["title"], _("Fill in a title."))
        _required(self.fields["starts_at"], _("Fill in the date and time."))
        _required(self.fields["place"], _("Fill in the place."))


class ReportForm(CleanInputMixin, forms.Form):
    report = forms.CharField(
        label=_("Short report afterwards"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required(self.fields["report"], _("Write a short report."))


class PeriodForm(CleanInputMixin, forms.Form):
    van = forms.DateField(label=_("From"), required=False, widget=_date())
    tot = forms.DateField(label=_("Until"), required=False, widget=_date())

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", _("The end date cannot be before the start date."))
        return data
