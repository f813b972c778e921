"""The public inquiry form: what it asks, how it refuses, what it stores, and
what it sends (nothing personal)."""

import datetime
import smtplib

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from admissions.models import Enquiry
from admissions.tests.conftest import PHONE
from admissions.tests.factories import EnquiryFactory
from caching.models import ContentVersion

pytestmark = pytest.mark.django_db

URL = "/enquire/"
THANKS_URL = "/enquire/thanks/"
TEXT_FIELDS = [
    "name",
    "phone",
    "email",
    "insurance_carrier",
    "member_id",
    "date_of_birth",
]


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def posted(client, data, **extra):
    return client.post(URL, data, **extra)


def field_values(soup):
    """What the form shows in each field, as a visitor would see it."""
    values = {
        name: soup.find("input", {"name": name}).get("value", "")
        for name in TEXT_FIELDS
    }
    values["message"] = soup.find("textarea", {"name": "message"}).get_text().strip()
    checked = soup.find("input", {"name": "voicemail_ok", "checked": True})
    values["voicemail_ok"] = checked["value"] if checked else None
    values["consent"] = (
        "on" if soup.find("input", {"name": "consent"}).has_attr("checked") else None
    )
    return values


def assert_never_cached(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]


def assert_phone_link(soup):
    links = soup.select('main a[href="tel:+19497355705"]')
    assert [link.get_text(strip=True) for link in links][:1] == [PHONE]


# What the visitor sees -----------------------------------------------------


def test_form_is_labelled_for_every_input_and_autocompletes(client, enquiry_page):
    response = client.get(URL)
    assert response.status_code == 200
    assert_never_cached(response)
    soup = html(response)
    form = soup.find("form", class_="enquiry-form")
    assert form["method"] == "post" and form.has_attr("novalidate")
    inputs = form.find_all(["input", "textarea"])
    for element in inputs:
        if element.get("type") == "hidden":
            continue
        label = form.find("label", attrs={"for": element["id"]})
        assert label is not None and label.get_text(strip=True), element
    autocomplete = {element["name"]: element.get("autocomplete") for element in inputs}
    assert autocomplete["name"] == "name"
    assert autocomplete["phone"] == "tel"
    assert autocomplete["email"] == "email"
    assert autocomplete["date_of_birth"] == "bday"
    # Required questions say so in words, not by color or an asterisk.
    name_label = form.find("label", attrs={"for": "id_name"}).get_text(" ", strip=True)
    assert name_label == "Your name (required)"
    consent = form.find("label", attrs={"for": "id_consent"}).get_text(" ", strip=True)
    assert consent == f"{enquiry_page.consent_text} (required)"
    # The voicemail question is a group of radio buttons with a legend.
    radios = form.find_all("input", {"name": "voicemail_ok"})
    assert [radio["type"] for radio in radios] == ["radio", "radio"]
    fieldset = radios[0].find_parent("fieldset")
    assert "voicemail" in fieldset.legend.get_text()
    # The robots' field is out of sight, out of the tab order and unnamed to
    # assistive technology.
    trap = form.find("input", {"name": "website"})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert trap.find_parent(attrs={"aria-hidden": "true"}) is not None
    assert soup.find(class_="error-summary") is None
    assert_phone_link(soup)


def test_a_valid_enquiry_is_stored_once_and_thanks_shows_the_phone(
    client, enquiry_page, valid_data
):
    response = posted(client, valid_data)
    assert response.status_code == 303
    assert response["Location"] == THANKS_URL
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.phone, enquiry.email) == (
        "Jordan Q. Rivera",
        "(949) 555-0142",
        "jordan.rivera@example.org",
    )
    assert enquiry.voicemail_ok == Enquiry.Voicemail.NO
    assert enquiry.insurance_carrier == "Blue Shield of California"
    assert enquiry.member_id == "XEH123456789"
    assert enquiry.date_of_birth == datetime.date(1985, 3, 27)
    assert enquiry.message == valid_data["message"]
    assert enquiry.consent_text == enquiry_page.consent_text
    assert enquiry.page.specific == enquiry_page
    assert not enquiry.kept

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert_never_cached(thanks)
    soup = html(thanks)
    assert soup.h1.get_text(strip=True) == "Thank you: we have your message"
    assert "What happens next" in soup.main.get_text()
    assert_phone_link(soup)
    # Nothing the visitor sent is shown back.
    assert valid_data["name"] not in thanks.content.decode()


