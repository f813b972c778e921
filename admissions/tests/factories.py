"""Factories for the admissions tests (factory_boy and wagtail-factories):
inquiries, and the inquiry page with the demo content's words."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from admissions.models import Enquiry, EnquiryPage


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


class EnquiryPageFactory(wagtail_factories.PageFactory):
    """The inquiry page under `parent`, with the words the demo content gives
    it (demo/content/pages/04-enquire.md), which tests look for. Published;
    an existing page with its slug is returned as it is."""

    title = "Contact admissions"
    slug = "enquire"
    show_in_menus = False
    intro = (
        "<p>Tell us a little about what you are looking for, and our "
        "admissions team will get back to you. Give us your insurance details "
        "too, and we will verify your benefits before you enroll, free and "
        "confidentially, so you know what your plan covers.</p>"
        "<p><b>This form is not for emergencies.</b> If you are in crisis, call "
        "or text 988; if you are in immediate danger, call 911.</p>"
    )
    consent_text = (
        "I agree that Manifest Behavioral Health may store these details and "
        "contact me about treatment and my insurance benefits."
    )
    thanks_text = (
        "<p>A member of our admissions team will call or email you, using the "
        "details you gave us. If you asked us not to leave a voicemail, we will "
        "not.</p>"
        "<p>If you gave us your insurance details, we check your benefits "
        "first, so that we can tell you what your plan covers when we talk.</p>"
    )

    class Meta:
        model = EnquiryPage
        django_get_or_create = ("slug", "parent")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        if page.latest_revision_id is None:
            page.save_revision(log_action=True).publish()
        return page
