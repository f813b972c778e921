"""Template context shared by every page, error pages included."""

import logging
from contextlib import suppress

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings

logger = logging.getLogger(__name__)

# The practice's details that a page can show without the database: the
# name, phone, address and crisis lines, not the linked pages (a link to a
# page needs the database to find its URL).
OFFLINE_FIELDS = frozenset(
    field.attname
    for field in SiteSettings._meta.concrete_fields
    if not field.is_relation and not field.primary_key
)
LAST_KNOWN_KEY = "site-settings:last-known"
_last_known = None


def _remember(settings):
    """Keep the details just read, in this process and in the shared cache,
    so that pages rendered while the database is down can still give the
    practice's phone. Written only when they change. One practice: the last
    site read stands for all of them."""
    global _last_known
    details = {name: getattr(settings, name) for name in OFFLINE_FIELDS}
    if details != _last_known:
        _last_known = details
        with suppress(Exception):  # a cache outage must not break the page
            cache.set(LAST_KNOWN_KEY, details, None)


def offline_site_settings():
    """The practice's details as last read from the database, by this process
    or (through the cache) another one; else the model's defaults, which are
    the national crisis lines. Never queries the database."""
    details = _last_known
    if details is None:
        with suppress(Exception):
            details = cache.get(LAST_KNOWN_KEY)
    details = details or {}
    return SiteSettings(
        **{name: value for name, value in details.items() if name in OFFLINE_FIELDS}
    )


def _settings_for(request):
    try:
        settings = SiteSettings.for_request(request)
    except SiteSettings.DoesNotExist:
        # No Wagtail site matches the request's host and none is the default.
        return SiteSettings()
    except DatabaseError:
        # Error pages must still say where to turn.
        logger.warning("Rendering without site settings: the database failed")
        return offline_site_settings()
    _remember(settings)
    return settings


def site_settings(request):
    """`site_settings`: the practice's details, looked up only when used."""
    return {"site_settings": SimpleLazyObject(lambda: _settings_for(request))}
