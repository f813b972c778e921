"""A form the site cannot read (another charset, bytes that are not UTF-8,
more than DATA_UPLOAD_MAX_MEMORY_SIZE) gets the branded 400 page, stores
nothing and logs one warning line, without a traceback; staff still upload
images and documents larger than that limit."""

import io
import logging
import os
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from accounts.tests.sign_in import sign_in
from admissions.models import Enquiry
from admissions.tests.factories import EnquiryPageFactory
from pages.models import SiteSettings

pytestmark = pytest.mark.django_db

PHONE = "(949) 735-5705"
ENQUIRY = {
    "name": "Jordan Q. Rivera",
    "phone": "(949) 555-0142",
    "email": "jordan.rivera@example.org",
    "voicemail_ok": "no",
    "message": "I would like to ask about the evening IOP schedule.",
    "consent": "on",
}
FORM = "application/x-www-form-urlencoded"
MEGABYTE = 1024 * 1024


@pytest.fixture
def visitor(site, home_page):
    """A browser that opened the enquiry form: it has the CSRF cookie, and
    sends the token with the form, as every real visitor does."""
    details = SiteSettings.for_site(site)
    details.phone = PHONE
    details.save()
    EnquiryPageFactory(parent=home_page)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    assert client.get("/enquire/").status_code == 200
    client.token = client.cookies["csrftoken"].value
    return client


@pytest.fixture
def logs(caplog):
    """caplog, with Django's loggers too (they do not propagate)."""
    caplog.set_level(logging.INFO)
    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    yield caplog
    django_logger.removeHandler(caplog.handler)


def urlencoded(client, **fields):
    """The form as a browser encodes it, as bytes (a value that is bytes is
    sent as it is, already percent-encoded or not)."""
    fields = {**ENQUIRY, "csrfmiddlewaretoken": client.token, **fields}
    return b"&".join(
        name.encode()
        + b"="
        + (value if isinstance(value, bytes) else urlencode({"": value})[1:].encode())
        for name, value in fields.items()
    )


def multipart(client, **fields):
    fields = {**ENQUIRY, "csrfmiddlewaretoken": client.token, **fields}
    body = b""
    for name, value in fields.items():
        body += (
            b"--boundary\r\n"
            b'Content-Disposition: form-data; name="'
            + name.encode()
            + b'"\r\n\r\n'
            + (value if isinstance(value, bytes) else value.encode())
            + b"\r\n"
        )
    return body + b"--boundary--\r\n"


def post(client, path, body, content_type):
    return client.generic("POST", path, body, content_type=content_type)


def assert_refused(response, logs, path, reason):
    """The branded 400 with the phone and the crisis lines; one warning line
    with the reason and the path; no error, no traceback; nothing stored."""
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Sorry, we could not read what your browser sent"
    phone = soup.select_one(".error-page a[href='tel:+19497355705']")
    assert phone.get_text() == PHONE
    links = {link["href"] for link in soup.select(".site-footer .crisis-lines a")}
    assert {"tel:988", "sms:988", "tel:911"} <= links
    assert not [record for record in logs.records if record.levelno >= logging.ERROR]
    assert not [record for record in logs.records if record.exc_info]
    warnings = [r.getMessage() for r in logs.records if r.name == "django.request"]
    assert warnings == [f"Bad Request ({reason}): {path}"]
    assert Enquiry.objects.count() == 0


@pytest.mark.parametrize("path", ["/enquire/", "/search/"])
@pytest.mark.parametrize("charset", ["xyz-unknown", "utf-16", "latin-1"])
def test_a_form_in_another_charset_is_refused(visitor, logs, path, charset):
    body = urlencoded(visitor)
    response = post(visitor, path, body, f"{FORM}; charset={charset}")
    assert_refused(response, logs, path, "UnreadableForm")


@pytest.mark.parametrize("message", [b"%FF%FEcall me", b"\xff\xfecall me"])
def test_a_form_that_is_not_utf8_is_refused(visitor, logs, message):
    # Django would store U+FFFD in place of what was sent.
    response = post(visitor, "/enquire/", urlencoded(visitor, message=message), FORM)
    assert_refused(response, logs, "/enquire/", "UnreadableForm")


def test_a_multipart_form_in_another_charset_is_refused(visitor, logs):
    body = multipart(visitor)
    content_type = "multipart/form-data; boundary=boundary; charset=xyz-unknown"
    response = post(visitor, "/enquire/", body, content_type)
    assert_refused(response, logs, "/enquire/", "UnreadableForm")


def test_a_form_in_utf8_is_read(visitor, logs):
    body = urlencoded(visitor, name="José Ñúñez")
    response = post(visitor, "/enquire/", body, f"{FORM}; charset=UTF-8")
    assert response.status_code == 303
    assert Enquiry.objects.get().name == "José Ñúñez"
    # And one with the charset Django refuses is not left to it.
    response = post(visitor, "/enquire/", body, f"{FORM}; charset=utf-16")
    assert response.status_code == 400
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize("path", ["/enquire/", "/search/"])
def test_a_form_over_the_limit_is_refused(visitor, logs, path):
    padding = "x" * (MEGABYTE + MEGABYTE // 2)
    response = post(visitor, path, urlencoded(visitor, message=padding), FORM)
    assert_refused(response, logs, path, "RequestDataTooBig")
    logs.clear()
    content_type = "multipart/form-data; boundary=boundary"
    response = post(visitor, path, multipart(visitor, message=padding), content_type)
    assert_refused(response, logs, path, "RequestDataTooBig")


def noise_png(size):
    """A PNG of random pixels, which do not compress: about 3 bytes a pixel."""
    image = PillowImage.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    file = io.BytesIO()
    image.save(file, "PNG")
    file.name = "noise.png"
    file.seek(0)
    return file


def test_the_limit_counts_form_data_not_uploaded_files(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Marketing"))
    sign_in(client, user)
    picture = noise_png(800)  # about 1.9 MB
    assert picture.getbuffer().nbytes > MEGABYTE
    response = client.post("/admin/images/multiple/add/", {"files[]": picture})
    assert response.status_code == 200
    assert response.json()["success"]
    assert get_image_model().objects.get().file.size > MEGABYTE
    document = io.BytesIO(b"A long leaflet.\n" * (MEGABYTE // 8))  # 2 MB
    document.name = "leaflet.txt"
    response = client.post("/admin/documents/multiple/add/", {"files[]": document})
    assert response.status_code == 200
    assert response.json()["success"]
    assert get_document_model().objects.get().file.size > MEGABYTE
    # The same megabytes in a field of the form are refused.
    response = client.post(
        "/admin/images/multiple/add/", {"files[]": picture, "title": "x" * MEGABYTE}
    )
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Sorry, we could not read what your browser sent"
    assert get_image_model().objects.count() == 1
