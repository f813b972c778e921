"""Template context shared by every page, error pages included:
`site_settings` (the practice details) and `site_text` (the approved crisis
lines and notices), each looked up only when a template uses it."""

import logging
from contextlib import suppress

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .models import SiteSettings, SiteTextSettings
from .models.site_text import PREVIEW_ATTRIBUTE

logger = logging.getLogger(__name__)


class LastKnown:
    """The values of `fields` of a settings model as last read from the
    database, kept in this process and in the shared cache, so that pages
    rendered while the database is down (the 500 and 503 pages) still give
    the practice's phone and the crisis lines. Written only when they
    change. One practice: the last site read stands for all of them."""

    def __init__(self, model, fields, cache_key):
        self.model = model
        self.fields = frozenset(fields)
        self.cache_key = cache_key
        self.values = None

    def remember(self, instance):
        values = {}
        for name in self.fields:
            field = self.model._meta.get_field(name)
            values[name] = field.get_prep_value(field.value_from_object(instance))
        if values != self.values:
            self.values = values
            with suppress(Exception):  # a cache outage must not break the page
                cache.set(self.cache_key, values, None)

    def recall(self):
        """An unsaved instance with the values as last read by this process
        or (through the cache) another one; else the model's defaults (the
        national crisis lines). Never queries the database."""
        values = self.values
        if values is None:
            with suppress(Exception):
                values = cache.get(self.cache_key)
        values = values or {}
        return self.model(
            **{name: value for name, value in values.items() if name in self.fields}
        )


# The practice's details a page can show without the database: the name,
# phone and address, not the linked pages (a link to a page needs the
# database to find its URL).
SITE_SETTINGS = LastKnown(
    SiteSettings,
    (
        field.name
        for field in SiteSettings._meta.concrete_fields
        if not field.is_relation and not field.primary_key
    ),
    "site-settings:last-known",
)
SITE_TEXT = LastKnown(
    SiteTextSettings, SiteTextSettings.clinical_fields, "site-text:last-known"
)


def offline_site_settings():
    return SITE_SETTINGS.recall()


def offline_site_text():
    return SITE_TEXT.recall()


def live_site_text(request):
    """The site's crisis lines and notices as approved: read with its
    practice details, in their one query (`SiteSettings.base_queryset`)."""
    site = SiteSettings.for_request(request).site
    try:
        return site.sitetextsettings
    except SiteTextSettings.DoesNotExist:
        return SiteTextSettings.for_site(site)


def _settings_for(request, last_known, read):
    model = last_known.model
    try:
        settings = read(request)
    except (model.DoesNotExist, SiteSettings.DoesNotExist):
        # No Wagtail site matches the request's host and none is the default.
        return model()
    except DatabaseError:
        # Error pages must still say where to turn.
        logger.warning(
            "Rendering without %s: the database failed", model._meta.verbose_name
        )
        return last_known.recall()
    last_known.remember(settings)
    return settings


def _site_text_for(request):
    # A preview of crisis lines and notices shows its draft.
    if getattr(request, "is_preview", False):
        draft = getattr(request, PREVIEW_ATTRIBUTE, None)
        if draft is not None:
            return draft
    return _settings_for(request, SITE_TEXT, live_site_text)


def site_settings(request):
    """`site_settings`: the practice's details, looked up only when used."""
    read = SiteSettings.for_request
    return {
        "site_settings": SimpleLazyObject(
            lambda: _settings_for(request, SITE_SETTINGS, read)
        )
    }


def site_text(request):
    """`site_text`: the approved crisis lines and notices (SiteTextSettings),
    looked up only when used; in a preview of them, the draft."""
    return {"site_text": SimpleLazyObject(lambda: _site_text_for(request))}