def test_the_consent_stored_is_the_wording_shown_at_the_time(
    client, enquiry_page, valid_data
):
    shown = enquiry_page.consent_text
    posted(client, valid_data)
    enquiry_page.consent_text = "New wording, agreed later."
    enquiry_page.save_revision().publish()
    assert Enquiry.objects.get().consent_text == shown


# Errors --------------------------------------------------------------------

INVALID = {
    "name-missing": ({"name": ""}, "name", "Enter your name"),
    "phone-too-short": (
        {"phone": "555-0142"},
        "phone",
        "Enter a 10-digit US phone number, such as (949) 735-5705",
    ),
    "phone-short-code": (
        {"phone": "988"},
        "phone",
        "Enter a 10-digit US phone number, such as (949) 735-5705",
    ),
    "phone-letters": (
        {"phone": "949 555 014x2"},
        "phone",
        "Use only digits, spaces, brackets, dots, dashes and a leading +, "
        "e.g. (949) 735-5705.",
    ),
    "email-malformed": (
        {"email": "jordan.rivera@"},
        "email",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "voicemail-missing": (
        {"voicemail_ok": ""},
        "voicemail_ok",
        "Choose whether we may leave a voicemail",
    ),
    "date-of-birth-future": (
        {"date_of_birth": "01/01/2999"},
        "date_of_birth",
        "Your date of birth must be in the past",
    ),
    "date-of-birth-before-1900": (
        {"date_of_birth": "12/31/1899"},
        "date_of_birth",
        "Your date of birth must be on or after January 1, 1900",
    ),
    "date-of-birth-not-a-date": (
        {"date_of_birth": "02/30/1985"},
        "date_of_birth",
        "Enter your date of birth as month/day/year, like 03/27/1985",
    ),
    "message-too-long": (
        {"message": "x" * 2001},
        "message",
        "Your message must be 2,000 characters or fewer",
    ),
    "consent-missing": (
        {"consent": ""},
        "consent",
        "Check the box to agree, so that we can store your details and contact you",
    ),
}


@pytest.mark.parametrize(("change", "field", "message"), INVALID.values(), ids=INVALID)
def test_an_invalid_field_is_explained_by_it_and_in_the_summary(
    client, enquiry_page, valid_data, change, field, message
):
    data = {**valid_data, **change}
    response = posted(client, data)
    assert response.status_code == 400
    assert_never_cached(response)
    assert not Enquiry.objects.exists()
    soup = html(response)
    assert soup.title.get_text().startswith("Error: ")

    summary = soup.find(class_="error-summary")
    target = f"id_{field}_0" if field == "voicemail_ok" else f"id_{field}"
    assert [(a["href"], a.get_text(strip=True)) for a in summary.find_all("a")] == [
        (f"#{target}", message)
    ]
    # The message sits in the field's own block, and the input points to it.
    error = soup.find(id=f"id_{field}_error")
    assert error.get_text(" ", strip=True) == f"Error: {message}"
    control = soup.find(id=target)
    assert error.find_parent(class_="field") is control.find_parent(class_="field")
    assert control["aria-invalid"] == "true"
    described = control.find_parent("fieldset") if field == "voicemail_ok" else control
    assert f"id_{field}_error" in described["aria-describedby"].split()
    # Everything else the visitor typed is still there.
    shown = field_values(soup)
    for name, value in valid_data.items():
        if name != field:
            assert shown[name] == value, name
    if field != "consent" and field != "voicemail_ok":
        assert shown[field] == data[field]


def test_a_phone_number_or_an_email_address_is_needed(client, enquiry_page, valid_data):
    response = posted(client, {**valid_data, "phone": "", "email": ""})
    assert response.status_code == 400
    soup = html(response)
    # One problem, listed once in the summary; each field says it.
    links = [a["href"] for a in soup.find(class_="error-summary").find_all("a")]
    assert links == ["#id_phone"]
    assert "phone number or an email address" in soup.find(id="id_phone_error").text
    assert "email address or a phone number" in soup.find(id="id_email_error").text

    email_only = {**valid_data, "phone": "", "voicemail_ok": ""}
    assert posted(client, email_only).status_code == 303
    phone_only = {**valid_data, "email": ""}
    assert posted(client, phone_only).status_code == 303
    assert sorted(Enquiry.objects.values_list("phone", "email")) == [
        ("", "jordan.rivera@example.org"),
        ("(949) 555-0142", ""),
    ]


def test_voicemail_is_asked_only_of_those_who_give_a_phone(
    client, enquiry_page, valid_data
):
    without_answer = {**valid_data, "voicemail_ok": ""}
    assert posted(client, without_answer).status_code == 400
    no_phone = {**valid_data, "phone": "", "voicemail_ok": "yes"}
    assert posted(client, no_phone).status_code == 303
    # With no phone to leave a message on, no answer is stored.
    assert Enquiry.objects.get().voicemail_ok == ""


def test_an_empty_form_lists_each_missing_answer(client, enquiry_page):
    response = posted(client, {})
    assert response.status_code == 400
    summary = html(response).find(class_="error-summary")
    assert [a["href"] for a in summary.find_all("a")] == [
        "#id_name",
        "#id_phone",
        "#id_consent",
    ]


# Refusals ------------------------------------------------------------------


def test_the_robot_trap_refuses_without_storing_or_mailing(
    client, enquiry_page, valid_data, staff
):
    staff("Admissions")
    response = posted(client, {**valid_data, "website": "https://spam.example"})
    assert response.status_code == 400
    assert_never_cached(response)
    assert not Enquiry.objects.exists()
    assert mail.outbox == []
    soup = html(response)
    refusal = soup.find(class_="error-summary")
    assert "not sent" in refusal.get_text()
    assert refusal.find("a", href="tel:+19497355705")
    # A person whose browser filled the trap can send again at once.
    assert soup.find("input", {"name": "website"}).get("value") is None


def test_the_sixth_enquiry_within_the_hour_from_one_client_is_refused(
    client, enquiry_page, valid_data, settings
):
    settings.ENQUIRY_RATE_LIMIT = "5/h"
    for _ in range(5):
        assert posted(client, valid_data, REMOTE_ADDR="203.0.113.7").status_code == 303
    response = posted(client, valid_data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert_never_cached(response)
    assert Enquiry.objects.count() == 5
    soup = html(response)
    refusal = soup.find(class_="error-summary")
    assert "call admissions instead" in refusal.get_text(" ", strip=True)
    assert refusal.find("a", href="tel:+19497355705").get_text() == PHONE
    assert field_values(soup) == valid_data  # nothing to type again
    # Another client is not held back by the first.
    assert posted(client, valid_data, REMOTE_ADDR="198.51.100.4").status_code == 303
    assert Enquiry.objects.count() == 6


def test_behind_a_proxy_each_client_is_counted_by_the_proxys_header(
    client, enquiry_page, valid_data, settings
):
    settings.ENQUIRY_RATE_LIMIT = "1/h"
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    # Every request comes from the proxy's address.
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = {**proxy, "HTTP_X_REAL_IP": "203.0.113.7"}
    second = {**proxy, "HTTP_X_REAL_IP": "198.51.100.4"}
    assert posted(client, valid_data, **first).status_code == 303
    assert posted(client, valid_data, **first).status_code == 429
    assert posted(client, valid_data, **second).status_code == 303


# Notification --------------------------------------------------------------


def submitted_values(data):
    # Every answer typed (the voicemail and consent answers are yes or no).
    values = {v for k, v in data.items() if k not in ("voicemail_ok", "consent")}
    return values | {"Jordan", "Rivera", "555-0142", "5550142", "1985", "XEH"}


def test_admissions_get_an_email_with_a_link_and_nothing_personal(
    client,
    enquiry_page,
    valid_data,
    staff,
    django_capture_on_commit_callbacks,
):
    staff("Admissions", "admissions.one")
    staff("Admissions", "admissions.two")
    staff("Admissions", "admissions.left", is_active=False)
    staff("Admissions", "admissions.no.email", email="")
    staff("Marketing")
    with django_capture_on_commit_callbacks(execute=True):
        posted(client, valid_data)
    enquiry = Enquiry.objects.get()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "admissions.one@example.com",
        "admissions.two@example.com",
    ]
    assert all(len(message.to) == 1 and not message.cc for message in mail.outbox)
    message = mail.outbox[0]
    link = f"http://testserver/admin/enquiries/inspect/{enquiry.pk}/"
    assert link in message.body
    for value in submitted_values(valid_data):
        assert value not in message.subject, value
        assert value not in message.body, value


def test_a_failed_email_keeps_the_enquiry_and_logs_nothing_personal(
    client,
    enquiry_page,
    valid_data,
    staff,
    monkeypatch,
    all_logs,
    django_capture_on_commit_callbacks,
):
    staff("Admissions")

    def refuse(backend, messages):
        # Like a real server, the error quotes the addresses it refused.
        raise smtplib.SMTPRecipientsRefused(
            {"admissions@example.com": (550, b"jordan.rivera@example.org")}
        )

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = posted(client, valid_data)
    assert response.status_code == 303
    enquiry = Enquiry.objects.get()
    assert client.get(response["Location"]).status_code == 200
    errors = [r for r in all_logs.records if r.name == "admissions.notifications"]
    assert [r.getMessage() for r in errors] == [
        f"Notification for inquiry {enquiry.pk} failed: SMTPRecipientsRefused"
    ]
    assert errors[0].levelname == "ERROR" and errors[0].exc_info is None
    logged = "\n".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in all_logs.records
    )
    for value in submitted_values(valid_data) | {"admissions@example.com"}:
        assert value not in logged, value


