from django import forms
from django.utils.translation import gettext_lazy as _

from reisgids.forms import CleanInputMixin
from sitesearch.query import MAX_QUERY_LENGTH, clean_query


class SearchForm(CleanInputMixin, forms.Form):
    """The search box of /zoeken/. Never invalid: a too long query is cut off, signs are ignored
    (see ``sitesearch.query``)."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )

    def __init__(self, params):
        super().__init__({"q": clean_query(params.get("q", ""))})
