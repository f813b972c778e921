"""/search/: the site's pages and saved questions, for a visitor's query."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control

from search.results import clean_query, search_context


def search(request):
    """/search/?q=…&page=…: the site's pages and saved questions."""
    # The title, the heading and every result show the query, and a visitor's
    # query must not be kept anywhere: render the whole page each time,
    # neither from nor into the shared fragment cache.
    request.content_version = None
    context = search_context(request, clean_query(request.GET.get("q", "")))
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    # Nor in the browser's cache or a proxy's: the address holds the query.
    patch_cache_control(response, private=True, no_store=True)
    return response
