"""The Marketing and Medical Director groups, as the migrations create them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from pages.models import StandardPage

ROLES = ["Marketing", "Medical Director"]


@pytest.fixture
def staff(django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(
            username=role.lower().replace(" ", "."), password="a-long-password"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.mark.django_db
def test_only_the_staff_roles_exist():
    # Admissions (admissions/tests) reads inquiries, and edits no pages.
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Admissions",
        *ROLES,
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_can_write_and_publish_under_home(client, staff, home_page, role):
    sign_in(client, staff(role))
    assert client.get("/admin/").status_code == 200
    url = f"/admin/pages/add/pages/standardpage/{home_page.pk}/"
    response = client.post(
        url,
        nested_form_data(
            {
                "title": "Our team",
                "slug": "team",
                "summary": "Who we are.",
                "body": streamfield([("paragraph", rich_text("<p>Hello</p>"))]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    page = StandardPage.objects.get(slug="team")
    assert page.live
    assert client.get("/team/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_role_uses_images_documents_and_settings(client, staff, site, role):
    user = staff(role)
    for model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        for action in ("add", "change", "choose", "delete"):
            assert policy.user_has_permission(user, action), (policy, action)
    assert user.has_perm("pages.change_sitesettings")
    sign_in(client, user)
    assert client.get("/admin/images/").status_code == 200
    assert client.get(f"/admin/settings/pages/sitesettings/{site.pk}/").status_code == (
        200
    )


@pytest.mark.parametrize("role", ROLES)
def test_role_cannot_manage_users_or_edit_above_home(client, staff, role):
    sign_in(client, staff(role))
    assert client.get("/admin/users/").status_code in (302, 403)
    root = Page.objects.get(depth=1)
    response = client.get(f"/admin/pages/{root.pk}/edit/")
    assert response.status_code in (302, 403)
