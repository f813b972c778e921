"""Security headers on every response, and a CSP that admits no other origin."""

import pytest
from django.core.management import call_command
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in

PUBLIC_PATHS = ["/", "/about/", "/no-such-page/", "/static/css/site.css"]


def csp(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_response_carries_the_headers(client, demo, path):
    response = client.get(path, secure=True)
    assert response.status_code in (200, 404)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    if path.startswith("/static/"):
        return
    assert response["X-Frame-Options"] == "DENY"
    policy = csp(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # Nothing from anywhere else: every source is a keyword or data: images.
    for directive, sources in policy.items():
        for source in sources:
            assert source.startswith("'") or (
                directive == "img-src" and source == "data:"
            ), (directive, source)


def test_admin_may_run_inline_code_and_frame_its_preview(client, admin_user):
    sign_in(client, admin_user)
    response = client.get("/admin/")
    policy = csp(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def test_live_preview_can_be_framed_by_the_admin(client, admin_user, home_page):
    sign_in(client, admin_user)
    url = f"/admin/pages/{home_page.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": "Home",
            "slug": "home",
            "intro": rich_text("<p>Hi</p>"),
            "body": streamfield([]),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = csp(response)
    assert policy["frame-ancestors"] == ["'self'"]
    # The previewed page is still a public page: no inline script.
    assert policy["script-src"] == ["'self'"]


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")
