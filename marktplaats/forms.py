"""Forms of the marktplaats. They collect and check input; ``marktplaats.services`` writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from deals.models import Deal
from marktplaats.models import DESCRIPTION_MAX, MESSAGE_MAX, Listing
from reisgids.forms import CleanInputMixin, NeighbourhoodsField
from reisgids.models import Area, Organisation, Theme


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListingForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("Request or offer"), choices=Listing.Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("Category"), choices=Listing.Category.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text; web addresses become links. At most 5,000 characters."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"), queryset=Area.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    neighbourhoods = NeighbourhoodsField()
    starts_on = forms.DateField(label=_("Date or first day"), required=False, widget=_date_input())
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=_date_input())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=_date_input(),
        help_text=_("Empty: until the last day, or 90 days from now."),
    )
    vouchers_total = forms.IntegerField(
        label=_("Number of vouchers"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("Only for an offer: how many organisations can claim it. Leave empty for none."),
    )
    deal = forms.ModelChoiceField(
        label=_("Deal in the making"),
        queryset=Deal.objects.none(),
        required=False,
        help_text=_("For a partner for a deal: the deal this is about."),
    )

    def __init__(self, *args, organisations, deals=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if editing:
            del self.fields["organisation"]
            del self.fields["deal"]
        else:
            self.fields["deal"].queryset = deals if deals is not None else Deal.objects.none()
        self.fields["title"].error_messages["required"] = _("Give the listing a title.")
        self.fields["description"].error_messages["required"] = _("Describe what you ask or offer.")
        self.fields["description"].error_messages["max_length"] = _(
            "The description is too long: at most %(limit_value)d characters (now %(show_value)d)."
        )
        self.fields["kind"].error_messages["required"] = _("Choose request or offer.")

    def service_data(self):
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data["vouchers_total"] = data.get("vouchers_total") or 0
        return data


class RespondForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    body = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["body"].error_messages["required"] = _("Write a message.")


class MessageForm(CleanInputMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write a message.")


class FillForm(CleanInputMixin, forms.Form):
    matched_organisation = forms.ModelChoiceField(
        label=_("Matched with"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not through the marketplace / I'd rather not say"),
    )
    invite_to_deal = forms.BooleanField(label=_("Also invite this organisation to the deal"), required=False)

    def __init__(self, *args, organisations, deal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matched_organisation"].queryset = organisations
        if deal is None:
            del self.fields["invite_to_deal"]


class VoucherClaimForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReportForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Tell us what is wrong.")


class HideForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The poster sees this reason."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Give a reason; the poster will see it.")


class FollowForm(CleanInputMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any category"))] + Listing.Category.choices, required=False
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("Any theme")
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=_("Any area")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
