"""The image form staff upload pictures with: what the description is for."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from accounts.tests.sign_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def marketing(client, django_user_model):
    user = django_user_model.objects.create_user("marketing", password="x")
    user.groups.add(Group.objects.get(name="Marketing"))
    sign_in(client, user)
    return user


def description_help(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    description = soup.select_one("input[name=description]")
    assert description is not None
    # The help text is announced with the field: find it through the input.
    help_ids = description.get("aria-describedby", "").split()
    return " ".join(
        soup.find(id=help_id).get_text(" ", strip=True) for help_id in help_ids
    )


def test_the_add_image_form_says_the_description_is_the_alt_text(client, marketing):
    text = description_help(client, "/admin/images/add/")
    assert "Describe the picture for someone who cannot see it" in text
    assert "alt text" in text
    assert "screen readers" in text


def test_the_edit_image_form_says_it_too(client, marketing):
    image = Image.objects.create(title="Group room", file=get_test_image_file())
    text = description_help(client, f"/admin/images/{image.pk}/")
    assert "pages use this as the image's alt text" in text
