"""The database goes away and comes back, under a real gunicorn with
production settings: visitors get the branded 503 page meanwhile, the probes
say so, and the site recovers by itself, without a restart.

Nothing is mocked. On PostgreSQL the site reaches the database through a TCP
proxy that the test cuts (its listening socket and every open connection
closed) and reopens on the same port. On SQLite the database file is moved
away (and a folder put in its place, so it cannot even be created afresh)
and back.
"""

import io
import json
import os
import sqlite3
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from operations.production_server import gunicorn, manage, production_environment
from operations.tests.outages import TcpProxy

pytestmark = [
    pytest.mark.slow,  # starts gunicorn (and a TCP proxy)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy sends
PROBE = {"Host": "10.0.3.7:8000"}  # a load balancer, at the server's address
PHONE = "(949) 735-5705"


class MovedFile:
    """SQLite's equivalent: the database file moved away, with a folder in
    its place so that SQLite cannot open it (nor create an empty one), and
    moved back. Django opens the file afresh for each request here (no kept
    connections: one would hold the moved file open)."""

    def __init__(self, path):
        self.path = path
        self.away = path.with_name(path.name + ".away")

    def stop(self):
        os.replace(self.path, self.away)
        self.path.mkdir()

    def start(self):
        self.path.rmdir()
        os.replace(self.away, self.path)


@pytest.fixture
def outage_site(tmp_path, monkeypatch):
    """The demo site under gunicorn with production settings, on this test's
    database, and what cuts that database off: (base URL, switch)."""
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("load_demo", stdout=io.StringIO())
    # Under production settings, but with the media the demo just stored.
    environment = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    if connection.vendor == "postgresql":
        database = connection.settings_dict
        switch = TcpProxy((database["HOST"] or "127.0.0.1", int(database["PORT"])))
        switch.start()
        # The site's only way to the database is through the proxy.
        environment["DATABASE_URL"] = (
            f"postgres://{quote(database['USER'])}:"
            f"{quote(database['PASSWORD'] or '')}@127.0.0.1:{switch.port}/"
            f"{quote(database['NAME'])}"
        )
    elif connection.vendor == "sqlite":
        # The test database lives in memory: copy it where gunicorn can open it.
        path = tmp_path / "site.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()
        switch = MovedFile(path)
        environment["DATABASE_URL"] = f"sqlite:///{path}"
        environment["DATABASE_CONN_MAX_AGE"] = "0"  # see MovedFile
    else:
        pytest.fail(f"no way to cut off a {connection.vendor} database")
    env = production_environment(
        tmp_path,
        keep_database=True,
        SECURE_PROXY_SSL_HEADER="true",
        **environment,
    )
    collected = manage(env, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr
    try:
        with gunicorn(env, headers=HTTPS) as base:
            yield base, switch
    finally:
        if isinstance(switch, TcpProxy):
            switch.stop()  # no connection left to the test database


def fetch(url, **headers):
    """(status, headers, body), redirects not followed, errors included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(base, path, **headers):
    return fetch(base + path, **HTTPS, **headers)


def test_visitors_get_the_503_page_until_the_database_returns(outage_site):
    base, database = outage_site
    status, _, body = get(base, "/")
    assert status == 200
    assert PHONE in body.decode()
    status, headers, body = fetch(base + "/readyz", **PROBE)
    assert (status, json.loads(body)) == (200, {"database": "ok", "cache": "ok"})

    database.stop()
    # A page nobody has asked for yet, and a visitor with a session cookie:
    # the full-page cache answers neither, so the site itself must.
    for path, cookie in (("/about/", {}), ("/", {"Cookie": "sessionid=x"})):
        status, headers, body = get(base, path, **cookie)
        assert status == 503, (path, body[:2000])
        assert headers["Retry-After"] == "60"
        assert "no-store" in headers["Cache-Control"]
        assert b"Traceback" not in body
        soup = BeautifulSoup(body, "html.parser")
        assert soup.h1.get_text() == "Sorry, our website is not available right now"
        phone = soup.select_one(".error-page a[href='tel:+19497355705']")
        assert phone is not None and phone.get_text() == PHONE
        hrefs = {link["href"] for link in soup.select("a")}
        assert {"tel:988", "sms:988", "tel:911"} <= hrefs
    # The load balancer's view: the process is up, the database is not.
    assert fetch(base + "/healthz", **PROBE)[:1] == (200,)
    status, _, body = fetch(base + "/readyz", **PROBE)
    assert (status, json.loads(body)) == (
        503,
        {"database": "unavailable", "cache": "ok"},
    )

    database.start()
    # The same gunicorn, not restarted: the next requests connect afresh.
    status, _, body = get(base, "/about/", Cookie="sessionid=x")
    assert status == 200
    assert BeautifulSoup(body, "html.parser").h1.get_text() == "About us"
    status, _, body = fetch(base + "/readyz", **PROBE)
    assert (status, json.loads(body)) == (200, {"database": "ok", "cache": "ok"})
