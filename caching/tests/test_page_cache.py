"""The anonymous full-page cache against a real Redis: what is stored, and
that every kind of change purges exactly the pages that show it."""

import datetime

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import timezone
from django_redis import get_redis_connection
from wagtail.models import Page

from caching.tests.visits import ARTICLE, UNRELATED, assert_purged, state, text
from faq.models import FAQ
from pages.models import (
    ArticlePage,
    Clinician,
    ProgramPage,
    SiteSettings,
    SiteTextSettings,
    StandardPage,
    Topic,
)
from pages.tests.factories import local_line, publish_edit, publish_site_text
from references.models import Reference
from review.recording import record_approval


def test_anonymous_views_are_stored_and_served(site_cached):
    client = site_cached
    response = client.get(ARTICLE)
    assert response["X-Page-Cache"] == "hit"
    assert int(response["Age"]) >= 0
    assert not response.cookies
    # Query strings are pages of their own.
    client.get("/resources/?topic=level-of-care")
    assert state(client, "/resources/?topic=level-of-care") == "hit"


def test_staff_forms_and_searches_are_never_stored(site_cached, django_user_model):
    client = site_cached
    # The inquiry form holds a CSRF token; search results hold the query.
    for path in ("/enquire/", "/search/?q=iop"):
        client.get(path)
        assert client.get(path).get("X-Page-Cache") in (None, "miss"), path
        assert "no-store" in client.get(path)["Cache-Control"], path
    client.post(ARTICLE, {})
    user = django_user_model.objects.create_user("editor", password="x")
    client.force_login(user)
    assert "X-Page-Cache" not in client.get(ARTICLE)  # never looked up
    client.logout()


def test_publishing_purges_the_page_and_its_listing_only(site_cached):
    client = site_cached
    article = ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/")
    publish_edit(article, summary="A freshly published summary.")
    assert "A freshly published summary." in text(client, ARTICLE)
    assert_purged(client, "/resources/")
    assert state(client, UNRELATED) == "hit"
    assert state(client, "/team/") == "hit"

    article.unpublish()
    assert client.get(ARTICLE).status_code == 404


def test_a_page_with_a_non_ascii_address_is_purged_too(site_cached):
    # An article (in no menu, so its purge is its own path, not the site's).
    client = site_cached
    article = ArticlePage.objects.get(slug="php-vs-iop")
    article.slug = "php-o-iop-cuál"
    article.save_revision().publish()
    address = "/resources/php-o-iop-cuál/"
    assert client.get(address).status_code == 200
    assert state(client, address) == "hit"
    publish_edit(ArticlePage.objects.get(pk=article.pk), summary="Cuál le conviene.")
    assert "Cuál le conviene." in text(client, address)


def test_a_review_approval_and_reset_show_at_once(site_cached, django_user_model):
    client = site_cached
    director = django_user_model.objects.create_user("director", password="x")
    director.groups.add(Group.objects.get(name="Medical Director"))
    article = ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/")
    assert "awaiting clinical review" in text(client, ARTICLE)
    record_approval(article.live_revision, director)
    assert "Medically reviewed by" in text(client, ARTICLE)
    assert state(client, UNRELATED) == "hit"

    # A clinical edit puts it back to pending, on the page at once.
    article = ArticlePage.objects.get(pk=article.pk)
    article.summary = "Changed after the review."
    article.save_revision().publish()
    assert "awaiting clinical review" in text(client, ARTICLE)


def test_a_page_is_kept_no_longer_than_its_review(site_cached, django_user_model):
    client = site_cached
    director = django_user_model.objects.create_user("director", password="x")
    director.groups.add(Group.objects.get(name="Medical Director"))
    article = ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/")
    record_approval(article.live_revision, director)
    due = timezone.now() + datetime.timedelta(seconds=90)
    ArticlePage.objects.filter(pk=article.pk).update(review_due_at=due)
    assert ArticlePage.objects.get(pk=article.pk).page_cache_timeout() <= 90
    redis = get_redis_connection("default")
    assert state(client, ARTICLE) == "miss"
    prefix = caches["default"].key_prefix
    (stored,) = redis.scan_iter(f"{prefix}:*pc:page*what-is-an-iop*")
    assert 0 < redis.ttl(stored) <= 90


