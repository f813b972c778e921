"""`delete_expired_enquiries`: only inquiries past the retention period and
not kept go, the period comes from the default site's settings, and nothing
personal is printed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from admissions.models import ENQUIRY_EXPIRED, AdmissionsSettings, Enquiry
from admissions.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 28, 3, 0, tzinfo=datetime.UTC)


def days_ago(days, **extra):
    return NOW - datetime.timedelta(days=days, **extra)


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def enquiries(enquiry_page, frozen_now):
    """Inquiries either side of 90 days, kept and not."""
    make = EnquiryFactory
    return {
        "expired": make(page=enquiry_page, received_at=days_ago(90, seconds=1)),
        "long-expired": make(page=enquiry_page, received_at=days_ago(400)),
        "expired-but-kept": make(
            page=enquiry_page, received_at=days_ago(200), kept=True
        ),
        "just-in-time": make(page=enquiry_page, received_at=days_ago(90)),
        "recent": make(page=enquiry_page, received_at=days_ago(3)),
    }


def delete_expired(*args):
    out = io.StringIO()
    call_command("delete_expired_enquiries", *args, stdout=out)
    return out.getvalue()


def remaining(enquiries):
    pks = set(Enquiry.objects.values_list("pk", flat=True))
    return sorted(name for name, enquiry in enquiries.items() if enquiry.pk in pks)


def test_only_expired_enquiries_that_are_not_kept_are_deleted(enquiries):
    output = delete_expired()
    assert (
        output == "Deleted 2 inquiries older than 90 days (1 kept on purpose stay).\n"
    )
    assert remaining(enquiries) == ["expired-but-kept", "just-in-time", "recent"]
    logged = ModelLogEntry.objects.filter(action=ENQUIRY_EXPIRED)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        str(enquiries[name].pk) for name in ("expired", "long-expired")
    )
    # A second run finds nothing more.
    assert delete_expired().startswith("Deleted 0 inquiries")


def test_the_period_is_the_default_sites_setting(enquiries, site):
    settings = AdmissionsSettings.for_site(site)
    settings.enquiry_retention_days = 2
    settings.save()
    delete_expired()
    assert remaining(enquiries) == ["expired-but-kept"]


def test_a_dry_run_deletes_nothing(enquiries):
    assert delete_expired("--dry-run") == (
        "Would delete 2 inquiries older than 90 days (1 kept on purpose stay).\n"
    )
    assert len(remaining(enquiries)) == 5
    assert not ModelLogEntry.objects.filter(action=ENQUIRY_EXPIRED).exists()


def test_nothing_personal_is_printed_or_logged(enquiries, caplog):
    output = delete_expired()
    entries = " ".join(
        ModelLogEntry.objects.filter(action=ENQUIRY_EXPIRED).values_list(
            "label", flat=True
        )
    )
    for text in (output, caplog.text, entries):
        for value in ("Jordan", "Rivera", "555-0142", "example.org", "XEH123"):
            assert value not in text


def test_client_keys_are_kept_only_while_the_rate_limit_counts_them(
    enquiry_page, frozen_now, settings
):
    settings.ENQUIRY_RATE_LIMIT = "5/d"
    counted = EnquiryFactory(
        page=enquiry_page, received_at=days_ago(0, hours=23), client_key="a" * 32
    )
    past = EnquiryFactory(
        page=enquiry_page, received_at=days_ago(1, seconds=1), client_key="b" * 32
    )
    delete_expired("--dry-run")
    assert Enquiry.objects.get(pk=past.pk).client_key == "b" * 32
    delete_expired()
    assert Enquiry.objects.get(pk=counted.pk).client_key == "a" * 32
    assert Enquiry.objects.get(pk=past.pk).client_key == ""
