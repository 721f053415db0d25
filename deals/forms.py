"""Forms for deals. They only collect and check input; the services in ``deals.services`` write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from deals.models import Contribution, Deal, DealPartner, KickoffMoment, Level
from reisgids.forms import CleanInputMixin, NeighbourhoodsField
from reisgids.models import Area, Instrument, Organisation, Theme

MULTI_HELP = _("Hold Ctrl (or Cmd on a Mac) to choose more than one.")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DealStartForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Your organisation becomes the trekker of the deal."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = forms.CharField(
        label=_("Shared goal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What do the partners want to achieve together?"),
    )
    idea = forms.CharField(
        label=_("Innovative idea"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How will you reach the goal? It may still be rough."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"), queryset=Area.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    neighbourhoods = NeighbourhoodsField()

    process_agreements = forms.CharField(
        label=_("Process agreements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Taken over from the deal this one follows; change what the partners agreed anew."),
    )
    invite = forms.ModelMultipleChoiceField(
        label=_("Invite the partners again"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are invited to the follow-up deal and answer the invitation themselves."),
    )

    def __init__(self, *args, organisations, previous=None, **kwargs):
        """``previous``: the deal this one follows up (``?vervolg=``), whose goal, agreements and
        partners fill in the form; without it the form has no agreements and partners to invite."""
        if previous is not None:
            kwargs["initial"] = {**follow_up_initial(previous), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["title"].error_messages["required"] = _("Give the deal a title.")
        self.fields["goal"].error_messages["required"] = _("Describe the shared goal.")
        if previous is None:
            del self.fields["process_agreements"]
            del self.fields["invite"]
        else:
            self.fields["invite"].queryset = Organisation.objects.filter(
                deal_partnerships__deal=previous, deal_partnerships__status=DealPartner.Status.ACCEPTED
            ).order_by("name")


def follow_up_initial(previous):
    """What a follow-up of the deal ``previous`` starts from: its goal, idea, themes, areas,
    neighbourhoods, process agreements, and its partners (to invite)."""
    return {
        "title": _("Follow-up: %(title)s") % {"title": previous.title},
        "goal": previous.goal,
        "idea": previous.idea,
        "themes": list(previous.themes.all()),
        "areas": list(previous.areas.all()),
        "neighbourhoods": list(previous.neighbourhoods.all()),
        "process_agreements": previous.process_agreements,
        "invite": [
            p.organisation for p in previous.partners.all() if p.status == DealPartner.Status.ACCEPTED
        ],
    }


class DealForm(CleanInputMixin, forms.ModelForm):
    """The content of a deal. ``version`` is the version the form was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Deal
        fields = [
            "title", "goal", "idea", "themes", "areas", "neighbourhoods", "feasibility", "scalability",
            "coordination", "decision_making", "meeting_rhythm", "internal_communication",
            "process_agreements", "schouw_frequency", "schouw_setting", "schouw_peers", "schouw_reporter",
            "start_date", "end_date", "financing", "financing_notes", "instruments", "kickoff_at",
            "kickoff_place", "kickoff_description", "kickoff_moment", "internal_notes",
        ]  # fmt: skip
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "start_date": _date_input(),
            "end_date": _date_input(),
            "kickoff_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "goal",
                    "idea",
                    "feasibility",
                    "scalability",
                    "coordination",
                    "decision_making",
                    "internal_communication",
                    "process_agreements",
                    "schouw_setting",
                    "schouw_peers",
                    "financing_notes",
                    "kickoff_description",
                    "internal_notes",
                )
            },  # fmt: skip
        }
        field_classes = {"neighbourhoods": NeighbourhoodsField}
        help_texts = {
            "instruments": MULTI_HELP,
            "internal_notes": _("Only the partners of the deal see these notes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financing"].choices = Deal.Financing.choices
        self.fields["instruments"].queryset = Instrument.objects.only("id", "name")
        self.fields["kickoff_moment"].queryset = KickoffMoment.objects.all()
        self.fields["kickoff_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["title"].error_messages["required"] = _("Give the deal a title.")
        self.fields["goal"].error_messages["required"] = _("Describe the shared goal.")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def _post_clean(self):
        # The service validates and saves; the instance is not touched here, so a refused save
        # leaves the deal shown as it is stored.
        pass


class ResultForm(CleanInputMixin, forms.Form):
    description = forms.CharField(label=_("Expected result"), widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.CharField(
        label=_("How it is measured or described"),
        max_length=300,
        required=False,
        help_text=_("For example: 40 caregivers reached, or a description of the change."),
    )
    target = forms.CharField(label=_("Target"), max_length=100, required=False)


class RiskForm(CleanInputMixin, forms.Form):
    description = forms.CharField(label=_("Risk"), widget=forms.Textarea(attrs={"rows": 2}))
    likelihood = forms.ChoiceField(label=_("Likelihood"), choices=Level.choices, initial=Level.MEDIUM)
    impact = forms.ChoiceField(label=_("Impact"), choices=Level.choices, initial=Level.MEDIUM)
    mitigation = forms.CharField(
        label=_("Mitigation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)


class MilestoneForm(CleanInputMixin, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Date"), widget=_date_input())


class RowFormSet(forms.BaseFormSet):
    """Rows that are filled in; empty extra rows and rows marked for deletion are left out. Made by
    ``row_formset``: at most ``max_num`` rows, and never more forms built than that, whatever the
    posted TOTAL_FORMS says."""

    default_error_messages = {
        "too_many_forms": _("There is room for at most %(num)d rows here. Remove rows and save again."),
    }

    def rows(self):
        rows = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            rows.append({key: value for key, value in data.items() if key != "DELETE"})
        return rows


def row_formset(form, *, extra, max_num):
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=extra,
        can_delete=True,
        max_num=max_num,
        absolute_max=max_num,
        validate_max=True,
    )


ResultFormSet = row_formset(ResultForm, extra=2, max_num=30)
RiskFormSet = row_formset(RiskForm, extra=1, max_num=30)
MilestoneFormSet = row_formset(MilestoneForm, extra=2, max_num=50)


class InviteForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (DealPartner.Role.PARTNER, DealPartner.Role.PARTNER.label),
            (DealPartner.Role.FACILITATOR, DealPartner.Role.FACILITATOR.label),
        ],
        initial=DealPartner.Role.PARTNER,
    )
    message = forms.CharField(
        label=_("Message to the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].error_messages["required"] = _("Choose an organisation.")


class SuggestForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=_("Why this organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].error_messages["required"] = _("Choose an organisation.")


class JoinForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("What would you bring?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["message"].error_messages["required"] = _(
            "Say briefly what your organisation would bring."
        )


class ResponderForm(CleanInputMixin, forms.Form):
    """A network manager picks the member of an invited organisation who answers its invitation."""

    user = forms.TypedChoiceField(label=_("Member who answers"), coerce=int)

    def __init__(self, *args, members, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {user.pk: user for user in members}
        field = self.fields["user"]
        field.label = _("Member of %(organisation)s who answers") % {"organisation": organisation.name}
        field.choices = [("", _("Choose a member")), *((user.pk, str(user)) for user in members)]
        message = _("Choose a member of %(organisation)s.") % {"organisation": organisation.name}
        field.error_messages["required"] = message
        field.error_messages["invalid_choice"] = message

    def clean_user(self):
        return self.members[self.cleaned_data["user"]]


class ContributionForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of input"), choices=[("", _("Choose a kind of input.")), *Contribution.Kind.choices]
    )
    amount_eur = forms.DecimalField(
        label=_("Amount in euros"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("Only for money. For example: 2500 or 2500,50"),
    )
    hours = forms.IntegerField(
        label=_("Hours"), required=False, min_value=0, help_text=_("Only for people and hours.")
    )
    description = forms.CharField(label=_("What you bring"), widget=forms.Textarea(attrs={"rows": 3}))
    expectations = forms.CharField(
        label=_("What you expect from the other partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The version of the contribution the form was opened with (only when changing one).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = _("Choose a kind of input.")
        self.fields["description"].error_messages["required"] = _("Describe what you bring.")
        self.fields["amount_eur"].error_messages["invalid"] = _(
            "Enter an amount in euros as a number, for example 2500."
        )
        self.fields["amount_eur"].error_messages["min_value"] = _("The amount cannot be negative.")
        self.fields["hours"].error_messages["invalid"] = _("Enter the number of hours as a whole number.")
        self.fields["hours"].error_messages["min_value"] = _("The number of hours cannot be negative.")


class SeekingForm(CleanInputMixin, forms.Form):
    seeking = forms.BooleanField(
        label=_("Publish as a deal in the making that looks for partners"), required=False
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("Kinds of partner wanted"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contribution_kinds = forms.MultipleChoiceField(
        label=_("Kinds of input wanted"),
        choices=Contribution.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("What we are looking for"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TestingForm(CleanInputMixin, forms.Form):
    method = forms.ChoiceField(label=_("How the idea is tested"), choices=Deal.TestMethod.choices)
    findings = forms.CharField(
        label=_("Findings so far"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanningForm(CleanInputMixin, forms.Form):
    findings = forms.CharField(
        label=_("Findings of the test"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the idea was tested."),
    )


class FinishForm(CleanInputMixin, forms.Form):
    follow_up = forms.CharField(
        label=_("Follow-up?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Will the partners continue, scale up, or stop here? And why?"),
    )


class StopForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for stopping"), widget=forms.Textarea(attrs={"rows": 3}))
