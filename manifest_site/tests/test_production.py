"""Production settings: refuse to start half-configured, pass `check --deploy`,
and serve the site through gunicorn with its headers and hashed, compressed
static files."""

import re
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from operations.production_server import (
    PROJECT,
    gunicorn,
    manage,
    prepare_site,
    production_environment,
)

pytestmark = pytest.mark.slow  # starts gunicorn and manage.py under production settings

MEGABYTE = 1024 * 1024


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


def without_client_address(tmp_path):
    return production_env(
        tmp_path, **{"RATELIMIT_IP_META_KEY": None, "NO_PROXY_IN_FRONT": None}
    )


@pytest.mark.parametrize(
    "client_address",
    [
        pytest.param({"RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP"}, id="proxy-header"),
        pytest.param({"NO_PROXY_IN_FRONT": "1"}, id="no-proxy"),
    ],
)
def test_production_starts_only_told_where_client_addresses_come_from(
    tmp_path, client_address
):
    # Otherwise the rate limit and the lockout could count every visitor
    # behind a proxy as one client: the proxy.
    env = without_client_address(tmp_path)
    for unsaid in ({}, {"NO_PROXY_IN_FRONT": "0"}):
        refused = manage({**env, **unsaid}, "check")
        assert refused.returncode != 0
        assert "ImproperlyConfigured" in refused.stderr
        assert "Say where a client's address comes from" in refused.stderr
    started = manage(
        {**env, **client_address}, "check", "--deploy", "--fail-level", "WARNING"
    )
    assert started.returncode == 0, started.stdout + started.stderr


def test_a_proxy_header_without_a_proxy_is_refused(tmp_path):
    env = {
        **without_client_address(tmp_path),
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        "NO_PROXY_IN_FRONT": "1",
    }
    result = manage(env, "check")
    assert result.returncode != 0
    assert "contradict each other" in result.stderr


def test_the_proxy_example_limits_requests_as_django_does():
    """The README's nginx example refuses no request that Django would
    accept: forms up to DATA_UPLOAD_MAX_MEMORY_SIZE everywhere, and under
    /admin/ the largest upload with that much form beside it."""
    readme = (PROJECT / "README.md").read_text()
    example = re.search(r"```nginx\n(.*?)```", readme, re.DOTALL).group(1)
    server_limit, admin_limit = (
        int(re.search(pattern, text).group(1)) * MEGABYTE
        for pattern, text in (
            # The server's own, before any location...
            (r"client_max_body_size (\d+)m;", example.split("location")[0]),
            # ...and the admin's.
            (r"location /admin/ \{[^}]*client_max_body_size (\d+)m;", example),
        )
    )
    assert server_limit == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    largest_upload = max(
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    )
    assert admin_limit == largest_upload + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


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
    assert headers["Referrer-Policy"] == "same-origin"
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
