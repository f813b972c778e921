"""The practice's details come from site settings; its phone numbers are
diallable and shown as text."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from pages.models import SiteSettings, tel_uri, validate_phone


@pytest.mark.parametrize(
    ("shown", "uri"),
    [
        ("(949) 735-5705", "tel:+19497355705"),
        ("1-800-662-4357", "tel:+18006624357"),
        ("988", "tel:988"),
        ("911", "tel:911"),
    ],
)
def test_tel_uri_dials_what_is_shown(shown, uri):
    assert tel_uri(shown) == uri


@pytest.mark.parametrize("number", ["949 735 570", "1-800-HELP", "22345678901", ""])
def test_validate_phone_rejects_undiallable_numbers(number):
    with pytest.raises(ValidationError):
        validate_phone(number)


@pytest.mark.parametrize("number", ["(949) 735-5705", "+1 949.735.5705", "988"])
def test_validate_phone_accepts_us_numbers_and_short_codes(number):
    validate_phone(number)


def crisis_links(soup):
    return {link["href"]: link.get_text(" ", strip=True) for link in soup.select("a")}


def test_every_number_on_the_page_comes_from_the_practice_or_the_crisis_lines(
    client, site, demo
):
    settings = SiteSettings.for_site(site)
    settings.phone = "(949) 555-0100"
    settings.save()

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    header_phone = soup.select_one(".site-header a.header-phone")
    assert header_phone["href"] == "tel:+19495550100"
    assert "(949) 555-0100" in header_phone.get_text()
    assert "735-5705" not in soup.get_text()

    strip = soup.select_one("aside.crisis-strip")
    # Each number is readable text in its link (desktops may not dial tel:),
    # and a screen reader's list of links tells calling from texting.
    assert crisis_links(strip) == {
        "tel:988": "Call 988",
        "sms:988": "text 988",
        "tel:911": "911",
    }

    footer_links = crisis_links(soup.select_one("footer .crisis-lines"))
    assert footer_links["tel:+18006624357"] == "Call 1-800-662-4357 (1-800-662-HELP)"
    footer_text = soup.select_one("footer .crisis-lines").get_text(" ", strip=True)
    assert "SAMHSA National Helpline" in footer_text
    assert "not a crisis line" in footer_text


def test_settings_form_keeps_input_and_explains_a_bad_phone(admin_client, site):
    url = f"/admin/settings/pages/sitesettings/{site.pk}/"
    form = {
        "practice_name": "Manifest Behavioral Health",
        "phone": "call us maybe",
        "city": "Laguna Hills",
        "region": "CA",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_phone")["value"] == "call us maybe"
    assert "Use only digits" in soup.get_text()
    assert SiteSettings.for_site(site).phone == ""

    # A new number is saved once confirmed (test_practice_phone.py).
    form["phone"] = "(949) 735-5705"
    form.update(confirm_new_phone="on", confirmed_phone="(949) 735-5705")
    response = admin_client.post(url, form)
    assert response.status_code == 302
    assert SiteSettings.for_site(site).phone == "(949) 735-5705"
