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

Query strings (`caching.cache_keys`): a page is keyed by the parameters its
model declares (`page_cache_query_params`), sorted, and sees only those;
tracking tags and made-up parameters are ignored, so they neither make new
entries nor get past the cache. A page keeps at most MAX_VARIANTS_PER_PAGE
variants. A CDN (WAGTAILFRONTENDCACHE) is told it may keep a page
(`s-maxage`, no longer than here) only at its plain address, the one a
purge names.

Privacy: a page someone may not see is never stored (Wagtail answers with
its password form, which sets a cookie, or a redirect to sign in), and a
change of who may see a page purges its public copy at once
(`caching.receivers`). Purging is `caching.purge`.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from caching.cache_keys import (
    declared_params,
    declared_params_key,
    entry_key,
    kept_query,
    known_query,
    untracked,
)

SITE_GENERATION = "pc:site"
HIT_HEADER = "X-Page-Cache"
# Variants of one page (values of its declared query parameters) kept at
# once, at most: made-up values replace each other instead of filling Redis.
MAX_VARIANTS_PER_PAGE = 64


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

    One round trip to the cache for most requests: the plain entry, the
    page's declared parameters and the two generations come together (a
    variant of a page with declared parameters takes a second). An entry
    holds the generations it was rendered under; an entry from before a
    purge no longer matches them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        host = request.get_host()  # validates the host, as Django would
        path = request.path
        pairs = untracked(request.GET)
        # The address as a CDN keys it, before the page sees fewer parameters.
        plain_address = not request.META.get("QUERY_STRING")
        generations, query, entry = look_up(host, path, pairs)
        if is_current(entry, generations, query):
            response = cached_response(entry)
            let_a_cdn_keep(response, plain_address, entry[3] - entry[2])
            return response

        response = self.get_response(request)
        if not hasattr(request, "page_cache_page"):
            return response
        response[HIT_HEADER] = "miss"
        timeout = storable_for(request, response)
        if timeout > 0:
            if request.method == "GET":
                store(request, response, generations, (host, path, pairs), timeout)
            let_a_cdn_keep(response, plain_address, timeout)
        return response


def look_up(host, path, pairs):
    """(generations, kept query or None if not known yet, entry or None)."""
    cache = page_cache()
    plain_key = entry_key(host, path, "", MAX_VARIANTS_PER_PAGE)
    params_key = declared_params_key(host, path)
    path_key = path_generation_key(path)
    found = cache.get_many([plain_key, params_key, SITE_GENERATION, path_key])
    generations = (found.get(SITE_GENERATION, 0), found.get(path_key, 0))
    query = known_query(pairs, found.get(params_key), generations)
    if not query:
        return generations, query, found.get(plain_key)
    return (
        generations,
        query,
        cache.get(entry_key(host, path, query, MAX_VARIANTS_PER_PAGE)),
    )


def storable_for(request, response):
    """How long `response` may be kept (0: not at all). A clinical page no
    longer than until its review falls due."""
    if not response_is_storable(request, response):
        return 0
    timeout = settings.PAGE_CACHE_TIMEOUT
    page_timeout = getattr(request.page_cache_page, "page_cache_timeout", None)
    if page_timeout is not None:
        timeout = min(timeout, page_timeout())
    return timeout


def store(request, response, generations, address, timeout):
    """Keep `response` under the key of the parameters its page declares,
    and remember them for the address."""
    host, path, pairs = address
    page = request.page_cache_page
    declared = declared_params(page)
    query = kept_query(pairs, declared)
    page_cache().set_many(
        {
            entry_key(host, path, query, MAX_VARIANTS_PER_PAGE): stored_entry(
                generations, query, response, timeout
            ),
            declared_params_key(host, path): (generations, declared),
        },
        timeout,
    )


def let_a_cdn_keep(response, plain_address, lifetime):
    """A CDN may keep a page for as long as the page cache does, but only
    at its plain address: it purges exact URLs, and no purge names a URL
    with a query string (`?utm_source=...`), so such a copy could outlive
    a change, such as the page being made private."""
    if settings.WAGTAILFRONTENDCACHE and plain_address and lifetime > 0:
        patch_cache_control(response, public=True, s_maxage=int(lifetime))


def stored_entry(generations, query, response, timeout):
    """What the cache keeps of a response: plain data, quick to load. It is
    good until `timeout` seconds from now by the site's clock, whatever the
    cache's own expiry does (a review falls due on the second)."""
    headers = [(name, value) for name, value in response.headers.items()]
    now = timezone.now().timestamp()
    return (
        generations,
        query,  # a variant's slot is shared: whose entry is it?
        now,
        now + timeout,
        response.status_code,
        headers,
        response.content,
    )


def is_current(entry, generations, query):
    return (
        entry is not None
        and query is not None
        and entry[:2] == (generations, query)
        and timezone.now().timestamp() < entry[3]
    )


def cached_response(entry):
    _, _, stored_at, _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response[HIT_HEADER] = "hit"
    response["Age"] = str(max(0, int(timezone.now().timestamp() - stored_at)))
    return response
