"""Enquiries in the admin: the Admissions group reads, keeps, exports and
deletes them, every reading and export is recorded, and no other role gets
in at all."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from accounts.tests.sign_in import sign_in
from admissions.models import ENQUIRY_EXPORTED, ENQUIRY_VIEWED, AdmissionsSettings
from admissions.tests.factories import EnquiryFactory
from admissions.wagtail_hooks import FORMULA_STARTS, spreadsheet_safe

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(enquiry_page):
    return EnquiryFactory(page=enquiry_page)


def admin_urls(enquiry):
    pk = enquiry.pk
    return {
        "list": "/admin/enquiries/",
        "export": "/admin/enquiries/?export=csv",
        "inspect": f"/admin/enquiries/inspect/{pk}/",
        "edit": f"/admin/enquiries/edit/{pk}/",
        "delete": f"/admin/enquiries/delete/{pk}/",
        "history": f"/admin/enquiries/history/{pk}/",
    }


def enquiry_logs(enquiry, action):
    return ModelLogEntry.objects.filter(object_id=str(enquiry.pk), action=action)


@pytest.mark.parametrize("role", ["Marketing", "Medical Director"])
def test_other_roles_are_refused_every_enquiry_view(client, staff, enquiry, role):
    sign_in(client, staff("Admissions"))
    assert client.get(admin_urls(enquiry)["inspect"]).status_code == 200
    sign_in(client, staff(role))
    assert client.get("/admin/").status_code == 200  # they do use the admin
    for name, url in admin_urls(enquiry).items():
        response = client.get(url)
        assert response.status_code == 403, (name, response.status_code)
        assert enquiry.name.encode() not in response.content, name
    response = client.post(admin_urls(enquiry)["edit"], {"kept": "on"})
    assert response.status_code == 403
    response = client.post(admin_urls(enquiry)["delete"])
    assert response.status_code == 403
    enquiry.refresh_from_db()
    assert not enquiry.kept
    assert enquiry_logs(enquiry, ENQUIRY_VIEWED).count() == 1  # admissions' only
    menu = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert "Inquiries" not in menu.get_text()
    # Nor does the site history tell them that inquiries came, or were read.
    assert ModelLogEntry.objects.filter(object_id=str(enquiry.pk)).exists()
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200
    assert b"Inquiry #" not in history.content


def test_the_admissions_group_has_exactly_its_rights():
    group = Group.objects.get(name="Admissions")
    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "access_admin",
        "change_admissionssettings",
        "change_enquiry",
        "delete_enquiry",
        "view_enquiry",
    ]


def test_admissions_list_enquiries_newest_first(client, staff, enquiry_page):
    older = EnquiryFactory(page=enquiry_page, kept=True)
    newer = EnquiryFactory(page=enquiry_page)
    sign_in(client, staff("Admissions"))
    response = client.get("/admin/enquiries/")
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    titles = [row.find("a").get_text(strip=True) for row in rows]
    assert titles == [str(newer), str(older)]
    # The title opens the inquiry to read it.
    assert rows[0].find("a")["href"] == f"/admin/enquiries/inspect/{newer.pk}/"
    kept_only = client.get("/admin/enquiries/?kept=true")
    rows = BeautifulSoup(kept_only.content, "html.parser").select("tbody tr")
    assert [row.find("a").get_text(strip=True) for row in rows] == [str(older)]


def test_admissions_read_an_enquiry_and_the_reading_is_recorded(
    client, staff, enquiry_page
):
    received = datetime.datetime(2026, 11, 28, 22, 3, tzinfo=datetime.UTC)
    enquiry = EnquiryFactory(page=enquiry_page, received_at=received)
    user = staff("Admissions")
    sign_in(client, user)
    response = client.get(admin_urls(enquiry)["inspect"])
    assert response.status_code == 200
    text = " ".join(
        BeautifulSoup(response.content, "html.parser").main.get_text(" ").split()
    )
    for value in (
        "Received at Nov. 28, 2026, 2:03 p.m.",  # Pacific time, as the title
        "Date of birth March 27, 1985",
        "Keep past the retention period No",
        enquiry.name,
        enquiry.phone,
        enquiry.email,
        "No, please do not leave a voicemail",
        enquiry.insurance_carrier,
        enquiry.member_id,
        enquiry.message,
        enquiry.consent_text,
    ):
        assert value in text, value
    entry = enquiry_logs(enquiry, ENQUIRY_VIEWED).get()
    assert entry.user == user
    assert entry.label == str(enquiry)
    assert enquiry.name not in entry.label
    # The enquiry's history shows who read it.
    history = client.get(admin_urls(enquiry)["history"])
    assert history.status_code == 200
    assert "Viewed" in history.content.decode()


def test_an_unanswered_question_reads_not_given(client, staff, enquiry_page):
    enquiry = EnquiryFactory(
        page=enquiry_page, phone="", voicemail_ok="", date_of_birth=None
    )
    sign_in(client, staff("Admissions"))
    response = client.get(admin_urls(enquiry)["inspect"])
    soup = BeautifulSoup(response.content, "html.parser")
    answers = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in soup.main.find_all("dt")
    }
    assert answers["Phone"] == "Not given"
    assert answers["Voicemail OK"] == "Not given"
    assert answers["Date of birth"] == "Not given"
    assert answers["Name"] == "Jordan Rivera"


def test_admissions_can_only_change_whether_an_enquiry_is_kept(client, staff, enquiry):
    sign_in(client, staff("Admissions"))
    url = admin_urls(enquiry)["edit"]
    page = BeautifulSoup(client.get(url).content, "html.parser")
    form = page.find("form", attrs={"action": url})
    fields = {
        element["name"]
        for element in form.find_all(["input", "textarea", "select"])
        if element.get("type") != "hidden"
    }
    assert fields == {"kept"}
    response = client.post(url, {"kept": "on", "name": "Someone else"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.kept
    assert enquiry.name == "Jordan Rivera"


def test_admissions_export_every_field_as_csv(client, staff, enquiry_page):
    user = staff("Admissions")
    received = datetime.datetime(2026, 11, 28, 22, 3, tzinfo=datetime.UTC)
    rows = [
        EnquiryFactory(page=enquiry_page, received_at=received),
        EnquiryFactory(
            page=enquiry_page, name="=HYPERLINK(1)", phone="+1 949 555 0100"
        ),
    ]
    sign_in(client, user)
    response = client.get("/admin/enquiries/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="inquiries.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    records = list(csv.DictReader(io.StringIO(content)))
    assert list(records[0]) == [
        "Received at",
        "Page",
        "Name",
        "Phone",
        "Email address",
        "Voicemail OK",
        "Insurance company",
        "Member ID",
        "Date of birth",
        "Message",
        "Consent given",
        "Keep past the retention period",
    ]
    by_phone = {record["Phone"]: record for record in records}
    assert set(by_phone) == {"(949) 555-0142", "'+1 949 555 0100"}
    first = by_phone["(949) 555-0142"]
    assert first["Received at"] == "2026-11-28 14:03-08:00"  # Pacific time
    assert first["Page"] == "Contact admissions"
    assert first["Name"] == "Jordan Rivera"
    assert first["Email address"] == "jordan.rivera@example.org"
    assert first["Member ID"] == "XEH123456789"
    assert first["Date of birth"] == "1985-03-27"
    assert first["Voicemail OK"] == "no"
    # A spreadsheet must not run what a visitor typed as a formula.
    assert by_phone["'+1 949 555 0100"]["Name"] == "'=HYPERLINK(1)"
    for row in rows:
        assert enquiry_logs(row, ENQUIRY_EXPORTED).get().user == user
    # CSV only: there is no spreadsheet format that needs another library.
    listing = client.get("/admin/enquiries/").content.decode()
    assert "export=csv" in listing and "export=xlsx" not in listing


def exported(client):
    response = client.get("/admin/enquiries/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_no_cell_of_the_export_can_run_as_a_formula(client, staff, enquiry_page):
    # An editor's page title, not only what visitors type, reaches the export.
    enquiry_page.title = '=HYPERLINK("http://x","y")'
    enquiry_page.save_revision().publish()
    EnquiryFactory(
        page=enquiry_page,
        name="@SUM(1+1)",
        phone="+1 949 555 0100",
        insurance_carrier="-2+3",
        member_id="+1 800 555 0199",
        message="\t=cmd",
        consent_text="\r=1",
    )
    sign_in(client, staff("Admissions"))
    [record] = exported(client)
    assert record["Page"] == '\'=HYPERLINK("http://x","y")'
    assert record["Member ID"] == "'+1 800 555 0199"
    assert record["Phone"] == "'+1 949 555 0100"
    assert record["Name"] == "'@SUM(1+1)"
    assert record["Insurance company"] == "'-2+3"
    assert record["Message"] == "'\t=cmd"
    assert record["Consent given"] == "'\r=1"
    for heading, cell in record.items():
        assert not cell.startswith(FORMULA_STARTS), (heading, cell)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-5, "'-5"),
        (datetime.timedelta(days=-1), "'-1 day, 0:00:00"),
        (datetime.date(1985, 3, 27), "1985-03-27"),
        (True, "True"),
        (None, ""),
        ("Jordan", "Jordan"),
    ],
)
def test_a_cell_is_made_safe_whatever_its_type(value, cell):
    assert spreadsheet_safe(value) == cell


def test_admissions_delete_an_enquiry(client, staff, enquiry):
    sign_in(client, staff("Admissions"))
    response = client.post(admin_urls(enquiry)["delete"])
    assert response.status_code == 302
    assert not type(enquiry).objects.filter(pk=enquiry.pk).exists()


def test_nobody_adds_an_enquiry_in_the_admin(client, staff, admin_user):
    sign_in(client, staff("Admissions"))
    assert client.get("/admin/enquiries/new/").status_code == 403
    sign_in(client, admin_user)
    assert client.get("/admin/enquiries/new/").status_code == 403
    assert client.get("/admin/enquiries/").status_code == 200


def test_admissions_set_the_retention_period(client, staff, site):
    sign_in(client, staff("Admissions"))
    url = f"/admin/settings/admissions/admissionssettings/{site.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"enquiry_retention_days": "30"})
    assert response.status_code == 302
    assert AdmissionsSettings.for_site(site).enquiry_retention_days == 30
    assert client.post(url, {"enquiry_retention_days": "0"}).status_code == 200
    assert AdmissionsSettings.for_site(site).enquiry_retention_days == 30
