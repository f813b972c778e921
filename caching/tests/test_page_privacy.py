"""Who may see a page changes, and the page cache and a CDN forget it at
once: an anonymous visitor never gets the cached public copy of a page that
is now private (Wagtail's password form or its sign-in redirect instead),
nor of the pages below it, and no listing keeps showing it. Each change is
made as staff make it, through the admin's privacy dialog, or through the
model where the admin has no view of its own."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from accounts.tests.sign_in import sign_in
from caching.tests.visits import ARTICLE, UNRELATED, state, text
from pages.models import ArticlePage, StandardPage

SECTION = "/about/family-program/"
BELOW = "/about/family-program/what-to-expect/"
LIBRARY = "/resources/"
FAQ_HUB = "/faq/"
VISITING = "/about/visiting/"  # a page linking to one below SECTION
PASSWORD = "family-2026"  # noqa: S105 (a test page's password)


@pytest.fixture
def staff(django_user_model):
    """A client signed in to the admin as staff who may set privacy."""
    user = django_user_model.objects.create_superuser(
        "privacy.editor", "privacy.editor@example.com", "x"
    )
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def section(site_cached):
    """A section under About with a page below it, both in the cache with
    the pages around them; returns the section's page."""
    about = StandardPage.objects.get(slug="about")
    family = about.add_child(
        instance=StandardPage(title="Family program", slug="family-program")
    )
    family.save_revision().publish()
    below = family.add_child(
        instance=StandardPage(title="What to expect", slug="what-to-expect")
    )
    below.save_revision().publish()
    client = site_cached
    for path in (SECTION, BELOW, "/about/", ARTICLE, UNRELATED, LIBRARY, FAQ_HUB):
        client.get(path)
        assert state(client, path) == "hit", path
    return Page.objects.get(pk=family.pk)


def set_privacy(staff, page, restriction_type, **fields):
    """Submit the admin's privacy dialog for `page`, as staff do."""
    response = staff.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": restriction_type, **fields},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "set_privacy_done"


def assert_private(client, path, restriction_type):
    """What an anonymous visitor gets at a private page: never a cached
    copy; a password form, or a redirect to sign in. Twice: what it gets
    is not stored either."""
    for _ in range(2):
        response = client.get(path)
        assert response.get("X-Page-Cache") != "hit", path
        if restriction_type == PageViewRestriction.PASSWORD:
            assert response.status_code == 200, path
            soup = BeautifulSoup(response.content, "html.parser")
            assert soup.select_one("form input[name=password]") is not None, path
        else:
            assert response.status_code == 302, path
            assert "next=" in response["Location"], path


def groups_fields():
    return {"groups": [Group.objects.get(name="Admissions").pk]}


@pytest.mark.parametrize(
    "restriction_type",
    [
        PageViewRestriction.PASSWORD,
        PageViewRestriction.LOGIN,
        PageViewRestriction.GROUPS,
    ],
)
def test_a_restriction_hides_the_page_and_below_at_once(
    cdn, section, staff, site_cached, restriction_type
):
    client = site_cached
    fields = {
        PageViewRestriction.PASSWORD: {"password": PASSWORD},
        PageViewRestriction.LOGIN: {},
        PageViewRestriction.GROUPS: groups_fields(),
    }[restriction_type]
    cdn.clear()
    set_privacy(staff, section, restriction_type, **fields)
    for path in (SECTION, BELOW):
        assert_private(client, path, restriction_type)
    assert state(client, UNRELATED) == "hit"
    assert state(client, ARTICLE) == "hit"
    # The CDN is asked to forget the same pages, and only those.
    assert {SECTION, BELOW, "/about/"} <= set(cdn)
    assert UNRELATED not in cdn
    assert ARTICLE not in cdn


def test_a_private_article_leaves_the_library_until_public_again(
    cdn, site_cached, staff
):
    client = site_cached
    article = Page.objects.get(url_path__endswith="/what-is-an-iop/")
    client.get(FAQ_HUB)
    hub_links = BeautifulSoup(client.get(FAQ_HUB).content, "html.parser")
    assert hub_links.select(f"a[href^='{ARTICLE}']")
    assert "What Is an IOP" in text(client, LIBRARY)
    cdn.clear()

    set_privacy(staff, article, PageViewRestriction.PASSWORD, password=PASSWORD)
    assert_private(client, ARTICLE, PageViewRestriction.PASSWORD)
    # The listings that showed it forget it, here and at the CDN.
    assert "What Is an IOP" not in text(client, LIBRARY)
    hub_links = BeautifulSoup(client.get(FAQ_HUB).content, "html.parser")
    assert not hub_links.select(f"a[href^='{ARTICLE}']")
    assert {ARTICLE, LIBRARY, FAQ_HUB} <= set(cdn)
    assert state(client, UNRELATED) == "hit"
    for path in (LIBRARY, FAQ_HUB):
        client.get(path)

    # Public again: the page and its listings show it again at once.
    cdn.clear()
    set_privacy(staff, article, "none")
    assert not PageViewRestriction.objects.filter(page=article).exists()
    assert "What Is an IOP" in text(client, ARTICLE)
    assert "What Is an IOP" in text(client, LIBRARY)
    assert {ARTICLE, LIBRARY, FAQ_HUB} <= set(cdn)
    assert state(client, UNRELATED) == "hit"


