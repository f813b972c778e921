"""Redis goes away and comes back, under a real gunicorn with production
settings: Redis holds caches and counters, not content, so visitors still
get every page (from the database), inquiries are still stored, staff still
sign in, /readyz says the cache is unavailable, and everything recovers
without a restart, with nothing stale served from before the outage.

Nothing is mocked: the site reaches the machine's Redis only through a TCP
proxy that the test cuts off (connections refused), or makes hang
(connections accepted, never answered, as a Redis that froze).
"""

import json
import secrets
import time

import pytest
import redis
import requests
from bs4 import BeautifulSoup
from django.conf import settings

from admissions.tests.conftest import VISITOR_ANSWERS
from conftest import DEMO_PASSWORD
from operations.production_server import gunicorn, manage, production_environment
from operations.tests.outages import TcpProxy
from operations.tests.servers import (
    Editor,
    database_url_for_servers,
    set_production_password,
)

pytestmark = [
    pytest.mark.slow,  # starts gunicorn (and a TCP proxy)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "(949) 735-5705"
ARTICLE = "/resources/what-is-an-iop/"
PROBE = {"Host": "127.0.0.1"}  # the load balancer, from a private address


def serve(tmp_path, retry_after_seconds):
    """The demo site under one gunicorn worker whose only way to Redis is
    the returned proxy; yields (base URL, proxy, environment)."""
    proxy = TcpProxy(("127.0.0.1", 6379))
    proxy.start()
    env = production_environment(
        tmp_path,
        keep_database=True,
        DATABASE_URL=database_url_for_servers(tmp_path),
        REDIS_URL=f"redis://127.0.0.1:{proxy.port}/0",
        CACHE_KEY_PREFIX=f"cache-outage-{secrets.token_hex(6)}",
        CACHE_RETRY_AFTER_SECONDS=str(retry_after_seconds),
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="true",
        # The images the demo just stored.
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    result = manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    set_production_password(env, "marketing", DEMO_PASSWORD)
    try:
        with gunicorn(env, workers=1) as base:
            yield base, proxy, env
    finally:
        proxy.stop()
        shared = redis.Redis()
        for key in shared.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
            shared.delete(key)


@pytest.fixture
def site_behind_proxy(tmp_path, demo_site):
    # The site tries Redis again one second after it failed.
    yield from serve(tmp_path, retry_after_seconds=1)


@pytest.fixture
def site_slow_to_retry(tmp_path, demo_site):
    # Not again within the test: every attempt it makes is counted.
    yield from serve(tmp_path, retry_after_seconds=300)


def visit(base, path):
    response = requests.get(
        base + path, headers={"X-Forwarded-Proto": "https"}, timeout=30
    )
    return response, BeautifulSoup(response.text, "html.parser")


def readiness(base):
    response = requests.get(base + "/readyz", headers=PROBE, timeout=30)
    return response.status_code, json.loads(response.text)


def run_python(env, code):
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def assert_whole_page(response, soup, path):
    assert response.status_code == 200, (path, response.text[:1000])
    assert soup.h1 is not None, path
    phone = soup.select_one("a[href='tel:+19497355705']")
    assert phone is not None and PHONE in phone.get_text(), path
    assert {"tel:988", "tel:911"} <= {a["href"] for a in soup.select("a[href]")}


def send_inquiry(base):
    visitor = Editor(base)
    token = visitor.csrf("/enquire/")
    response = visitor.request(
        "POST",
        "/enquire/",
        data={**VISITOR_ANSWERS, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 303, response.text[:2000]
    thanks = visitor.request("GET", response.headers["Location"])
    assert thanks.status_code == 200


def test_the_site_works_without_redis_and_recovers_without_a_restart(
    site_behind_proxy,
):
    base, cache, env = site_behind_proxy
    for path in ("/", "/about/", ARTICLE):
        visit(base, path)
        response, _ = visit(base, path)
        assert response.headers["X-Page-Cache"] == "hit", path
    assert readiness(base) == (200, {"database": "ok", "cache": "ok"})

    cache.stop()
    for path in ("/", "/about/", ARTICLE, "/enquire/", "/search/?q=iop"):
        response, soup = visit(base, path)
        assert_whole_page(response, soup, path)
        assert response.headers.get("X-Page-Cache") != "hit", path
    # Reported, but the servers stay in the load balancer: they serve.
    assert readiness(base) == (200, {"database": "ok", "cache": "unavailable"})

    # An inquiry is stored (its limit is counted in the database).
    count = "from admissions.models import Enquiry; print(Enquiry.objects.count())"
    before = int(run_python(env, count))
    send_inquiry(base)
    assert int(run_python(env, count)) == before + 1

    # Staff sign in (sessions live in the database) and use the admin.
    editor = Editor(base)
    editor.log_in("marketing", DEMO_PASSWORD)
    assert editor.request("GET", "/admin/").status_code == 200

    # Published meanwhile: its purge could not reach Redis.
    run_python(
        env,
        "from pages.models import StandardPage; "
        "page = StandardPage.objects.get(slug='about'); "
        "page.title = 'About the practice'; page.save_revision().publish()",
    )

    cache.start()
    time.sleep(1.5)  # CACHE_RETRY_AFTER_SECONDS: when the site tries again
    # The page stored before the outage is not served: the site purged
    # everything it had cached once Redis answered again.
    response, soup = visit(base, "/about/")
    assert soup.h1.get_text(strip=True) == "About the practice"
    assert response.headers["X-Page-Cache"] == "miss"
    response, _ = visit(base, "/about/")
    assert response.headers["X-Page-Cache"] == "hit"
    assert readiness(base) == (200, {"database": "ok", "cache": "ok"})


def test_a_redis_that_stops_answering_is_waited_for_once(site_slow_to_retry):
    base, cache, _ = site_slow_to_retry
    visit(base, "/")
    cache.hang()
    tried_before = cache.accepted
    for path in ("/", "/about/", ARTICLE, "/enquire/") * 5:
        response, soup = visit(base, path)
        assert_whole_page(response, soup, path)
    # Twenty requests, each with several cache calls: the first call waits
    # out its time-out, and the process leaves Redis alone after that.
    assert cache.accepted - tried_before <= 2
