"""Two app servers, one database, one Redis: what an editor publishes on one
server shows (purged from the shared page cache) on the other.

Both are gunicorn under production settings on loopback ports, against the
test database in PostgreSQL (in the SQLite run, a file copy of it) and the
machine's Redis, as deployed behind a load balancer."""

import secrets

import pytest
import redis
import requests
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from conftest import DEMO_PASSWORD
from operations.production_server import gunicorn, manage, production_environment
from operations.tests.servers import (
    Editor,
    database_url_for_servers,
    set_production_password,
)
from pages.models import StandardPage

pytestmark = [
    pytest.mark.slow,  # starts gunicorn (and a TCP proxy)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shared_environment(tmp_path, demo_site):
    env = production_environment(
        tmp_path,
        keep_database=True,
        DATABASE_URL=database_url_for_servers(tmp_path),
        CACHE_KEY_PREFIX=f"two-servers-{secrets.token_hex(6)}",
        # One media store for both, as in production (S3): the demo's
        # images, which the test process saved, and the renditions made.
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SECURE_SSL_REDIRECT="false",
        # As behind the load balancer, which terminates TLS.
        SECURE_PROXY_SSL_HEADER="true",
    )
    result = manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    set_production_password(env, "marketing", DEMO_PASSWORD)
    yield env
    shared = redis.Redis.from_url(env["REDIS_URL"])
    for key in shared.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
        shared.delete(key)


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
