"""Views outside the page tree: branded error pages that render even when
the database is unavailable, robots.txt, and site search."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from pages.context_processors import offline_site_settings
from pages.search import clean_query, search_context
from pages.seo import absolute_url


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


# How long a client should wait before retrying while the database is down.
RETRY_AFTER_SECONDS = 60


def service_unavailable(request):
    """The 503 page while the database cannot be reached (shown by
    manifest_site.middleware.DatabaseUnavailableMiddleware). Rendered without
    a single query: the practice's details as last read, and no cached
    fragments (their keys need the database)."""
    request.content_version = None
    context = {"site_settings": offline_site_settings()}
    response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def robots_txt(request):
    """Everything may be crawled but the admin; the sitemap lists the pages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(request, '/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def search(request):
    """/search/?q=…&page=…: the site's pages and saved questions."""
    # The title, the heading and every result show the query, and a visitor's
    # query must not be kept anywhere: render the whole page each time,
    # neither from nor into the shared fragment cache.
    request.content_version = None
    context = search_context(request, clean_query(request.GET.get("q", "")))
    response = render(request, "pages/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    # Nor in the browser's cache or a proxy's: the address holds the query.
    patch_cache_control(response, private=True, no_store=True)
    return response
