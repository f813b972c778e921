"""Wagtail's routing, kept for the content version: a page URL seen before
is served without looking up the site or walking the page tree, and any
change that could move, rename, hide or replace the page routes afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from caching.models import ContentVersion
from pages.models import ArticlePage, HomePage, StandardPage
from pages.tests.factories import publish_edit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

ROUTING_TABLES = ('"wagtailcore_site"', '"pages_articlepage"', '"pages_homepage"')


@pytest.fixture
def iop(demo):
    return ArticlePage.objects.get(slug="what-is-an-iop")


def routing_queries(client, url, status=200):
    """The queries of one request that look up the site or a page's own row."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == status
    return [
        query["sql"]
        for query in queries
        if any(table in query["sql"] for table in ROUTING_TABLES)
    ]


def test_a_page_seen_before_is_routed_without_a_query(client, iop):
    assert routing_queries(client, iop.url)  # the first visit routes
    assert routing_queries(client, iop.url) == []
    # Rendering still works from what was kept: the fragments are gone too.
    ContentVersion.bump()
    assert routing_queries(client, iop.url)
    response = client.get(iop.url)
    assert "What Is an IOP" in response.content.decode()


def test_kept_routes_are_only_plain_pages(client, demo):
    # A URL that matches no page is routed every time (made-up URLs must
    # not fill the cache)...
    for _ in range(2):
        assert routing_queries(client, "/no-such-page/", status=404)
    # ...and so is a sub-route of a routable page (the enquiry's thank-you).
    assert client.get("/enquire/thanks/").status_code == 200
    assert routing_queries(client, "/enquire/thanks/")


def test_a_new_slug_moves_the_page_at_once(client, iop):
    old_url = iop.url
    client.get(old_url)
    publish_edit(iop, slug="intensive-outpatient")
    assert client.get(old_url).status_code in (301, 302, 404)
    assert client.get("/resources/intensive-outpatient/").status_code == 200


def test_unpublishing_hides_the_page_at_once(client, iop):
    client.get(iop.url)
    iop.unpublish()
    assert client.get(iop.url).status_code == 404


def test_moving_a_page_changes_its_url_at_once(client, iop, home_page):
    client.get(iop.url)
    holder = home_page.add_child(instance=StandardPage(title="Archive", slug="archive"))
    Page.objects.get(pk=iop.pk).move(holder, pos="last-child")
    assert client.get("/archive/what-is-an-iop/").status_code == 200
    assert client.get("/resources/what-is-an-iop/").status_code != 200


def test_view_restrictions_are_checked_on_every_request(client, iop):
    client.get(iop.url)
    assert routing_queries(client, iop.url) == []
    # Added without any signal, so the content version (and the kept route)
    # stay as they were: Wagtail still reads the restrictions each time.
    PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(
                page=iop,
                restriction_type=PageViewRestriction.PASSWORD,
                password="s3cret",
            )
        ]
    )
    response = client.get(iop.url)
    assert response.status_code == 200
    assert "What Is an IOP" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_each_host_keeps_its_own_route(client, iop, home_page, settings):
    """Two sites with a page at the same path: each host gets its own."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver", "other.example"]
    root = Page.get_first_root_node()
    other_home = root.add_child(
        instance=HomePage(title="Other practice", slug="other-home")
    )
    other_home.add_child(
        instance=StandardPage(title="Other resources", slug="resources")
    )
    Site.objects.create(hostname="other.example", root_page=other_home)
    for _ in range(2):
        ours = client.get("/resources/")
        theirs = client.get("/resources/", HTTP_HOST="other.example")
        assert "Other resources" not in ours.content.decode()
        assert "Other resources" in theirs.content.decode()
