"""Fixtures for the admissions tests: the inquiry page on a site with a
phone number, a valid submission, and staff in each role."""

import logging

import pytest
from django.contrib.auth.models import Group

from admissions.tests.factories import EnquiryPageFactory
from pages.models import SiteSettings

PHONE = "(949) 735-5705"


@pytest.fixture
def enquiry_page(site, home_page):
    settings = SiteSettings.for_site(site)
    settings.practice_name = "Manifest Behavioral Health"
    settings.phone = PHONE
    settings.city, settings.region = "Laguna Hills", "CA"
    settings.save()
    return EnquiryPageFactory(parent=home_page)


# What a visitor fills in: every field, each value distinctive enough to be
# found if it leaked into a log or an email.
VISITOR_ANSWERS = {
    "name": "Jordan Q. Rivera",
    "phone": "(949) 555-0142",
    "email": "jordan.rivera@example.org",
    "voicemail_ok": "no",
    "insurance_carrier": "Blue Shield of California",
    "member_id": "XEH123456789",
    "date_of_birth": "03/27/1985",
    "message": "I would like to ask about the evening IOP schedule.",
    "consent": "on",
}


@pytest.fixture
def valid_data():
    """A valid submission of the form (a copy each test may change)."""
    return dict(VISITOR_ANSWERS)


@pytest.fixture
def staff(django_user_model):
    """make(group) gives a user in that group (email role@example.com)."""

    def make(group, username=None, **fields):
        username = username or group.lower().replace(" ", ".")
        fields.setdefault("email", f"{username}@example.com")
        user = django_user_model.objects.create_user(
            username=username, password="a-long-password", **fields
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def all_logs(caplog):
    """caplog, also catching Django's and Wagtail's loggers (which do not
    pass their records up to the root logger)."""
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(name) for name in ("django", "wagtail")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)
