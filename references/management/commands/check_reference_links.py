"""Check every reference's URL and report broken and moved links.

Meant for a weekly cron job: it prints one line per problem (nothing else
unless --verbosity 2) and exits with status 1 if any link is broken, so cron
mails the report. Requests run in parallel (bounded by --concurrency), each
with a timeout; HEAD is tried first and GET used when a server refuses HEAD;
redirects are followed and reported with their final address.
"""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

from references.models import Reference

USER_AGENT = "ManifestReferenceChecker/1.0 (+link check of cited sources)"
# Statuses after which a HEAD answer is not trusted and GET is tried instead.
RETRY_WITH_GET = {400, 403, 405, 406, 429, 500, 501, 503}


@dataclass
class LinkResult:
    reference: Reference
    status: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def broken(self):
        return self.status is None or self.status >= 400

    @property
    def moved(self):
        return not self.broken and self.final_url.rstrip("/") != (
            self.reference.url.rstrip("/")
        )


def fetch(url, method, timeout):
    """(status, final URL) of a request; redirects are followed."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
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
        result.error = str(reason) or error.__class__.__name__
    return result


class Command(BaseCommand):
    help = "Check the URL of every reference; report broken and moved links."

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
        for result in broken:
            problem = f"HTTP {result.status}" if result.status else result.error
            self.stdout.write(
                f"BROKEN  {result.reference.url}  ({problem})  "
                f"in reference #{result.reference.pk} “{result.reference.title}”"
            )
        for result in moved:
            self.stdout.write(
                f"MOVED   {result.reference.url}  →  {result.final_url}  "
                f"in reference #{result.reference.pk} “{result.reference.title}”"
            )
        if options["verbosity"] >= 2:
            for result in results:
                if not (result.broken or result.moved):
                    self.stdout.write(f"OK      {result.reference.url}")
        self.stdout.write(
            f"Checked {len(results)} links: {len(broken)} broken, {len(moved)} moved."
        )
        if broken:
            raise SystemExit(1)
