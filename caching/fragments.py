"""A cache for rendered fragments of public pages that is never stale.

Rendering an article's body costs more than everything else on the page
(converting the stream, fetching linked pages and images, rendering each
block). The `{% contentcache %}` tag keeps such fragments in Django's cache
under a key made of:

- the content version (`ContentVersion`), read from the database at the start
  of each request, before any content is read: every save of a page, snippet,
  image, document, site or setting increments it, so a cached fragment can
  only be served while nothing it could show has changed;
- the site, the page and the fragment's own vary-on values;
- the code version: a digest of the project's templates and Python code, so
  a deployment never serves fragments rendered by the previous release.

Previews and requests without a content version (the database failed, or
the request came from outside a normal request cycle) are rendered as usual.
"""

import hashlib
from contextlib import suppress
from functools import cache
from pathlib import Path

import wagtail
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, PageViewRestriction, Site

from caching.models import ContentVersion

PROJECT = Path(settings.BASE_DIR)
CODE_SUFFIXES = {".py", ".html"}


def code_folders():
    """The project's own code: its apps (the folders at its root), the
    settings package and the templates."""
    apps_here = [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).parent == PROJECT
    ]
    return sorted({*apps_here, PROJECT / "manifest_site", PROJECT / "templates"})


@cache
def code_version():
    """A digest of the project's code and templates, and Wagtail's version."""
    digest = hashlib.sha256(wagtail.__version__.encode())
    for folder in code_folders():
        for path in sorted(folder.rglob("*")):
            if path.suffix in CODE_SUFFIXES and "tests" not in path.parts:
                digest.update(str(path.relative_to(PROJECT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_cache():
    return caches[settings.CONTENT_CACHE_ALIAS]


def versioned_key(prefix, version, *parts):
    """A cache key under `prefix` that changes with the content version and
    the code version, so whatever is stored under it is never served once
    the content or the code it came from has changed."""
    parts = (code_version(), version, *parts)
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"{prefix}:{digest}"


def fragment_key(request, name, vary_on):
    """The cache key of fragment `name` for this request, or None if the
    fragment must not be cached for it."""
    version = getattr(request, "content_version", None)
    if version is None or getattr(request, "is_preview", False):
        return None
    site = Site.find_for_request(request)
    site_id = site.pk if site else None
    return versioned_key(f"fragment:{name}", version, site_id, *vary_on)


class ContentVersionMiddleware:
    """Reads the content version once per request, before any view reads
    content, so that a fragment is only stored under the version whose
    content it shows. The admin does not use fragments and skips the query."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = tuple(settings.CONTENT_CACHE_SKIP_PATHS)

    def __call__(self, request):
        request.content_version = None
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(
            self.skip_prefixes
        ):
            # If the database fails, render uncached; the view reports it.
            with suppress(DatabaseError):
                request.content_version = ContentVersion.current()
        return self.get_response(request)


# Wagtail's models that public pages show; with every model of the project's
# own apps (pages, snippets, settings), they are what a fragment depends on.
WAGTAIL_CONTENT_TYPES = (
    Page,
    AbstractImage,
    AbstractDocument,
    Site,
    Locale,
    PageViewRestriction,
    BaseSiteSetting,
    BaseGenericSetting,
)
# Not "admissions": a stored enquiry changes nothing that public pages show
# (its page and settings count as a Page and a BaseSiteSetting above).
PROJECT_APPS = {"pages", "faq", "references"}


def is_content(instance):
    if type(instance).__module__ == "__fake__":
        return False  # a historical model, saved by a data migration
    return not isinstance(instance, ContentVersion) and (
        isinstance(instance, WAGTAIL_CONTENT_TYPES)
        or instance._meta.app_label in PROJECT_APPS
    )
