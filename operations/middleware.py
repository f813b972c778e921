"""Project-wide HTTP wiring that settings alone cannot express: the
Content-Security-Policy, the request log, the load balancer's probes and
the page shown while the database is down."""

import functools
import hmac
import ipaddress
import logging
import sys
import time
import uuid
from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path

from operations.views import service_unavailable


def media_origin():
    """The origin that serves uploaded images when they live in object
    storage behind the practice's own media domain (AWS_S3_CUSTOM_DOMAIN),
    e.g. "https://media.example.org"; None when media is served by the site
    itself."""
    domain = getattr(default_storage, "custom_domain", None)
    if not domain:
        return None
    return f"{default_storage.url_protocol}//{urlsplit('//' + domain).netloc}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict site-wide CSP, relaxed only where Wagtail's admin needs it.

    Wagtail 8's admin still renders some inline scripts and style attributes
    (date pickers, inline panels). Editors are authenticated staff on the same
    origin, so the admin may run inline code; public pages may not. Third-party
    origins stay forbidden everywhere.

    Images may also come from the media domain when uploads live in object
    storage (`media_origin`); nothing else may.

    Live preview renders a public page through a dummy request (Wagtail sets
    `request.is_dummy`) and shows it in an admin iframe: that response keeps the
    public page's strict script policy but may be framed by our own origin.
    """

    admin_overrides = {
        "frame-ancestors": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
    }
    preview_overrides = {"frame-ancestors": [SELF]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if origin := media_origin():
            update = parts.update or {}
            parts.update = {**update, "img-src": [*update.get("img-src", []), origin]}
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            overrides = self.admin_overrides
        elif getattr(request, "is_dummy", False):
            overrides = self.preview_overrides
        else:
            return parts
        parts.replace = {**(parts.replace or {}), **overrides}
        return parts


# Operations: the request log, the load balancer's probes, and the page
# visitors get while the database is down. In MIDDLEWARE, RequestLogMiddleware
# comes first, HealthCheckMiddleware second (before anything that redirects
# or validates the host), DatabaseUnavailableMiddleware after whitenoise.

request_log = logging.getLogger("manifest.requests")
logger = logging.getLogger(__name__)


def response_size(response):
    """The body's size in bytes, or "-" for a stream of unknown length."""
    if response.has_header("Content-Length"):
        return response["Content-Length"]
    return "-" if response.streaming else str(len(response.content))


class RequestLogMiddleware:
    """One line per request, at INFO on the "manifest.requests" logger:

        method=GET path=/about/ status=200 bytes=14230 ms=12.5 page_cache=hit

    Visitors' data is protected health information, so the line holds nothing
    that identifies a visitor or what they looked for: the path without its
    query string (a search is a query string), and never the client's
    address, user agent, referrer, cookies, user or submitted form. The path
    is percent-encoded, so a crafted one cannot break the line. `ms` runs
    until the response is ready; a stream (a static file) is sent after.
    First in MIDDLEWARE, so the probes, static files and cached pages are
    counted too; gunicorn's own access log stays off (see the README).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            "method=%s path=%s status=%s bytes=%s ms=%.1f page_cache=%s",
            request.method,
            escape_uri_path(request.path),
            response.status_code,
            response_size(response),
            (time.perf_counter() - started) * 1000,
            response.get("X-Page-Cache", "-"),
        )
        return response


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"readyz:{uuid.uuid4().hex}"  # every server may share the cache
    cache.set(key, "ok", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    if found != "ok":  # a backend that swallows its errors returns None
        raise LookupError("the cache did not return what was stored")


READINESS_CHECKS = {"database": check_database, "cache": check_cache}


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@functools.cache
def readyz_networks(addresses):
    """READYZ_ALLOWED_NETWORKS as networks; ImproperlyConfigured if one is
    not a network ("10.0.0.0/8") or an address ("::1")."""
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in addresses)
    except ValueError as error:
        raise ImproperlyConfigured(f"READYZ_ALLOWED_NETWORKS: {error}") from None


def may_see_readiness(request):
    """Whether /readyz answers this request: it sends READYZ_TOKEN as
    `Authorization: Bearer …`, or it comes straight from an address in
    READYZ_ALLOWED_NETWORKS. Straight: REMOTE_ADDR, the address that
    connected, because monitoring connects to gunicorn directly; a request
    relayed by the proxy in front (it carries the proxy's client-address
    header, RATELIMIT_IP_META_KEY) may come from anywhere, although
    REMOTE_ADDR is then the proxy's own, private address."""
    if settings.READYZ_TOKEN:
        sent = request.headers.get("Authorization", "").encode()
        expected = f"Bearer {settings.READYZ_TOKEN}".encode()
        if hmac.compare_digest(sent, expected):
            return True
    proxy_header = settings.RATELIMIT_IP_META_KEY
    if proxy_header and request.META.get(proxy_header):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    # An IPv4 client of an IPv6 socket is the IPv4 client.
    address = getattr(address, "ipv4_mapped", None) or address
    allowed = readyz_networks(tuple(settings.READYZ_ALLOWED_NETWORKS))
    return any(address in network for network in allowed)


