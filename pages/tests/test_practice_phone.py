"""The practice's phone changes at once on every page, so a new number is
shown as visitors will see and dial it, saved only once confirmed, and
every change is in the site history: who, when, from and to."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import ModelLogEntry

from pages.models import SiteSettings
from pages.signals import PHONE_CHANGED

pytestmark = pytest.mark.django_db

OLD, NEW = "(949) 735-5705", "(949) 555-0100"


@pytest.fixture
def practice(site):
    settings = SiteSettings.for_site(site)
    settings.practice_name = "Manifest Behavioral Health"
    settings.phone = OLD
    settings.city, settings.region = "Laguna Hills", "CA"
    settings.save()
    ModelLogEntry.objects.filter(action=PHONE_CHANGED).delete()
    return settings


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["pages", "sitesettings", site.pk])


def details_form(settings, **changes):
    form = {
        "practice_name": settings.practice_name,
        "phone": settings.phone,
        "service_area": settings.service_area,
        "city": settings.city,
        "region": settings.region,
        "street_address": settings.street_address,
        "postcode": settings.postcode,
    }
    form.update(changes)
    return form


def phone_changes():
    return list(ModelLogEntry.objects.filter(action=PHONE_CHANGED))


def test_a_new_number_is_shown_as_visitors_will_see_it_before_it_is_saved(
    site, practice, staff_users
):
    marketing = staff_users["marketing"]
    response = marketing.post(settings_url(site), details_form(practice, phone=NEW))

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_phone")["value"] == NEW  # nothing typed is lost
    preview = soup.select_one("[data-phone-confirmation]")
    assert preview.select_one("[data-phone-preview=button]").get_text() == (
        "Call admissions (949) 555-0100"
    )
    assert preview.select_one("[data-phone-preview=dialed]").get_text() == (
        "+1 949 555 0100 (tel:+19495550100)"
    )
    box = preview.select_one("input[type=checkbox][name=confirm_new_phone]")
    assert not box.has_attr("checked")
    label = soup.select_one(f"label[for={box['id']}]").get_text(strip=True)
    assert label == "Show this number on every page"
    assert f"Every page will show {NEW} instead of {OLD}" in preview.get_text(" ")
    assert SiteSettings.for_site(site).phone == OLD
    assert phone_changes() == []


def test_a_confirmed_number_is_saved_and_logged_with_who_from_and_to(
    client, site, practice, staff_users, admin_client
):
    marketing = staff_users["marketing"]
    form = details_form(
        practice, phone=NEW, confirm_new_phone="on", confirmed_phone=NEW
    )
    assert marketing.post(settings_url(site), form).status_code == 302

    assert SiteSettings.for_site(site).phone == NEW
    header = BeautifulSoup(client.get("/").content, "html.parser").select_one(
        "a.header-phone"
    )
    assert header["href"] == "tel:+19495550100"
    [entry] = phone_changes()
    assert entry.user == marketing.user
    assert entry.data == {"from": OLD, "to": NEW}
    history = admin_client.get(reverse("wagtailadmin_reports:site_history"))
    text = BeautifulSoup(history.content, "html.parser").get_text(" ", strip=True)
    assert f"Practice phone changed from {OLD} to {NEW}" in text
    assert "Mia Marketer" in text


def test_a_tick_confirms_only_the_number_shown_beside_it(site, practice, staff_users):
    # Confirmed (949) 555-0100, then typed another number before saving.
    form = details_form(
        practice, phone="(949) 555-0199", confirm_new_phone="on", confirmed_phone=NEW
    )
    response = staff_users["marketing"].post(settings_url(site), form)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    dialed = soup.select_one("[data-phone-preview=dialed]").get_text()
    assert dialed == "+1 949 555 0199 (tel:+19495550199)"
    assert not soup.select_one("[name=confirm_new_phone]").has_attr("checked")
    assert SiteSettings.for_site(site).phone == OLD


def test_other_changes_need_no_confirmation(site, practice, staff_users):
    form = details_form(practice, service_area="Adults across Orange County.")
    response = staff_users["marketing"].post(settings_url(site), form)
    assert response.status_code == 302
    assert SiteSettings.for_site(site).service_area == "Adults across Orange County."
    assert phone_changes() == []


def test_a_change_made_outside_the_admin_is_logged_too(site, practice):
    practice.phone = NEW
    practice.save()
    practice.save(update_fields=["service_area"])
    [entry] = phone_changes()
    assert entry.data == {"from": OLD, "to": NEW}
    assert entry.user is None