def test_without_anyone_to_tell_the_enquiry_is_kept_and_the_gap_logged(
    client, enquiry_page, valid_data, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert posted(client, valid_data).status_code == 303
    enquiry = Enquiry.objects.get()
    assert mail.outbox == []
    assert [r.getMessage() for r in caplog.records] == [
        f"Inquiry {enquiry.pk} arrived, but no active Admissions user has an "
        "email address to tell"
    ]


# Privacy and caching -------------------------------------------------------


def test_enquiries_never_change_the_content_version(enquiry_page):
    before = ContentVersion.current()
    enquiry = EnquiryFactory(page=enquiry_page)
    enquiry.kept = True
    enquiry.save()
    enquiry.delete()
    assert ContentVersion.current() == before


def test_sending_an_enquiry_leaves_cached_fragments_alone(
    client, enquiry_page, valid_data
):
    before = ContentVersion.current()
    posted(client, valid_data)
    assert Enquiry.objects.count() == 1
    assert ContentVersion.current() == before


def test_the_form_and_thanks_are_never_cached_anywhere(client, enquiry_page):
    for response in (client.get(URL), client.get(THANKS_URL), posted(client, {})):
        assert_never_cached(response)


def test_an_enquiry_is_named_by_number_and_time_never_by_person(enquiry_page):
    received = datetime.datetime(2026, 11, 28, 22, 3, tzinfo=datetime.UTC)
    enquiry = EnquiryFactory(page=enquiry_page, received_at=received)
    # 22:03 UTC is 14:03 in Laguna Hills.
    assert str(enquiry) == f"Inquiry #{enquiry.pk} (Nov 28, 2026 14:03)"
    assert timezone.get_current_timezone_name() == "America/Los_Angeles"


# HTML validity -------------------------------------------------------------


def test_form_errors_and_thanks_are_valid_html5(
    client, enquiry_page, valid_data, html_validator
):
    documents = {
        "enquiry-form": client.get(URL).content.decode(),
        "enquiry-errors": posted(client, {"phone": "12"}).content.decode(),
        "enquiry-refused": posted(
            client, {**valid_data, "website": "x"}
        ).content.decode(),
        "enquiry-thanks": client.get(THANKS_URL).content.decode(),
    }
    assert html_validator(documents) == []
