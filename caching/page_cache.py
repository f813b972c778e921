"""A full-page cache for anonymous visitors, purged exactly.

Serving: `PageCacheMiddleware` answers a GET for a Wagtail page from Django's
cache (Redis in production, so every app server shares it) before sessions,
the database or the page tree are touched. Logged-in staff (a session
cookie), previews and the admin (under /admin/), POSTs, and any response that
sets a cookie, varies on cookies (a CSRF token), is private or no-store (the
enquiry form, search) are never stored. A clinical page is stored no longer
than until its review falls due, so "reviewed" never outlives the review.

Keys: `path generation` counters make purging a path (with every query
string variant, e.g. a library's topic filter and page numbers) one atomic
increment, and a site generation purges everything at once. A request reads
the generations before rendering and stores under the key built from them,
so a page rendered while a purge happened is stored where nobody looks.
The code version (a digest of the templates and code) is part of every key:
a deployment never serves the previous release's pages.

Purging is `caching.purge`.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from caching.fragments import code_version

SITE_GENERATION = "pc:site"
HIT_HEADER = "X-Page-Cache"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def path_generation_key(path):
    return f"pc:path:{path}"


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_TIMEOUT:
        return False
    if request.path.startswith(settings.PAGE_CACHE_SKIP_PATHS):
        return False
    # Staff who signed in, or a visitor with a password-protected page open:
    # they see pages as themselves.
    bypass = settings.PAGE_CACHE_BYPASS_COOKIES
    return not any(name in request.COOKIES for name in bypass)


def response_is_storable(request, response):
    if getattr(request, "page_cache_page", None) is None:
        return False  # only Wagtail pages: their purges are known
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that uses a CSRF token sets its cookie, so it is never stored.
    # "Vary: Cookie" is no reason not to: the session was looked at, but this
    # request had none (see PAGE_CACHE_BYPASS_COOKIES).
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    if "*" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )


class PageCacheMiddleware:
    """Serve anonymous page views from the shared cache; store them on a miss.

    One round trip to the cache per request: the page's entry and the two
    generations come together, and the entry holds the generations it was
    rendered under; an entry from before a purge no longer matches them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        path_key = path_generation_key(request.path)
        key = ":".join(
            (
                "pc:page",
                code_version(),
                request.get_host(),  # validates the host, as Django would
                request.get_full_path(),
            )
        )
        found = cache.get_many([key, SITE_GENERATION, path_key])
        generations = (found.get(SITE_GENERATION, 0), found.get(path_key, 0))
        entry = found.get(key)
        if entry is not None and entry[0] == generations and is_fresh(entry):
            return cached_response(entry)

        response = self.get_response(request)
        if request.method == "GET" and response_is_storable(request, response):
            timeout = settings.PAGE_CACHE_TIMEOUT
            page_timeout = getattr(request.page_cache_page, "page_cache_timeout", None)
            if page_timeout is not None:
                timeout = min(timeout, page_timeout())
            if timeout > 0:
                entry = stored_entry(generations, response, timeout)
                cache.set(key, entry, timeout)
        if hasattr(request, "page_cache_page"):
            response[HIT_HEADER] = "miss"
            if settings.WAGTAILFRONTENDCACHE and response_is_storable(
                request, response
            ):
                # A CDN may keep it too: it is purged with this cache.
                patch_cache_control(
                    response, public=True, s_maxage=settings.PAGE_CACHE_TIMEOUT
                )
        return response


def stored_entry(generations, response, timeout):
    """What the cache keeps of a response: plain data, quick to load. It is
    good until `timeout` seconds from now by the site's clock, whatever the
    cache's own expiry does (a review falls due on the second)."""
    headers = [(name, value) for name, value in response.headers.items()]
    now = timezone.now().timestamp()
    return (
        generations,
        now,
        now + timeout,
        response.status_code,
        headers,
        response.content,
    )


def is_fresh(entry):
    return timezone.now().timestamp() < entry[2]


def cached_response(entry):
    _, stored_at, _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response[HIT_HEADER] = "hit"
    response["Age"] = str(max(0, int(timezone.now().timestamp() - stored_at)))
    return response
