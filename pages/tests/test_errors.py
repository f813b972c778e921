"""Branded error pages, which must render without the database."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path, reverse
from django.views.defaults import permission_denied

from accounts.tests.sign_in import sign_in
from pages.views import bad_request, page_not_found


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]
handler500 = "pages.views.server_error"


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused (simulated for this test)")


def assert_branded(response, status):
    assert response.status_code == status
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.find_all("h1")) == 1
    # The crisis lines are there even without the database: 988 and 911.
    hrefs = {link["href"] for link in soup.select("a")}
    assert {"tel:988", "sms:988", "tel:911"} <= hrefs
    assert soup.select_one("link[rel=stylesheet]")["href"] == "/static/css/site.css"
    return soup


def test_404_page_is_branded(client, demo):
    soup = assert_branded(client.get("/no-such-page/"), 404)
    assert "could not find" in soup.find("h1").get_text()
    assert soup.select_one("a[href='tel:+19497355705']")


@pytest.mark.django_db
def test_404_page_renders_when_the_database_is_down(rf):
    with connection.execute_wrapper(database_down):
        assert_branded(page_not_found(rf.get("/no-such-page/")), 404)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_branded_even_when_the_database_is_down():
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        soup = assert_branded(client.get("/broken/"), 500)
    assert "went wrong" in soup.find("h1").get_text()


def test_a_form_sent_without_its_security_cookie_gets_a_branded_page(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/enquire/", {"name": "Pat"})
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Your form could not be sent"
    assert soup.select_one(".site-footer .crisis-lines") is not None
    assert "(949) 735-5705" in soup.select_one(".error-page").get_text()


def test_refused_admin_pages_are_branded(client, demo, django_user_model):
    user = django_user_model.objects.create_user("m", password="x")
    user.groups.add(Group.objects.get(name="Marketing"))
    sign_in(client, user)
    response = client.get("/admin/enquiries/")
    assert response.status_code == 403
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "You do not have permission to see this"
    # Staff refused one admin page get the way back to the rest of it.
    links = {link.get_text(strip=True): link["href"] for link in soup.select("a")}
    assert links["Back to the admin dashboard"] == reverse("wagtailadmin_home")
    assert links["Go to the home page"] == "/"


@pytest.mark.django_db
def test_visitors_refused_a_page_get_no_admin_link(rf):
    request = rf.get("/admin/enquiries/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    soup = assert_branded(response, 403)
    assert soup.h1.get_text() == "You do not have permission to see this"
    assert "Back to the admin dashboard" not in soup.get_text()
    assert not soup.select(f"a[href='{reverse('wagtailadmin_home')}']")


def test_400_page_is_branded(client, demo):
    # A host the site does not serve is the commonest bad request.
    response = client.get("/", HTTP_HOST="10.0.3.7:8000")
    soup = assert_branded(response, 400)
    assert soup.h1.get_text() == "Sorry, we could not read what your browser sent"
    assert soup.select_one(".error-page a[href='tel:+19497355705']")


@pytest.mark.django_db
def test_400_page_renders_when_the_database_is_down(rf):
    with connection.execute_wrapper(database_down):
        assert_branded(bad_request(rf.post("/enquire/")), 400)


def test_400_page_for_an_unreadable_form_sent_to_another_host(demo):
    # Django's own 400 view would run the CSRF check, read the form, fail
    # again and answer 500.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32  # as the form's page would have set
    response = client.generic(
        "POST",
        "/enquire/",
        b"name=Pat",
        content_type="application/x-www-form-urlencoded; charset=utf-16",
        HTTP_HOST="10.0.3.7:8000",
    )
    assert_branded(response, 400)
