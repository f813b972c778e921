"""Factories for enquiries (factory_boy)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from admissions.models import Enquiry


class EnquiryFactory(DjangoModelFactory):
    name = "Jordan Rivera"
    phone = "(949) 555-0142"
    email = "jordan.rivera@example.org"
    voicemail_ok = Enquiry.Voicemail.NO
    insurance_carrier = "Blue Shield of California"
    member_id = "XEH123456789"
    date_of_birth = datetime.date(1985, 3, 27)
    message = "I would like to ask about the evening IOP."
    consent_text = factory.LazyAttribute(
        lambda enquiry: enquiry.page.consent_text if enquiry.page else "I agree."
    )

    class Meta:
        model = Enquiry
