"""`make bench`: throughput and latency of the site as production runs it.

Builds the demo site with production settings in a temporary folder (or on
DATABASE_URL's database if set), serves it with gunicorn (2 workers) on
127.0.0.1 twice in the same run: once as deployed, with the full-page cache
in Redis (the cached article), and once with the page cache off, so every
request goes through Wagtail (the uncached pages; rendered fragments stay
cached unless --no-fragment-cache). It warms both, loads each URL with wrk
for a fixed, short time, then loads the cached and the uncached article with
32 connections for 30 s. A tool, not a test: it asserts nothing about speed;
it prints a table, and fails only if a request failed or was not 2xx/3xx.
"""

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from operations.production_server import (
    gunicorn,
    manage,
    prepare_site,
    production_environment,
)

ARTICLE = "/resources/what-is-an-iop/"
# (name, path, served with the page cache?)
TARGETS = [
    ("article, cached", ARTICLE, True),
    ("article", ARTICLE, False),
    ("home", "/", False),
    ("resource index", "/resources/", False),
]
UNCACHED_PATHS = [path for _, path, cached in TARGETS if not cached]
# The load test: many visitors at once (a TV spot), for longer.
SPIKE = {"connections": 32, "duration": 30}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """Requests/second, p50 and p99 latency (ms) and error count from wrk."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0)


class Command(BaseCommand):
    help = "Measure requests/second and latency of key pages under gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument(
            "--no-fragment-cache",
            action="store_true",
            help="render every fragment on every request (CONTENT_CACHE_TIMEOUT=0)",
        )
        parser.add_argument(
            "--count-queries",
            nargs="+",
            metavar="PATH",
            help=argparse.SUPPRESS,  # internal: run in a subprocess
        )

    def handle(self, *args, **options):
        if options["count_queries"]:
            # Internal mode, run in a subprocess with production settings.
            self.stdout.write(json.dumps(self.count_queries(options["count_queries"])))
            return
        if shutil.which("wrk") is None:
            raise CommandError("wrk is needed: apt-get install wrk (make bench does)")
        with tempfile.TemporaryDirectory(prefix="manifest-bench-") as folder:
            self.run(Path(folder), options)

    def count_queries(self, paths):
        client = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        for path in paths:
            client.get(path)  # warm
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts[path] = len(queries) if response.status_code == 200 else None
        return counts

    def run(self, folder, options):
        # Plain HTTP on loopback: no proxy and no TLS in front.
        env = production_environment(
            folder, keep_database=True, SECURE_SSL_REDIRECT="false"
        )
        if options["no_fragment_cache"]:
            env["CONTENT_CACHE_TIMEOUT"] = "0"
        uncached_env = {**env, "PAGE_CACHE_TIMEOUT": "0"}
        self.stdout.write("Preparing the demo site with production settings...")
        prepare_site(env)
        manifest = json.loads((folder / "static" / "staticfiles.json").read_text())
        static = "/static/" + manifest["paths"]["css/site.css"]
        targets = [*TARGETS, ("static file", static, True)]

        rows = []
        with (
            gunicorn(env, workers=options["workers"]) as cached_base,
            gunicorn(uncached_env, workers=options["workers"]) as uncached_base,
        ):
            bases = {True: cached_base, False: uncached_base}
            for _, path, cached in targets:
                for _ in range(20):
                    url = bases[cached] + path
                    with urllib.request.urlopen(url, timeout=30) as response:
                        response.read()
            load = {
                "threads": options["threads"],
                "connections": options["connections"],
                "duration": options["duration"],
            }
            for name, path, cached in targets:
                rows.append((name, path, *self.wrk(bases[cached] + path, **load)))
            for name, path, cached in TARGETS[:2]:
                spike = {**load, **SPIKE}
                label = f"{name}, {SPIKE['connections']} conn."
                rows.append((label, path, *self.wrk(bases[cached] + path, **spike)))

        counted = manage(uncached_env, "bench", "--count-queries", *UNCACHED_PATHS)
        if counted.returncode != 0:
            raise CommandError(counted.stderr)
        queries = json.loads(counted.stdout.strip().splitlines()[-1])
        self.report(rows, queries, options)

    def wrk(self, url, threads, connections, duration):
        self.stdout.write(f"Loading {url} with {connections} connections, {duration} s")
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        )
        return parse_wrk(result.stdout)

    def report(self, rows, queries, options):
        static_rps = next(row[2] for row in rows if row[0] == "static file")
        self.stdout.write("")
        self.stdout.write(
            f"gunicorn {options['workers']} workers; wrk {options['threads']} threads, "
            f"{options['connections']} connections, {options['duration']} s per URL "
            f"(and {SPIKE['connections']} connections for {SPIKE['duration']} s); "
            f"fragment cache {'off' if options['no_fragment_cache'] else 'on'}"
        )
        header = (
            f"{'page':<28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}"
            f"{'% static':>10}{'queries':>9}{'errors':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, path, rps, p50, p99, errors in rows:
            share = 100 * rps / static_rps if static_rps else 0
            # A page served from the page cache makes no query at all.
            count = queries.get(path, "") if "cached" not in name else 0
            if name == "static file":
                count = ""
            self.stdout.write(
                f"{name:<28}{rps:>10.1f}{p50:>10.2f}{p99:>10.2f}"
                f"{share:>9.1f}%{'' if count is None else count!s:>9}{errors:>8}"
            )
        if any(row[-1] for row in rows):
            raise CommandError("Some requests failed; see the errors column.")
