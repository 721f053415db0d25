"""/zoeken/: one search box for the whole reisgids (thin view: bind the form, call the selector).
The results are the same for every visitor with the same language and query string (every type
shows only what anyone may see), so they come from the fragment cache (``reisgids.caching``)."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode

from reisgids.caching import DIRECTORY, fragment
from sitesearch import selectors
from sitesearch.apps import CACHE_NAMESPACE
from sitesearch.forms import SearchForm


def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")

    def render_results():
        result = selectors.site_search(query, type_key=request.GET.get("type"), page=request.GET.get("page"))
        context = {"result": result, "query_string": urlencode({"q": result.query})}
        return render_to_string("sitesearch/_results.html", context, request)

    namespaces = (CACHE_NAMESPACE, DIRECTORY)  # names of organisations shown with results
    results = (
        fragment(request, "site_search", render_results, namespaces=namespaces) if query.strip() else None
    )
    return render(request, "sitesearch/search.html", {"form": form, "query": query, "results": results})
