"""The page visitors get while the database is down."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control

from pages.context_processors import offline_site_settings, offline_site_text

# How long a client should wait before retrying while the database is down.
RETRY_AFTER_SECONDS = 60


def service_unavailable(request):
    """The 503 page while the database cannot be reached (shown by
    operations.middleware.DatabaseUnavailableMiddleware). Rendered without
    a single query: the practice's details and the crisis lines as last
    read, and no cached fragments (their keys need the database)."""
    request.content_version = None
    context = {
        "site_settings": offline_site_settings(),
        "site_text": offline_site_text(),
    }
    response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
