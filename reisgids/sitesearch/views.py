"""/zoeken/: one search box for the whole reisgids (thin view: bind the form, call the selector)."""

from django.shortcuts import render
from django.utils.http import urlencode

from reisgids.sitesearch import selectors
from reisgids.sitesearch.forms import SearchForm


def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    result = selectors.site_search(query, type_key=request.GET.get("type"), page=request.GET.get("page"))
    context = {"form": form, "result": result, "query_string": urlencode({"q": result.query})}
    return render(request, "sitesearch/search.html", context)
