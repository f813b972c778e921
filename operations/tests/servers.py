"""The site as deployed, for tests that run it under gunicorn with
production settings: the database those servers share with the test, a
password they can read, and a staff member's browser-like session."""

import base64
import sqlite3

import requests
from bs4 import BeautifulSoup
from django.db import connection
from django_otp.oath import TOTP

from operations.production_server import manage


def database_url_for_servers(folder):
    """DATABASE_URL of the test database, for servers in other processes:
    PostgreSQL's test database itself; SQLite's, which lives in this
    process's memory, as a file copy in `folder` (the SQLite run of CI)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    path = folder / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


def set_production_password(env, username, password):
    """The tests hash passwords with MD5 for speed; production cannot read
    that, so a password the servers check is set under their settings."""
    result = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"user = User.objects.get(username={username!r}); "
        f"user.set_password({password!r}); user.save()",
    )
    assert result.returncode == 0, result.stderr


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
        # The second factor, as staff enroll on first sign-in: the secret the
        # page shows, typed into an authenticator app, and the app's code.
        enroll = "/admin/second-factor/enroll/"
        page = BeautifulSoup(self.request("GET", enroll).text, "html.parser")
        secret = "".join(page.select_one("[data-accounts-secret]").get_text().split())
        code = TOTP(base64.b32decode(secret)).token()
        response = self.request(
            "POST",
            enroll,
            data={
                "csrfmiddlewaretoken": page.select_one(
                    "input[name=csrfmiddlewaretoken]"
                )["value"],
                "code": f"{code:06d}",
            },
        )
        assert response.status_code == 302, response.text[:500]
