"""Forms of the intake. They only collect and check input; ``intake.services`` writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.models import PLAN_ELEMENTS, Influence, Intake
from reisgids import roles
from reisgids.forms import CleanInputMixin
from reisgids.models import Area, ContactPoint, Neighbourhood, Organisation, Theme, User


def _text(label, *, rows=4, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class IdeaForm(CleanInputMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send a link to confirm it; your idea goes to the initiative team after that."),
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself (no organisation)"),
        help_text=_("To ask help on the marktplaats or start a deal later, choose your organisation."),
    )
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    what = _text(_("What is your idea?"), rows=6)
    for_whom = _text(_("For whom?"), rows=3)
    where = forms.CharField(
        label=_("Where?"), max_length=200, required=False, help_text=_("A street, a building or a square.")
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=_("Choose an area")
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        empty_label=_("Choose a neighbourhood"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("Choose a theme")
    )
    needs = _text(
        _("What does your idea need?"), rows=3, help_text=_("Money, space, permission, knowledge, people…")
    )
    brings = _text(
        _("What do you bring?"), rows=3, help_text=_("Time, people, knowledge, a network, own money…")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_authenticated:
            del self.fields["name"], self.fields["email"]
            self.fields["organisation"].queryset = roles.organisations_of(user)
        else:
            del self.fields["organisation"]
        for field, message in (
            ("title", _("Give your idea a title.")),
            ("what", _("Describe your idea.")),
            ("for_whom", _("Say for whom it is.")),
            ("needs", _("Say what your idea needs.")),
            ("brings", _("Say what you bring.")),
            ("name", _("Give your name.")),
            ("email", _("Give your email address, so we can answer you.")),
        ):
            if field in self.fields:
                self.fields[field].error_messages["required"] = message


def officials():
    """The people the team can hand an idea to: the gemeente's officials."""
    return User.objects.filter(is_active=True, groups__name=roles.CIVIL_SERVANTS_GROUP).order_by(
        "first_name", "pk"
    )


class ContactPointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.function} ({obj.organisation.name})"


class HandOverForm(CleanInputMixin, forms.Form):
    contact_point = ContactPointChoiceField(
        label=_("Contact person"),
        queryset=ContactPoint.objects.filter(user__isnull=False)
        .select_related("organisation")
        .order_by("name"),
        empty_label=_("Choose the contact person"),
        error_messages={"required": _("Choose the contact person.")},
    )
    note = _text(_("Note for the contact person"), required=False)


class NotMunicipalForm(CleanInputMixin, forms.Form):
    reasons = _text(_("Reasons"), help_text=_("Why this is not a matter for the municipality."))
    pointers = _text(
        _("Where to go instead"),
        help_text=_("Other organisations, the marktplaats, a fund: with links where you can."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].error_messages["required"] = _("Give the reasons.")
        self.fields["pointers"].error_messages["required"] = _(
            "Point to where the initiative can go instead."
        )


class AssignContactForm(CleanInputMixin, forms.Form):
    route = forms.ChoiceField(
        label=_("Route"),
        choices=Intake.Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose Right to Cooperate or Right to Challenge.")},
    )
    contact_person = UserChoiceField(
        label=_("Contact person (vakambtenaar)"),
        queryset=User.objects.none(),
        empty_label=_("Choose the contact person"),
        error_messages={"required": _("Choose the contact person.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = officials()


class MeetingForm(CleanInputMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Choose a moment in the future."),
            "invalid": _("Enter a date and time."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        initial=60,
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("A meeting lasts between 15 minutes and 8 hours."),
            "min_value": _("A meeting lasts between 15 minutes and 8 hours."),
            "max_value": _("A meeting lasts between 15 minutes and 8 hours."),
        },
    )
    place = forms.CharField(
        label=_("Place"), max_length=200, error_messages={"required": _("Say where you meet.")}
    )
    attendees = UserMultipleChoiceField(
        label=_("Officials invited"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = _text(_("Agenda"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = officials()


class ReasonForm(CleanInputMixin, forms.Form):
    reason = _text(_("Reason"))

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = message or _("Give the reason.")


class AdviceForm(CleanInputMixin, forms.Form):
    recommend = forms.TypedChoiceField(
        label=_("Your advice"),
        choices=[("ja", _("Approve the plan")), ("nee", _("Do not approve the plan"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your advice.")},
    )
    text = _text(_("Explanation"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write the advice.")


class AdviceAnswerForm(CleanInputMixin, forms.Form):
    """The initiators' answer to the advice on the signed status page (an idea sent in without an
    account): agree, or disagree with a reason (then a second opinion)."""

    agree = forms.TypedChoiceField(
        label=_("Do you agree with the advice?"),
        choices=[("ja", _("We agree with the advice")), ("nee", _("We disagree: ask for a second opinion"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you agree with the advice.")},
    )
    reason = _text(
        _("Why you disagree"),
        required=False,
        help_text=_("Only when you disagree: the second-opinion team reads it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agree") is False and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why you disagree."))
        return cleaned


class DecisionForm(CleanInputMixin, forms.Form):
    reasons = _text(_("Reasons for the decision"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].error_messages["required"] = _("Give the reasons for the decision.")


# The aanpakplan: Zutphen's initiatiefplan elements, then the amount (who decides follows it).
PlanForm = type(
    "PlanForm",
    (CleanInputMixin, forms.Form),
    {
        "__module__": __name__,
        **{
            name: _text(label, required=False, help_text=help_text)
            for name, label, help_text in PLAN_ELEMENTS
        },
        "amount_eur": forms.DecimalField(
            label=_("Amount asked of the municipality (euro)"),
            required=False,
            max_digits=12,
            decimal_places=2,
            help_text=_("Who decides follows the amount."),
            error_messages={"invalid": _("Enter an amount in euro, for example 30000.")},
        ),
        "budget_change": forms.BooleanField(
            label=_("The plan needs a change of the municipal budget"), required=False
        ),
    },
)


class GuideForm(CleanInputMixin, forms.Form):
    guide = UserChoiceField(
        label=_("Process guide"),
        queryset=User.objects.none(),
        empty_label=_("Choose the process guide"),
        error_messages={"required": _("Choose a process guide.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide"].queryset = roles.group_members(roles.PROCESS_GUIDES_GROUP)


class InfluenceForm(CleanInputMixin, forms.Form):
    influence = forms.ChoiceField(
        label=_("Level of influence"),
        choices=Influence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a level of influence.")},
    )


class RequestForm(CleanInputMixin, forms.Form):
    proposed_influence = forms.ChoiceField(
        label=_("Level of influence you ask for"),
        choices=Influence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level of influence you ask for.")},
    )
    text = _text(_("What you ask, and why"))

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        if not challenge:
            del self.fields["proposed_influence"]
        self.fields["text"].error_messages["required"] = _("Say what you ask and why.")


class AnswerForm(CleanInputMixin, forms.Form):
    answer = _text(_("Answer"))
    grant = forms.BooleanField(label=_("Grant: change the level of influence as asked"), required=False)

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        if not challenge:
            del self.fields["grant"]
        self.fields["answer"].error_messages["required"] = _("Write the answer.")


class CoInitiatorForm(CleanInputMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Give the name of the person you invite.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We mail them a link to join; they sign in with this address to accept."),
        error_messages={
            "required": _("Give a valid email address."),
            "invalid": _("Give a valid email address."),
        },
    )


class TeamFilterForm(CleanInputMixin, forms.Form):
    status = forms.ChoiceField(label=_("Step"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All steps")), *Intake.Status.choices]
