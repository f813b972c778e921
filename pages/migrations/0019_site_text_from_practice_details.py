"""Carry what every page shows from each site's practice details into its
crisis lines and notices, as it is live now: the availability note, the
crisis lines and the contact button's text (the admissions contact page's
title, which every call to action used to show).

A crisis line that still has its national number becomes that national
line (chosen, no longer typed); one changed to another number is kept as a
local line with its name and number, for the Medical Director to see on the
next review (the form then asks for the national line back).
"""

import re
import uuid

from django.db import migrations

DEFAULT_CONTACT_LABEL = "Contact admissions"
SAMHSA_HELPLINE_DIGITS = "8006624357"
# The words the pages used for the emergency number, which had no name.
EMERGENCY_NAME = "Immediate danger"


def digits(number):
    """The number's digits, without a leading US country code."""
    found = re.sub(r"\D", "", number or "")
    return found[1:] if len(found) == 11 and found.startswith("1") else found


def national(key):
    return {"type": "national", "value": key, "id": str(uuid.uuid4())}


def local(name, number, note=""):
    value = {"name": name, "number": number, "note": note}
    return {"type": "other", "value": value, "id": str(uuid.uuid4())}


def crisis_lines(old):
    """The stream of crisis lines the old fields describe, in their order."""
    return [
        national("988")
        if digits(old.crisis_line_number) == "988"
        else local(old.crisis_line_name, old.crisis_line_number),
        national("911")
        if digits(old.emergency_number) == "911"
        else local(EMERGENCY_NAME, old.emergency_number),
        national("samhsa")
        if digits(old.helpline_number) == SAMHSA_HELPLINE_DIGITS
        else local(old.helpline_name, old.helpline_number, old.helpline_note),
    ]


def contact_label(old, max_length):
    title = old.enquiry_page.title if old.enquiry_page_id else ""
    return title if title and len(title) <= max_length else DEFAULT_CONTACT_LABEL


def carry_over(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("pages", "SiteSettings")
    SiteTextSettings = apps.get_model("pages", "SiteTextSettings")
    label_length = SiteTextSettings._meta.get_field("contact_label").max_length
    for site in Site.objects.all():
        old = SiteSettings.objects.filter(site=site).select_related("enquiry_page")
        old = old.first()
        if old is None:
            # Never set: the defaults, as the page templates had them.
            SiteTextSettings.objects.get_or_create(site=site)
            continue
        SiteTextSettings.objects.update_or_create(
            site=site,
            defaults={
                "crisis_lines": crisis_lines(old),
                "availability_note": old.availability_note,
                "contact_label": contact_label(old, label_length),
                "live": True,
                "has_unpublished_changes": False,
            },
        )


def carry_back(apps, schema_editor):
    # The practice details get their availability note back; their crisis
    # line fields come back with the national numbers (their defaults).
    SiteSettings = apps.get_model("pages", "SiteSettings")
    SiteTextSettings = apps.get_model("pages", "SiteTextSettings")
    for text in SiteTextSettings.objects.all():
        SiteSettings.objects.filter(site_id=text.site_id).update(
            availability_note=text.availability_note
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0018_site_text_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]
