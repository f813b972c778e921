"""Production settings: refuse to start half-configured, pass `check --deploy`,
and serve the site through gunicorn with its headers and hashed, compressed
static files."""

import re
import urllib.error
import urllib.request

import pytest

from operations.production_server import (
    gunicorn,
    manage,
    prepare_site,
    production_environment,
)


def production_env(tmp_path, **overrides):
    # Behind a TLS-terminating proxy, as deployed: it sets X-Forwarded-Proto.
    return production_environment(tmp_path, SECURE_PROXY_SSL_HEADER="true", **overrides)


def test_check_deploy_has_no_warnings(tmp_path):
    result = manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
)
def test_missing_required_variable_is_named(tmp_path, variable):
    result = manage(production_env(tmp_path, **{variable: None}), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The {variable} environment variable is required" in result.stderr


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, **headers):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    """The site as it runs in production: migrate, collectstatic, gunicorn."""
    env = production_env(tmp_path_factory.mktemp("production"))
    prepare_site(env)
    with gunicorn(env, headers={"X-Forwarded-Proto": "https"}) as base:
        yield base, env


def test_gunicorn_serves_pages_with_security_headers(gunicorn_server):
    base, _ = gunicorn_server
    status, headers, body = fetch(base + "/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert b"(949) 735-5705" in body


def test_plain_http_is_redirected_to_https(gunicorn_server):
    base, _ = gunicorn_server
    status, headers, _ = fetch(base + "/about/")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1:{}/about/".format(
        base.rsplit(":", 1)[1]
    )


def test_static_files_are_hashed_compressed_and_cached_forever(gunicorn_server):
    base, _ = gunicorn_server
    _, _, body = fetch(base + "/", **{"X-Forwarded-Proto": "https"})
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the stylesheet has no hashed name"
    status, headers, _ = fetch(
        base + stylesheet.group(1).decode(),
        **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_production_demo_creates_no_accounts(gunicorn_server):
    _, env = gunicorn_server
    result = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; print(User.objects.count())",
    )
    assert result.stdout.strip().splitlines()[-1] == "0"