class HealthCheckMiddleware:
    """The load balancer's probes, answered before any other middleware:

    - `/healthz`: the process is up. 200 "ok", touching neither the database
      nor the cache. Anyone may ask.
    - `/readyz`: the database answers `SELECT 1` and the default cache stores,
      returns and deletes a key. 200 `{"database": "ok", "cache": "ok"}`, or
      503 with "unavailable" for what failed; the reason (which may name
      hosts) goes to the log, never into the response. Only for monitoring
      (`may_see_readiness`): anyone else is answered as at any address
      without a page, so that whether the database is down is not public,
      nor that the probe exists.

    Ahead of SecurityMiddleware and of everything that validates the Host
    header, on purpose: a load balancer probes each server over plain HTTP
    with a host of its own (often the server's private address), which would
    otherwise be redirected to HTTPS or refused by ALLOWED_HOSTS. Both answers
    are fixed strings that use neither the host nor the request, so skipping
    those checks for these two paths cannot be abused; every other path is
    validated as before. Neither answer is ever cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        readyz_networks(tuple(settings.READYZ_ALLOWED_NETWORKS))  # or refuse to start

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path_info == "/healthz":
                return no_store(HttpResponse("ok\n", content_type="text/plain"))
            if request.path_info == "/readyz" and may_see_readiness(request):
                return no_store(self.readiness())
        return self.get_response(request)

    def readiness(self):
        results = {}
        for name, check in READINESS_CHECKS.items():
            try:
                check()
            except Exception as error:
                logger.warning(
                    "Not ready: the %s check failed (%s)", name, type(error).__name__
                )
                results[name] = "unavailable"
            else:
                results[name] = "ok"
        # The cache is reported, not required: without it every page is
        # still served, from the database (caching/resilience.py), so a
        # Redis outage must not take every server out of the load balancer.
        ready = results["database"] == "ok"
        return JsonResponse(results, status=200 if ready else 503)


# Errors that mean the database cannot be reached (refused, dropped, timed
# out), as opposed to a mistake in a query (ProgrammingError, IntegrityError).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, visitors get the branded 503
    page (`operations.views.service_unavailable`: the practice's phone and the
    crisis lines, rendered without a query) with Retry-After, instead of an
    error page, and one WARNING line is logged, without the request's data.

    It catches what a view raises (Wagtail's routing, the page, its template)
    in `process_exception`. What a middleware below raises (sessions, say)
    Django has already turned into a 500 on its way up, and logged as an
    error; `got_request_exception` marks the request, and the 500 is swapped
    for the 503.

    Nothing needs restarting when the database returns: Django closes a
    broken connection at the end of the request (and with CONN_HEALTH_CHECKS
    tests a kept one before using it), so the next request connects afresh.
    Placed right after whitenoise (and the page cache), so static files and
    cached pages are still served while the database is down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(
            request, "database_unavailable", None
        ):
            unavailable = self.unavailable(request, request.database_unavailable)
            # The headers of the middleware below (CSP, framing) still apply.
            for header in ("Content-Security-Policy", "X-Frame-Options"):
                if response.has_header(header):
                    unavailable[header] = response[header]
            return unavailable
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error):
        logger.warning("Database unavailable (%s): answered 503", type(error).__name__)
        response = service_unavailable(request)
        # That line is the one: Django would add "Service Unavailable: <path>"
        # (log_response skips a response marked as logged).
        response._has_been_logged = True
        return response


@receiver(got_request_exception)
def note_database_unavailable(sender, request=None, **kwargs):
    # Sent while Django handles the exception, so it is the current one.
    error = sys.exception()
    if request is not None and isinstance(error, DATABASE_UNAVAILABLE):
        request.database_unavailable = error
