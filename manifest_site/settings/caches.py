"""The shared cache and what lives in it: whole pages, rendered fragments,
routes, purge counters and the inquiry form's rate-limit counts."""

import os

# The cache: Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0) where several
# app servers must share it, as in production; otherwise each process keeps
# its own in local memory. It holds whole anonymous pages
# (caching/page_cache.py), rendered fragments (caching/fragments.py) and the
# inquiry form's rate-limit counts.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis rather than Django's own Redis backend, which
            # builds a new redis-py client (and its table of reply parsers)
            # for every cache call: a fifth of a page-cache hit's time.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # One Redis may serve several sites or environments.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "manifest"),
            "TIMEOUT": 24 * 60 * 60,
            "OPTIONS": {
                # Redis holds caches and counters, not content: while it is
                # unreachable a cache call is a miss (pages come from the
                # database), not an error page (caching/resilience.py).
                # (Not logged each time: the breaker logs the outage once.)
                "IGNORE_EXCEPTIONS": True,
                # A Redis that stops answering costs a fraction of a second,
                # once: then the breaker skips it for a while.
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                "CONNECTION_POOL_CLASS": "caching.resilience.BreakerConnectionPool",
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# After the cache fails, each process serves without it for this long
# before trying it again.
CACHE_RETRY_AFTER_SECONDS = float(os.environ.get("CACHE_RETRY_AFTER_SECONDS", "5"))

# Whole pages for anonymous visitors (caching/page_cache.py), purged exactly
# when what they show changes; PAGE_CACHE_TIMEOUT=0 turns it off.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 60 * 60))
# Search is never stored, and its queries must not even become cache keys.
PAGE_CACHE_SKIP_PATHS = ("/admin/", "/documents/", "/search/")
# A visitor with one of these cookies sees pages as themselves: signed-in
# staff, anyone who opened a password-protected page, and anyone with a
# message waiting.
PAGE_CACHE_BYPASS_COOKIES = ("sessionid", "messages")
# A CDN in front (optional): purged with the page cache through
# wagtail.contrib.frontend_cache. FRONTEND_CACHE_PURGE_URL is a cache that
# accepts HTTP PURGE requests (Varnish, nginx); for Cloudflare set
# CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE_ZONE_ID.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_BEARER_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }
CONTENT_CACHE_ALIAS = "default"
CONTENT_CACHE_TIMEOUT = int(os.environ.get("CONTENT_CACHE_TIMEOUT", 24 * 60 * 60))
# Paths that never show cached fragments and need no content version.
CONTENT_CACHE_SKIP_PATHS = ("/admin/", "/documents/")

# Admissions enquiry form (admissions/ratelimits.py): how many enquiries one
# client may send ("5/h": five an hour; "10/d": ten a day), counted in the
# database from those stored, so mistakes the form points out do not count
# and the limit holds while the cache is down; and how many times it may
# post the form at all, counted by django-ratelimit in the default cache.
ENQUIRY_RATE_LIMIT = os.environ.get("ENQUIRY_RATE_LIMIT", "5/h")
ENQUIRY_ATTEMPT_RATE_LIMIT = os.environ.get("ENQUIRY_ATTEMPT_RATE_LIMIT", "30/h")
# Behind a reverse proxy REMOTE_ADDR is the proxy's address, so every visitor
# would share one count: name the request.META key of the header in which the
# proxy passes the client's address, e.g. HTTP_X_REAL_IP for nginx's
# `proxy_set_header X-Real-IP $remote_addr;`. The proxy must always set (and
# so overwrite) it, or a client could choose its own address.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# Without Redis, django-ratelimit's checks call the local-memory cache "not
# shared" (E003) and not on its list (W001): each process counts attempts on
# its own, so with several workers a client may post up to the attempt limit
# once per worker.
# Fine for development; production requires REDIS_URL, which makes the count
# exact, and there nothing is silenced.
SILENCED_SYSTEM_CHECKS = (
    [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]
)
