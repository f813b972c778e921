"""A collection's privacy changes (its documents and images become private
or public again), and the pages that show them are purged at once from the
page cache and a CDN, as are the documents' own addresses at the CDN; so is
a document that moves to another collection, and a collection moved under a
private one. Which pages show them comes from Wagtail's reference index."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText

from accounts.tests.sign_in import sign_in
from caching.tests.visits import ARTICLE, UNRELATED, state
from pages.models import ArticlePage, StandardPage
from pages.tests.factories import publish_edit

HANDOUTS = "/about/handouts/"  # a page linking to a document
PASSWORD = "handouts-2026"  # noqa: S105 (a test collection's password)


@pytest.fixture
def staff(django_user_model):
    """A client signed in to the admin as staff who may set privacy."""
    user = django_user_model.objects.create_superuser(
        "collection.editor", "collection.editor@example.com", "x"
    )
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def handouts(site_cached):
    """A "Handouts" collection holding a document, linked from a page's
    text, and an image, the article's hero; both pages in the cache."""
    collection = Collection.get_first_root_node().add_child(name="Handouts")
    document = get_document_model().objects.create(
        title="Intake checklist",
        file=ContentFile(b"Bring your insurance card.", name="intake-checklist.txt"),
        collection=collection,
    )
    image = get_image_model().objects.create(
        title="Group room",
        description="Chairs in a circle in a sunlit room",
        file=get_test_image_file("group-room.png"),
        collection=collection,
    )
    page = StandardPage(
        title="Handouts",
        slug="handouts",
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>Print the <a linktype="document" id="{document.pk}">'
                    "intake checklist</a>.</p>"
                ),
            )
        ],
    )
    StandardPage.objects.get(slug="about").add_child(instance=page)
    page.save_revision().publish()
    publish_edit(
        ArticlePage.objects.get(url_path__endswith="/what-is-an-iop/"),
        hero_image=image,
    )
    client = site_cached
    for path in (HANDOUTS, ARTICLE, UNRELATED):
        client.get(path)
        assert state(client, path) == "hit", path
    return collection, document


def document_path(document):
    return document.url  # /documents/<id>/<file name>, as the CDN keeps it


def set_privacy(staff, collection, restriction_type, **fields):
    """Submit the admin's privacy dialog for `collection`, as staff do."""
    response = staff.post(
        reverse("wagtailadmin_collections:set_privacy", args=[collection.pk]),
        {"restriction_type": restriction_type, **fields},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "set_privacy_done"


def assert_purged_with_the_files(client, cdn, document):
    """The pages showing the collection's document and image are rendered
    afresh, here and at the CDN (with the document itself); others stay."""
    for path in (HANDOUTS, ARTICLE):
        assert state(client, path) == "miss", path
    assert state(client, UNRELATED) == "hit"
    assert {HANDOUTS, ARTICLE, document_path(document)} <= set(cdn)
    assert UNRELATED not in cdn


def recache(client):
    for path in (HANDOUTS, ARTICLE, UNRELATED):
        client.get(path)


@pytest.mark.parametrize(
    "restriction_type",
    [
        CollectionViewRestriction.PASSWORD,
        CollectionViewRestriction.LOGIN,
        CollectionViewRestriction.GROUPS,
    ],
)
def test_making_a_collection_private_purges_the_pages_showing_it(
    cdn, handouts, staff, site_cached, restriction_type
):
    collection, document = handouts
    fields = {
        CollectionViewRestriction.PASSWORD: {"password": PASSWORD},
        CollectionViewRestriction.LOGIN: {},
        CollectionViewRestriction.GROUPS: {
            "groups": [Group.objects.get(name="Admissions").pk]
        },
    }[restriction_type]
    cdn.clear()
    set_privacy(staff, collection, restriction_type, **fields)
    assert_purged_with_the_files(site_cached, cdn, document)
    # The document itself now asks for the password, or a sign-in.
    response = site_cached.get(document_path(document))
    assert response.status_code in (200, 302)
    assert b"Bring your insurance card." not in b"".join(response)


def test_changing_or_removing_a_collections_privacy_purges_them_again(
    cdn, handouts, staff, site_cached
):
    collection, document = handouts
    set_privacy(staff, collection, "password", password=PASSWORD)
    for change in (
        {"restriction_type": "password", "password": "another-2026"},
        {"restriction_type": "login"},
        {"restriction_type": "none"},
    ):
        recache(site_cached)
        cdn.clear()
        set_privacy(staff, collection, **change)
        assert_purged_with_the_files(site_cached, cdn, document)
    assert not CollectionViewRestriction.objects.filter(collection=collection).exists()


def test_changing_only_a_collections_groups_purges_them(cdn, handouts, site_cached):
    collection, document = handouts
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    recache(site_cached)
    cdn.clear()
    # A many-to-many change alone: the restriction itself is not saved.
    restriction.groups.add(Group.objects.get(name="Admissions"))
    assert_purged_with_the_files(site_cached, cdn, document)


def test_a_document_moved_to_a_private_collection_purges_its_pages(
    cdn, handouts, site_cached
):
    _, document = handouts
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    recache(site_cached)
    cdn.clear()
    document.collection = private
    document.save()
    assert state(site_cached, HANDOUTS) == "miss"
    assert state(site_cached, UNRELATED) == "hit"
    assert {HANDOUTS, document_path(document)} <= set(cdn)
    assert site_cached.get(document_path(document)).status_code == 302


def test_a_collection_moved_under_a_private_one_purges_its_pages(
    cdn, handouts, staff, site_cached
):
    collection, document = handouts
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    recache(site_cached)
    cdn.clear()
    response = staff.post(
        reverse("wagtailadmin_collections:edit", args=[collection.pk]),
        {"name": "Handouts", "parent": private.pk},
    )
    assert response.status_code == 302
    assert Collection.objects.get(pk=collection.pk).get_parent() == private
    assert_purged_with_the_files(site_cached, cdn, document)
    assert site_cached.get(document_path(document)).status_code == 302


def test_the_root_collection_made_private_purges_every_page(
    cdn, handouts, staff, site_cached
):
    # Every document and image of the site: no need to look each one up.
    set_privacy(staff, Collection.get_first_root_node(), "login")
    for path in (HANDOUTS, ARTICLE, UNRELATED, "/"):
        assert state(site_cached, path) == "miss", path
    assert {HANDOUTS, ARTICLE, UNRELATED, "/"} <= set(cdn)
