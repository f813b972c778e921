"""Template context shared by every page, error pages included."""

import logging

from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings

logger = logging.getLogger(__name__)


def _settings_for(request):
    try:
        return SiteSettings.for_request(request)
    except SiteSettings.DoesNotExist:
        # No Wagtail site matches the request's host and none is the default.
        return SiteSettings()
    except DatabaseError:
        # Error pages must still say where to turn: the model's defaults are
        # the national crisis lines.
        logger.warning("Rendering without site settings: the database failed")
        return SiteSettings()


def site_settings(request):
    """`site_settings`: the practice's details, looked up only when used."""
    return {"site_settings": SimpleLazyObject(lambda: _settings_for(request))}
