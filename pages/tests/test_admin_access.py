"""Wagtail's admin API and page chooser list every page, image and document:
Admissions, who use the admin for inquiries alone, are refused them;
Marketing and the Medical Director keep them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission

from accounts.tests.sign_in import sign_in
from pages.tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Draft: new evening group"


@pytest.fixture
def content(home_page):
    """An image, a document and a draft page, whose titles must not leak."""
    image = get_image_model().objects.create(
        title="Group room photo", file=get_test_image_file()
    )
    document = get_document_model().objects.create(title="Intake checklist")
    draft = StandardPageFactory(parent=home_page, title=DRAFT_TITLE, live=False)
    return image, document, draft


def admin_urls(home_page, content):
    image, document, draft = content
    return [
        "/admin/api/main/images/",
        f"/admin/api/main/images/{image.pk}/",
        "/admin/api/main/documents/",
        f"/admin/api/main/documents/{document.pk}/",
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/{draft.pk}/",
        "/admin/choose-page/",
        f"/admin/choose-page/{home_page.pk}/",
        "/admin/choose-page/search/?q=evening",
        f"/admin/choose-page/chosen-multiple/?id={draft.pk}",
    ]


@pytest.fixture
def staff(client, django_user_model):
    def signed_in(group):
        user = django_user_model.objects.create_user(
            username=group.lower().replace(" ", "."), password="a-long-password"
        )
        user.groups.add(Group.objects.get(name=group))
        sign_in(client, user)
        return user

    return signed_in


def test_only_editors_get_the_api_and_the_page_chooser(
    client, staff, home_page, content
):
    urls = admin_urls(home_page, content)
    for url in urls[:1] + urls[6:7]:  # signed out: Wagtail's sign-in, as before
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    staff("Admissions")
    assert client.get("/admin/").status_code == 200  # they do use the admin
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, (url, response.status_code)
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text() == "You do not have permission to see this", url
        for title in ("Group room photo", "Intake checklist", DRAFT_TITLE):
            assert title not in response.content.decode(), (url, title)
    for role in ("Marketing", "Medical Director"):
        staff(role)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
        listing = client.get("/admin/api/main/images/").json()
        assert [item["title"] for item in listing["items"]] == ["Group room photo"]
        chooser = client.get(f"/admin/choose-page/{home_page.pk}/")
        assert DRAFT_TITLE in chooser.json()["html"]


def test_the_rule_is_the_permission_not_the_group(client, staff, content):
    user = staff("Admissions")
    assert client.get("/admin/api/main/images/").status_code == 403
    # Wagtail grants image permissions per collection, to a group.
    choosers = Group.objects.create(name="Image choosers")
    GroupCollectionPermission.objects.create(
        group=choosers,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="choose_image"),
    )
    user.groups.add(choosers)
    assert client.get("/admin/api/main/images/").status_code == 200
    # Images only: documents and pages stay closed to them.
    assert client.get("/admin/api/main/documents/").status_code == 403
    assert client.get("/admin/api/main/pages/").status_code == 403