def stale_restriction(page, restriction_type, password=""):
    """A restriction the cache was not told about (written without model
    signals, as a bulk import would): the section's public copy is still in
    the cache, so the next change must purge it."""
    (restriction,) = PageViewRestriction.objects.bulk_create(
        [
            PageViewRestriction(
                page=page, restriction_type=restriction_type, password=password
            )
        ]
    )
    return restriction


@pytest.mark.parametrize(
    ("change", "then"),
    [
        ({"restriction_type": "password", "password": "new-2026"}, "password"),
        ({"restriction_type": "login"}, "login"),
        ({"restriction_type": "groups"}, "groups"),
    ],
    ids=["new password", "password to signed in", "password to groups"],
)
def test_changing_a_restriction_purges_the_page_and_below(
    cdn, section, staff, site_cached, change, then
):
    client = site_cached
    stale_restriction(section, PageViewRestriction.PASSWORD, password=PASSWORD)
    assert state(client, SECTION) == "hit"  # what the change must not leave
    if then == PageViewRestriction.GROUPS:
        change = {**change, **groups_fields()}
    cdn.clear()
    set_privacy(staff, section, **change)
    for path in (SECTION, BELOW):
        assert_private(client, path, then)
    assert state(client, UNRELATED) == "hit"
    assert {SECTION, BELOW} <= set(cdn)
    assert UNRELATED not in cdn


def test_changing_only_the_groups_purges_the_page_and_below(cdn, section, site_cached):
    client = site_cached
    restriction = stale_restriction(section, PageViewRestriction.GROUPS)
    assert state(client, BELOW) == "hit"
    cdn.clear()
    # The groups alone (a many-to-many change: no save of the restriction).
    restriction.groups.add(Group.objects.get(name="Admissions"))
    for path in (SECTION, BELOW):
        assert_private(client, path, PageViewRestriction.GROUPS)
    assert {SECTION, BELOW} <= set(cdn)

    for path in (UNRELATED, LIBRARY):
        client.get(path)
    cdn.clear()
    restriction.groups.remove(Group.objects.get(name="Admissions"))
    assert {SECTION, BELOW} <= set(cdn)
    assert state(client, UNRELATED) == "hit"

    # From the group's side too: added, then cleared.
    group = Group.objects.get(name="Admissions")
    for change in (
        lambda: group.pageviewrestriction_set.add(restriction),
        group.pageviewrestriction_set.clear,
    ):
        for path in (SECTION, BELOW):
            client.get(path)  # what the change must not leave, were it cached
        cdn.clear()
        change()
        assert {SECTION, BELOW} <= set(cdn)
        assert UNRELATED not in cdn


def test_changing_only_the_groups_updates_the_library_listing(cdn, site_cached):
    client = site_cached
    article = Page.objects.get(url_path__endswith="/what-is-an-iop/")
    restriction = stale_restriction(article, PageViewRestriction.GROUPS)
    # The library's listing, a fragment kept for the content version, still
    # shows the article: nothing told the caches.
    client.get(ARTICLE)
    assert "What Is an IOP" in text(client, LIBRARY)
    restriction.groups.add(Group.objects.get(name="Admissions"))
    assert_private(client, ARTICLE, PageViewRestriction.GROUPS)
    assert "What Is an IOP" not in text(client, LIBRARY)
    assert {ARTICLE, LIBRARY} <= set(cdn)


def test_a_page_moved_under_a_private_section_is_private_at_once(
    cdn, section, staff, site_cached
):
    client = site_cached
    set_privacy(staff, section, PageViewRestriction.LOGIN)
    for path in (LIBRARY, ARTICLE, UNRELATED):
        client.get(path)
    cdn.clear()
    article = ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/")
    article.move(section, pos="last-child")
    moved = SECTION + "what-is-an-iop/"
    assert_private(client, moved, PageViewRestriction.LOGIN)
    # Its old address redirects there; the library it left no longer lists
    # its title and summary (a page now private), here or at the CDN.
    response = client.get(ARTICLE)
    assert response.status_code == 301
    assert response["Location"] == moved
    assert "What Is an IOP" not in text(client, LIBRARY)
    assert {ARTICLE, moved, LIBRARY} <= set(cdn)
    assert state(client, UNRELATED) == "hit"


def test_a_restriction_purges_the_pages_linking_below_it(
    cdn, section, staff, site_cached
):
    client = site_cached
    below = Page.objects.get(url_path__endswith="/what-to-expect/")
    visiting = StandardPage(
        title="Visiting",
        slug="visiting",
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>Read <a linktype="page" id="{below.pk}">what to'
                    " expect</a>.</p>"
                ),
            )
        ],
    )
    StandardPage.objects.get(slug="about").add_child(instance=visiting)
    visiting.save_revision().publish()
    client.get(VISITING)
    assert state(client, VISITING) == "hit"
    cdn.clear()
    # The section above the linked page is made private: the link is to a
    # page an anonymous visitor may no longer see.
    set_privacy(staff, section, PageViewRestriction.LOGIN)
    assert state(client, VISITING) == "miss"
    assert VISITING in cdn
    assert state(client, UNRELATED) == "hit"
