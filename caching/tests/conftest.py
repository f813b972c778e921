"""Fixtures of the page-cache tests: the machine's real Redis under a
prefix of each test's own, the demo site with pages in the cache, and a
local CDN that records the URLs it is asked to purge."""

import http.server
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django_redis import get_redis_connection

from caching.tests.visits import ARTICLE, REDIS, UNRELATED, state


@pytest.fixture
def redis_cache(settings):
    """The default cache in the machine's Redis, under a prefix of this
    test's own (the two CI runs share one Redis)."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",  # as in production
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    cache = caches["default"]
    try:
        cache.get("ping")
    except Exception as error:  # noqa: BLE001 (any failure: say why clearly)
        pytest.fail(f"Redis is not reachable at {REDIS}: {error}")
    yield cache
    client = get_redis_connection("default")
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def site_cached(redis_cache, demo, client):
    """The demo site with the article and an unrelated page in the cache."""
    client.get("/")  # the first request creates missing settings rows
    for path in (ARTICLE, UNRELATED, "/resources/", "/team/", "/"):
        client.get(path)
        assert state(client, path) == "hit", path
    return client


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    PurgeRecorder.purged = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", PurgeRecorder.purged
    server.shutdown()


@pytest.fixture
def cdn(purge_server):
    """A CDN that accepts HTTP PURGE (the local recorder), configured as
    FRONTEND_CACHE_PURGE_URL configures it; yields the purged paths."""
    location, purged = purge_server
    with override_settings(
        WAGTAILFRONTENDCACHE={
            "http": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": location,
            }
        }
    ):
        yield purged
