from django import forms
from django.utils.translation import gettext_lazy as _

from reisgids.forms import CleanInputMixin
from reisgids.models import User


class ProfileForm(CleanInputMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    notification_preference = forms.ChoiceField(
        label=_("Email notifications"),
        choices=User.NotificationPreference.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "How you want to hear about join requests, deals and replies. A handrem pulled in a deal "
            "your organisation takes part in is always mailed at once."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of notifications"),
        choices=User.Language.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Your notifications and their emails are written in this language."),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "notification_preference": user.notification_preference,
                "language": user.language,
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_language(self):
        """A form sent without a choice keeps the language the person has."""
        return self.cleaned_data["language"] or self.user.language


class AccountDeleteForm(CleanInputMixin, forms.Form):
    """Deleting needs the password again; people without one (single sign-on) tick a box."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
        error_messages={"required": _("Tick this box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="password_incorrect")
        return password