def test_each_snippet_type_purges_the_pages_that_show_it(
    site_cached, django_user_model
):
    client = site_cached
    program = "/levels-of-care/intensive-outpatient-program/"
    client.get(program)

    # FAQ: shown on the article and on the IOP program page, and the hub.
    faq = FAQ.objects.get(question="How many hours a week is an IOP?")
    faq.answer = "<p>Usually nine or more, over three evenings.</p>"
    faq.save_revision().publish()
    assert "over three evenings" in text(client, ARTICLE)
    assert "over three evenings" in text(client, program)
    assert state(client, UNRELATED) == "hit"

    # Reference: cited by the article (and inside the FAQ's answer).
    for path in (ARTICLE, program):
        client.get(path)
    reference = Reference.objects.get(title__startswith="Clinical Issues")
    reference.title = "Clinical Issues in Intensive Outpatient Treatment (revised)"
    reference.save()
    assert "(revised)" in text(client, ARTICLE)
    assert state(client, UNRELATED) == "hit"

    # Topic: the article's eyebrow and the library's filter.
    client.get("/resources/")
    topic = Topic.objects.get(slug="level-of-care")
    topic.name = "Levels of care"
    topic.save()
    assert "Levels of care" in text(client, ARTICLE)
    assert_purged(client, "/resources/")
    assert state(client, UNRELATED) == "hit"

    # Clinician: the team page, and the pages whose byline names them (a
    # review shows the reviewer as the approval named them, so only the link
    # to their profile there could change).
    director = django_user_model.objects.get(username="medical.director")
    profile = Clinician.objects.get(user=director)
    publish_edit(
        ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/"),
        author=profile,
    )
    for path in (ARTICLE, "/team/"):
        client.get(path)
    profile.name = "Dr Renamed Author"
    profile.save()
    assert "Dr Renamed Author" in text(client, "/team/")
    assert "Dr Renamed Author" in text(client, ARTICLE)
    assert state(client, UNRELATED) == "hit"


def test_settings_changes_reach_every_page(site_cached, site):
    client = site_cached
    settings = SiteSettings.for_site(site)
    settings.phone = "(949) 555-0142"
    settings.save()
    publish_site_text(site, availability_note="Admissions answers until 9 pm.")
    for path in ("/", ARTICLE, UNRELATED, "/team/"):
        page_text = text(client, path)
        assert "(949) 555-0142" in page_text, path
        assert "Admissions answers until 9 pm." in page_text, path


def test_crisis_lines_reach_every_page_when_published_not_drafted(site_cached, site):
    client = site_cached
    warmline = local_line("Orange County warmline", "(949) 555-0177")
    draft = SiteTextSettings.for_site(site)
    draft.crisis_lines = [("national", "988"), ("national", "911"), warmline]
    revision = draft.save_revision()
    for path in ("/", ARTICLE, UNRELATED, "/team/"):
        assert "555-0177" not in text(client, path), path
    revision.publish()
    for path in ("/", ARTICLE, UNRELATED, "/team/"):
        assert "Orange County warmline" in text(client, path), path


def test_a_menu_page_title_reaches_every_page(site_cached):
    client = site_cached
    about = StandardPage.objects.get(slug="about")
    about.title = "Who we are"
    about.save_revision().publish()
    nav = BeautifulSoup(client.get(UNRELATED).content, "html.parser").select_one(
        "nav[aria-label='Main']"
    )
    assert "Who we are" in nav.get_text()


def test_a_linked_page_rename_purges_pages_that_link_to_it(site_cached):
    client = site_cached
    # The article links to the IOP program page in its body.
    program = ProgramPage.objects.get(slug="intensive-outpatient-program")
    publish_edit(program, slug="iop")
    soup = BeautifulSoup(client.get(ARTICLE).content, "html.parser")
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert "/levels-of-care/iop/" in hrefs
    assert "/levels-of-care/intensive-outpatient-program/" not in hrefs


def test_a_new_slug_purges_the_old_address(
    site_cached, django_capture_on_commit_callbacks
):
    client = site_cached
    article = ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/")
    # Wagtail reports a new slug once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(article, slug="intensive-outpatient")
    # Wagtail's automatic redirect, not the page kept under its old address.
    response = client.get(ARTICLE)
    assert response.status_code == 301
    assert response["Location"] == "/resources/intensive-outpatient/"
    assert state(client, UNRELATED) == "hit"


def test_a_move_purges_the_old_addresses_of_the_page_and_below(site_cached):
    client = site_cached
    library = Page.objects.get(url_path__endswith="/resources/")
    about = StandardPage.objects.get(slug="about")
    library.move(about, pos="last-child")
    for old_path in ("/resources/", ARTICLE):
        response = client.get(old_path)
        assert response.status_code == 301, old_path
        assert response["Location"].startswith("/about/resources/"), old_path
    assert state(client, "/about/resources/what-is-an-iop/") == "miss"


def test_a_configured_cdn_is_purged_with_the_page_cache(site_cached, cdn):
    response = site_cached.get(UNRELATED)
    assert "s-maxage" in response["Cache-Control"]
    article = ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/")
    article.save_revision().publish()
    assert ARTICLE in cdn
    assert "/resources/" in cdn  # its listing
    assert UNRELATED not in cdn


def test_a_settings_change_purges_every_page_at_the_cdn(site_cached, cdn, site):
    lines = [("national", "988"), ("national", "911")]
    publish_site_text(
        site, crisis_lines=[*lines, local_line("Warmline", "(800) 555-0142")]
    )
    live_paths = {
        page.relative_url(site)
        for page in Page.objects.live().descendant_of(site.root_page, inclusive=True)
    }
    assert {ARTICLE, UNRELATED, "/resources/", "/team/", "/"} <= live_paths
    assert live_paths <= set(cdn)


def test_a_move_purges_old_and_new_addresses_at_the_cdn(site_cached, cdn):
    library = Page.objects.get(url_path__endswith="/resources/")
    library.move(StandardPage.objects.get(slug="about"), pos="last-child")
    for path in ("/resources/", ARTICLE, "/about/resources/what-is-an-iop/"):
        assert path in cdn, path
    assert UNRELATED not in cdn
