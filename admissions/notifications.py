"""The email that tells the Admissions group an inquiry arrived.

It says when, and links to the inquiry in the admin, where reading it needs a
login and is recorded. It never carries what the visitor wrote: email passes
through servers and mailboxes the practice does not control.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

logger = logging.getLogger(__name__)

# The group the data migration creates (migrations/0002_admissions_group.py).
ADMISSIONS_GROUP = "Admissions"

# Wagtail names the admin views of the Enquiry viewset (wagtail_hooks.py)
# after it: "enquiries:index", "enquiries:inspect" and so on.
ADMIN_URL_NAMESPACE = "enquiries"


def admissions_addresses():
    """The email addresses of the active members of the Admissions group."""
    return list(
        get_user_model()
        .objects.filter(groups__name=ADMISSIONS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def admin_url(enquiry):
    """The absolute address of the inquiry in the admin."""
    path = reverse(f"{ADMIN_URL_NAMESPACE}:inspect", args=[enquiry.pk])
    return settings.WAGTAILADMIN_BASE_URL + path


def notify_admissions(enquiry):
    """Email each member of the Admissions group (one message each, so no
    one sees the others' addresses). A failure to send is logged without
    details that could hold an address, and never raised: the inquiry is
    already stored, and the visitor still gets the thank-you page."""
    addresses = admissions_addresses()
    if not addresses:
        logger.warning(
            "Inquiry %s arrived, but no active Admissions user has an email "
            "address to tell",
            enquiry.pk,
        )
        return
    subject = f"New website inquiry #{enquiry.pk}"
    body = (
        f"A new inquiry arrived through the website: {enquiry}.\n\n"
        "Read it in the admin (you will need to sign in):\n"
        f"{admin_url(enquiry)}\n\n"
        "For the sender's privacy, this email does not include what they "
        "wrote.\n"
    )
    messages = [(subject, body, None, [address]) for address in addresses]
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception as exc:  # any failure of any mail backend
        # The class name only: an SMTP error's message can quote addresses.
        logger.error(
            "Notification for inquiry %s failed: %s",
            enquiry.pk,
            exc.__class__.__name__,
        )
