from django import forms
from django.utils.translation import gettext_lazy as _


class HsdsImportForm(forms.Form):
    package = forms.FileField(
        label=_("HSDS data package"),
        help_text=_(
            "A ZIP with the CSV files of an Open Referral HSDS 3.0 data package and its datapackage.json."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check: show what would change, import nothing"), required=False
    )
