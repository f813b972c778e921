"""Check every reference's URL and report broken, moved and refused links.

Meant for a weekly cron job: it prints one line per problem (nothing else
unless --verbosity 2) and exits with status 1 if any link is broken or
refused, so cron mails the report. Requests run in parallel (bounded by
--concurrency), each with a timeout; HEAD is tried first and GET used when a
server refuses HEAD; redirects are followed and reported with their final
address.

Only public addresses are fetched. Staff type these URLs and the checker runs
inside the practice's network, so a URL whose host resolves to a loopback,
private, link-local, reserved, multicast or unspecified address (this
machine, the office network, a cloud metadata service) is reported as
refused and never requested, and so is a redirect that leads to one. The
check is made when connecting, on the very addresses connected to, so a
host cannot resolve to a public address for the check and to a private one
for the request. REFERENCE_LINK_CHECK_ALLOWED_HOSTS names hosts exempt from
it (the tests' local server).
"""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from references.models import Reference

USER_AGENT = "ManifestReferenceChecker/1.0 (+link check of cited sources)"
# Statuses after which a HEAD answer is not trusted and GET is tried instead.
RETRY_WITH_GET = {400, 403, 405, 406, 429, 500, 501, 503}
# What a public address is not.
NOT_PUBLIC = (
    "is_loopback",
    "is_private",
    "is_link_local",
    "is_reserved",
    "is_multicast",
    "is_unspecified",
)


@dataclass
class LinkResult:
    reference: Reference
    status: int | None = None
    final_url: str = ""
    error: str = ""
    refused: str = ""

    @property
    def broken(self):
        return not self.refused and (self.status is None or self.status >= 400)

    @property
    def moved(self):
        return (
            not self.refused
            and not self.broken
            and self.final_url.rstrip("/") != self.reference.url.rstrip("/")
        )


class RefusedAddress(OSError):
    """A host that resolves to an address the checker must not reach."""


def is_public(address):
    # An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address.
    address = getattr(address, "ipv4_mapped", None) or address
    return address.is_global and not any(getattr(address, n) for n in NOT_PUBLIC)


def public_connection(host, port, timeout, source_address=None):
    """A socket connected to `host`, if every address it resolves to is
    public (or the host is in REFERENCE_LINK_CHECK_ALLOWED_HOSTS); else
    RefusedAddress, before any connection is made."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found]
    if host not in settings.REFERENCE_LINK_CHECK_ALLOWED_HOSTS:
        for address in addresses:
            if not is_public(address):
                raise RefusedAddress(
                    f"{host} resolves to {address}, not a public address"
                )
    error = None
    for address in addresses:
        try:
            return socket.create_connection(
                (str(address), port), timeout, source_address
            )
        except OSError as failed:
            error = failed
    raise error


class PublicHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        self.sock = public_connection(
            self.host, self.port, self.timeout, self.source_address
        )


class PublicHTTPSConnection(http.client.HTTPSConnection, PublicHTTPConnection):
    """TLS over PublicHTTPConnection's socket: HTTPSConnection.connect wraps
    the socket that the next class's connect() opens."""


class PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(PublicHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(PublicHTTPSConnection, req)


def public_opener():
    """urllib's opener for http(s) alone, connecting only to public
    addresses; every redirect goes through it again. No proxy from the
    environment (it would fetch whatever it is asked), and no FTP or file
    handler for a redirect to reach."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        PublicHTTPHandler(),
        PublicHTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


OPENER = public_opener()


def fetch(url, method, timeout):
    """(status, final URL) of a request; redirects are followed."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.url
    except urllib.error.HTTPError as error:
        return error.code, error.url


def check(reference, timeout):
    result = LinkResult(reference)
    try:
        status, final_url = fetch(reference.url, "HEAD", timeout)
        if status in RETRY_WITH_GET:
            status, final_url = fetch(reference.url, "GET", timeout)
        result.status, result.final_url = status, final_url
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, RefusedAddress):
            result.refused = str(reason)
        else:
            result.error = str(reason) or error.__class__.__name__
    return result


class Command(BaseCommand):
    help = (
        "Check the URL of every reference; report broken and moved links, and "
        "those refused because they lead to a private address."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--timeout", type=float, default=10.0, help="seconds")

    def handle(self, *args, concurrency, timeout, **options):
        if concurrency < 1:
            raise CommandError("--concurrency must be at least 1")
        references = list(Reference.objects.exclude(url="").order_by("pk"))
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(lambda ref: check(ref, timeout), references))
        broken = [result for result in results if result.broken]
        moved = [result for result in results if result.moved]
        refused = [result for result in results if result.refused]
        for result in broken:
            problem = f"HTTP {result.status}" if result.status else result.error
            self.stdout.write(
                f"BROKEN  {result.reference.url}  ({problem})  "
                f"in reference #{result.reference.pk} “{result.reference.title}”"
            )
        for result in refused:
            self.stdout.write(
                f"REFUSED {result.reference.url}  ({result.refused})  "
                f"in reference #{result.reference.pk} “{result.reference.title}”"
            )
        for result in moved:
            self.stdout.write(
                f"MOVED   {result.reference.url}  →  {result.final_url}  "
                f"in reference #{result.reference.pk} “{result.reference.title}”"
            )
        if options["verbosity"] >= 2:
            for result in results:
                if not (result.broken or result.moved or result.refused):
                    self.stdout.write(f"OK      {result.reference.url}")
        self.stdout.write(
            f"Checked {len(results)} links: {len(broken)} broken, "
            f"{len(moved)} moved, {len(refused)} refused."
        )
        if broken or refused:
            raise SystemExit(1)
