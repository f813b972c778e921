"""The demo enquiry page, for `load_demo` (demo/management/commands)."""

from admissions.models import EnquiryPage

ENQUIRY_PAGE = {
    "slug": "enquire",
    "title": "Enquire or check your insurance",
    "show_in_menus": False,
    "intro": "<p>Tell us a little about what you are looking for, and our "
    "admissions team will get back to you. Give us your insurance details "
    "too, and we will verify your benefits before you enroll, free and "
    "confidentially, so you know what your plan covers.</p>"
    "<p><b>This form is not for emergencies.</b> If you are in crisis, call "
    "or text 988; if you are in immediate danger, call 911.</p>",
    "consent_text": "I agree that Manifest Behavioral Health may store these "
    "details and contact me about treatment and my insurance benefits.",
    "thanks_text": "<p>A member of our admissions team will call or email you, "
    "using the details you gave us. If you asked us not to leave a voicemail, "
    "we will not.</p>"
    "<p>If you gave us your insurance details, we check your benefits first, "
    "so that we can tell you what your plan covers when we talk.</p>",
}


def load_enquiry_page(home):
    """The enquiry page under `home`, created and published if missing (a
    page with its slug, edited or not, is left alone)."""
    existing = home.get_children().filter(slug=ENQUIRY_PAGE["slug"]).first()
    if existing is not None:
        return existing.specific
    page = EnquiryPage(**ENQUIRY_PAGE)
    home.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    return page
