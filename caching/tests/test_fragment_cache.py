"""The fragment cache: served from the cache, and never stale.

Every path below changes content the way staff do (the ORM with signals,
as the admin does) and checks the very next anonymous request shows it.
"""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError
from django.test import RequestFactory, override_settings

from caching import fragments as content_cache
from caching.models import ContentVersion
from pages.models import ArticlePage, SiteSettings, Topic
from pages.tests.factories import local_line, publish_edit, publish_site_text
from references.models import Reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def iop(demo):
    return ArticlePage.objects.get(slug="what-is-an-iop")


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@override_settings(PAGE_CACHE_TIMEOUT=0)  # the fragments, not the whole page
def test_fragments_are_served_from_the_cache(client, iop):
    first = client.get(iop.url).content
    # A write that bypasses every signal is invisible to the cache...
    ArticlePage.objects.filter(pk=iop.pk).update(summary="Changed behind its back.")
    assert client.get(iop.url).content == first
    # ...until the content version moves.
    ContentVersion.bump()
    assert "Changed behind its back." in client.get(iop.url).content.decode()


def test_publishing_an_edit_shows_at_once(client, iop):
    soup(client, iop.url)
    publish_edit(iop, summary="A new one-sentence summary.")
    assert soup(client, iop.url).select_one(".summary").get_text() == (
        "A new one-sentence summary."
    )


def test_a_draft_is_not_shown_and_preview_is_never_cached(client, iop):
    live_summary = soup(client, iop.url).select_one(".summary").get_text()
    draft = iop.get_latest_revision_as_object()
    draft.summary = "Only in the draft."
    draft.save_revision()
    assert soup(client, iop.url).select_one(".summary").get_text() == live_summary
    preview = draft.make_preview_request()
    assert "Only in the draft." in preview.content.decode()
    assert soup(client, iop.url).select_one(".summary").get_text() == live_summary


def test_settings_change_updates_every_page(client, iop, site):
    for url in ("/", iop.url, "/resources/"):
        soup(client, url)
    settings = SiteSettings.for_site(site)
    settings.phone = "(949) 555-0199"
    settings.save()
    publish_site_text(
        site,
        crisis_lines=[
            ("national", "988"),
            ("national", "911"),
            local_line("County crisis line", "1-800-273-8255"),
        ],
    )
    for url in ("/", iop.url, "/resources/"):
        page = soup(client, url)
        assert page.select_one(".site-footer a[href='tel:+18002738255']")
        assert page.select_one(".site-header a[href='tel:+19495550199']")
        assert page.select_one(".site-footer a[href='tel:+19495550199']")


def test_topic_rename_updates_the_eyebrow_and_the_library(client, iop):
    soup(client, iop.url)
    soup(client, "/resources/")
    topic = Topic.objects.get(pk=iop.topic_id)
    topic.name = "Levels of treatment"
    topic.save()
    assert soup(client, iop.url).select_one(".eyebrow").get_text() == (
        "Levels of treatment"
    )
    assert "Levels of treatment" in soup(client, "/resources/").get_text()


def test_renaming_a_menu_page_updates_the_menu_everywhere(client, iop):
    menu_page = iop.get_parent().specific
    soup(client, "/")
    soup(client, iop.url)
    publish_edit(menu_page, title="Library")
    for url in ("/", iop.url):
        labels = [a.get_text() for a in soup(client, url).select(".main-nav a")]
        assert "Library" in labels


def test_moving_a_linked_page_updates_links_to_it(client, iop):
    target = iop.closing_link_page.specific
    old_url = target.url
    soup(client, iop.url)
    publish_edit(target, slug="iop")
    links = {a["href"] for a in soup(client, iop.url).select(".cta--closing a.button")}
    assert links == {"/levels-of-care/iop/", "/enquire/"}
    assert old_url == "/levels-of-care/intensive-outpatient-program/"


def test_image_description_change_updates_the_hero_alt_text(client, iop):
    assert not iop.hero_alt_text  # the demo uses the image's own description
    soup(client, iop.url)
    image = iop.hero_image
    image.description = "Six chairs in a circle in a bright room."
    image.save()
    hero = soup(client, iop.url).select_one(".article__hero img")
    assert hero["alt"] == "Six chairs in a circle in a bright room."


def test_rendering_does_not_move_the_version(client, iop):
    # The first render creates image renditions; they are not content.
    before = ContentVersion.current()
    soup(client, iop.url)
    soup(client, "/")
    assert ContentVersion.current() == before


def test_bump_counts_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    before = ContentVersion.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ContentVersion.bump()
        assert ContentVersion.current() == before + 1
    assert len(callbacks) == 1
    assert ContentVersion.current() == before + 2


def test_admin_requests_skip_the_version_and_failures_render_uncached():
    seen = []
    middleware = content_cache.ContentVersionMiddleware(
        lambda request: seen.append(request.content_version)
    )
    factory = RequestFactory()
    middleware(factory.get("/admin/pages/"))
    middleware(factory.post("/resources/"))
    middleware(factory.get("/resources/"))
    with mock.patch.object(ContentVersion, "current", side_effect=DatabaseError):
        middleware(factory.get("/resources/"))
    assert seen == [None, None, ContentVersion.current(), None]
    request = factory.get("/")
    request.content_version = None
    assert content_cache.fragment_key(request, "home", []) is None


def test_code_version_follows_the_templates(tmp_path, monkeypatch):
    template = tmp_path / "templates" / "base.html"
    template.parent.mkdir()
    template.write_text("<p>One</p>")
    monkeypatch.setattr(content_cache, "PROJECT", tmp_path)
    content_cache.code_version.cache_clear()
    try:
        first = content_cache.code_version()
        template.write_text("<p>Two</p>")
        content_cache.code_version.cache_clear()
        assert content_cache.code_version() != first
    finally:
        content_cache.code_version.cache_clear()


def test_editing_a_reference_updates_every_page_that_cites_it(client, iop):
    soup(client, iop.url)
    reference = Reference.objects.get(title__startswith="Clinical Issues")
    reference.title = "Clinical Issues in Intensive Outpatient Treatment (updated)"
    reference.save()
    assert "(updated)" in soup(client, iop.url).select_one(".references").get_text()
