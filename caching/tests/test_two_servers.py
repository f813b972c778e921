"""Two app servers, one database, one Redis: what an editor publishes on one
server shows (purged from the shared page cache) on the other.

Both are gunicorn under production settings on loopback ports, against the
test database in PostgreSQL (in the SQLite run, a file copy of it) and the
machine's Redis, as deployed behind a load balancer."""

import secrets
import sqlite3

import pytest
import redis
import requests
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from conftest import DEMO_PASSWORD
from operations.production_server import gunicorn, manage, production_environment
from pages.models import StandardPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def shared_environment(tmp_path, demo_site):
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        database_url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        # SQLite's test database lives in this process's memory: the servers
        # share a file copy of it instead (the SQLite run of CI).
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        database_url = f"sqlite:///{path}"
    env = production_environment(
        tmp_path,
        keep_database=True,
        DATABASE_URL=database_url,
        CACHE_KEY_PREFIX=f"two-servers-{secrets.token_hex(6)}",
        SECURE_SSL_REDIRECT="false",
        # As behind the load balancer, which terminates TLS.
        SECURE_PROXY_SSL_HEADER="true",
    )
    result = manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    # The tests hash passwords with MD5 for speed; production cannot read
    # that, so the editor's password is set under production settings.
    result = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "user = User.objects.get(username='marketing'); "
        f"user.set_password({DEMO_PASSWORD!r}); user.save()",
    )
    assert result.returncode == 0, result.stderr
    yield env
    shared = redis.Redis.from_url(env["REDIS_URL"])
    for key in shared.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
        shared.delete(key)


class Editor:
    """A browser-like session on one server, behind a TLS-terminating proxy
    (so the secure cookies and the CSRF origin check apply as deployed)."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def headers(self):
        host = self.base.removeprefix("http://")
        return {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/admin/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }

    def request(self, method, path, **kwargs):
        response = requests.request(
            method,
            self.base + path,
            headers=self.headers(),
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def csrf(self, path):
        soup = BeautifulSoup(self.request("GET", path).text, "html.parser")
        return soup.select_one("input[name=csrfmiddlewaretoken]")["value"]

    def log_in(self, username, password):
        token = self.csrf("/admin/login/")
        response = self.request(
            "POST",
            "/admin/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
            },
        )
        assert response.status_code == 302, response.text[:500]


def visit(base, path):
    response = requests.get(base + path, timeout=30)
    return response, BeautifulSoup(response.text, "html.parser")


def test_a_change_published_on_one_server_shows_on_the_other(shared_environment):
    about = StandardPage.objects.get(slug="about")
    with (
        gunicorn(shared_environment, workers=1) as first,
        gunicorn(shared_environment, workers=1) as second,
    ):
        # The second server has the page (and the home page) in the cache.
        for path in ("/about/", "/"):
            visit(second, path)
            response, _ = visit(second, path)
            assert response.headers["X-Page-Cache"] == "hit", path

        editor = Editor(first)
        editor.log_in("marketing", DEMO_PASSWORD)
        token = editor.csrf(f"/admin/pages/{about.pk}/edit/")
        form = nested_form_data(
            {
                "title": "About the practice",
                "slug": "about",
                "summary": "Published on the first server.",
                "show_in_menus": "on",
                "body": streamfield(
                    [("paragraph", rich_text("<p>One team for both.</p>"))]
                ),
            }
        )
        response = editor.request(
            "POST",
            f"/admin/pages/{about.pk}/edit/",
            data={**form, "csrfmiddlewaretoken": token, "action-publish": "publish"},
        )
        assert response.status_code == 302, response.text[:2000]

        response, soup = visit(second, "/about/")
        assert response.headers["X-Page-Cache"] == "miss"
        assert soup.h1.get_text(strip=True) == "About the practice"
        assert "Published on the first server." in soup.get_text()
        # About is in the main menu, so every page of the site was purged.
        response, soup = visit(second, "/")
        assert response.headers["X-Page-Cache"] == "miss"
        menu = soup.select_one("nav[aria-label='Main']").get_text()
        assert "About the practice" in menu
        response, _ = visit(second, "/about/")
        assert response.headers["X-Page-Cache"] == "hit"
